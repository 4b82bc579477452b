// @ts-check
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Markup built from strings and code built from strings: the app builds DOM node by node. */
const NO_STRING_MARKUP = [
  {
    selector: 'MemberExpression[property.name=/^(innerHTML|outerHTML)$/]',
    message: 'No markup from strings: build DOM with createElement and textContent.',
  },
  {
    selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
    message: 'No markup from strings: build DOM with createElement and insertAdjacentElement.',
  },
  {
    selector:
      "CallExpression[callee.object.name='document'][callee.property.name=/^(write|writeln)$/]",
    message: 'document.write replaces the page with a string of markup.',
  },
  {
    selector: "NewExpression[callee.name='Function']",
    message: 'new Function compiles a string into code (and the CSP forbids it).',
  },
];

export default defineConfig(
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
  tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.worker, ...globals.node },
      // Type-aware rules: each file is checked against the TypeScript project that includes it
      // (tsconfig.app.json, tsconfig.worker.json or tsconfig.node.json).
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
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
      'src/app/**',
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
      'no-eval': 'error',
      'no-implied-eval': 'off',
      '@typescript-eslint/no-implied-eval': 'error',
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
        ...NO_STRING_MARKUP,
      ],
    },
  },
);
