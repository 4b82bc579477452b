// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'dist-*/',
      'node_modules/',
      'public/data/',
      'test-results/',
      'playwright-report/',
      'bench-results/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.worker, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error', 'info'] }],
    },
  },
  {
    // The hard rule of the design: nothing that draws ever touches tfjs, and the render thread
    // never blocks on the GPU queue.
    files: [
      'src/scene/**',
      'src/xr/**',
      'src/hud/**',
      'src/telemetry/**',
      'src/main.ts',
      'src/status.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@tensorflow/*'],
              message:
                'The render thread never imports tfjs: it receives plain snapshots from the trainer worker.',
            },
            {
              group: ['**/train/*', '../train/*', './train/*'],
              message: 'Render-side code talks to the trainer only through src/protocol.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='dataSync']",
          message: 'dataSync() blocks until the GPU queue drains; use await data().',
        },
        {
          selector: "CallExpression[callee.property.name='arraySync']",
          message: 'arraySync() blocks until the GPU queue drains; use await array().',
        },
      ],
    },
  },
);
