/**
 * The Chromium flags the browser tests and the benchmark share, in one list.
 *
 * SOFTWARE_GL: WebGL 2 on SwiftShader through ANGLE. With IWER's `--use-gl=swiftshader` tfjs's
 * WebGL backend fails to start; `--enable-unsafe-swiftshader` keeps WebGL on the CPU allowed.
 * QUIET: no network, no background work that would share the 2 cores with what is measured.
 */
export const SOFTWARE_GL_FLAGS: readonly string[] = [
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
];

export const QUIET_FLAGS: readonly string[] = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-features=Translate,MediaRouter,OptimizationHints',
];

/** Headless Chromium on a machine without a GPU: what the tests and the default benchmark run. */
export const CHROMIUM_ARGS: readonly string[] = [...SOFTWARE_GL_FLAGS, ...QUIET_FLAGS];
