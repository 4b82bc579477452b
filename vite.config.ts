/// <reference types="vitest/config" />
import basicSsl from '@vitejs/plugin-basic-ssl';
import { defineConfig } from 'vite';

// `npm run dev:headset` (mode "headset") serves over HTTPS on the local network: WebXR only
// exists in a secure context, and a headset reaches the dev machine by its LAN address.
export default defineConfig(({ mode }) => ({
  plugins: mode === 'headset' ? [basicSsl({ name: 'weightroom' })] : [],
  server: { host: mode === 'headset' ? true : undefined },
  preview: { host: mode === 'headset' ? true : undefined },
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
  },
}));
