/// <reference types="vitest/config" />
import { availableParallelism } from 'node:os';
import basicSsl from '@vitejs/plugin-basic-ssl';
import { defineConfig } from 'vite';
import { DEV_HEADERS, PREVIEW_HEADERS } from './security-headers.ts';
import { LongRunsFirst } from './tests/unit/longRunsFirst.ts';

/**
 * What the dev server may read from disk. `npm run dev:headset` listens on the local network, so
 * it serves the app and nothing else: the sources, the MNIST format module they import, and the
 * dependencies in node_modules (Vite's client, pre-bundled deps, the WASM binaries). Not the repo's
 * root files, tests, scripts or .git. Vite's own deny list is kept and extended with the TLS
 * certificate and key @vitejs/plugin-basic-ssl writes (node_modules/.vite/basic-ssl/_cert.pem).
 */
const FS_ALLOW = ['src', 'scripts/mnist-format.mjs', 'node_modules'];
const FS_DENY = [
  '.env',
  '.env.*',
  '*.{crt,pem,key,p12,pfx,cer,der}',
  '.npmrc',
  '.yarnrc.yml',
  '**/.git/**',
  '**/basic-ssl/**',
];

// `npm run dev:headset` (mode "headset") serves over HTTPS on the local network: WebXR only
// exists in a secure context, and a headset reaches the dev machine by its LAN address.
export default defineConfig(({ mode }) => ({
  plugins: mode === 'headset' ? [basicSsl({ name: 'weightroom' })] : [],
  server: {
    host: mode === 'headset' ? true : undefined,
    headers: DEV_HEADERS,
    fs: { strict: true, allow: FS_ALLOW, deny: FS_DENY },
  },
  preview: { host: mode === 'headset' ? true : undefined, headers: PREVIEW_HEADERS },
  worker: {
    format: 'es',
    // tfjs's threaded WASM build starts its threads from the source text of its own factory
    // function; compressing it drops a `typeof _scriptDir` guard and the threads fail with a
    // ReferenceError. Mangled but not compressed, the worker bundle keeps the guard.
    rolldownOptions: { output: { minify: { compress: false, mangle: true } } },
  },
  // The dev server would otherwise discover tfjs the first time the worker imports it, re-optimise
  // and reload the page mid-session (a test sees "Execution context was destroyed").
  optimizeDeps: {
    include: [
      '@tensorflow/tfjs',
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-layers',
      '@tensorflow/tfjs-backend-webgl',
      '@tensorflow/tfjs-backend-wasm',
      'three',
      'three/addons/controls/OrbitControls.js',
      'iwer',
    ],
  },
  build: {
    // Tests and the benchmark may build into their own folder so parallel runs do not collide.
    outDir: process.env.WEIGHTROOM_OUT_DIR ?? 'dist',
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 4096,
  },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // A file's tests run on one core (tfjs's WASM backend in Node has no threads), and Vitest's
    // default for `run` is one worker per core but one: on a 2-core CI machine, one worker and
    // an idle core. Every core takes files; the long training runs start first.
    maxWorkers: availableParallelism(),
    sequence: { sequencer: LongRunsFirst },
  },
}));
