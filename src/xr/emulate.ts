/**
 * `?xr=emulate`: install IWER's Meta Quest 3 in place of the browser's WebXR, so a desktop can
 * walk the VR and mixed reality paths, with IWER's developer UI (@iwer/devui) to move the
 * emulated head, controllers and hands with mouse and keyboard. Both are loaded on demand
 * (dynamic imports: their own chunks, with devui's React and its own copy of three, never in the
 * main bundle), and before anything asks navigator.xr whether VR is supported.
 */
export async function installEmulator(): Promise<void> {
  const [{ XRDevice, metaQuest3 }, { DevUI }] = await Promise.all([
    import('iwer'),
    import('@iwer/devui'),
  ]);
  const device = new XRDevice(metaQuest3);
  device.installRuntime({ forceInstall: true });
  device.installDevUI(DevUI);
  // Scripts and tests drive the emulated controllers through this handle.
  (globalThis as unknown as { __iwerDevice: unknown }).__iwerDevice = device;
}
