/**
 * `?xr=emulate`: install IWER's Meta Quest 3 in place of the browser's WebXR, so a desktop can
 * walk the VR path. Loaded on demand (a dynamic import), and before anything asks navigator.xr
 * whether VR is supported.
 */
export async function installEmulator(): Promise<void> {
  const { XRDevice, metaQuest3 } = await import('iwer');
  const device = new XRDevice(metaQuest3);
  device.installRuntime({ forceInstall: true });
  // Scripts and tests drive the emulated controllers through this handle.
  (globalThis as unknown as { __iwerDevice: unknown }).__iwerDevice = device;
}
