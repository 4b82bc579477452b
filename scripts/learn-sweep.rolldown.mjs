// Bundles scripts/learn-sweep.ts for Node (tfjs stays external, loaded from node_modules):
//   npx rolldown -c scripts/learn-sweep.rolldown.mjs && node node_modules/.cache/learn-sweep.mjs seed=42 ...
export default {
  input: 'scripts/learn-sweep.ts',
  platform: 'node',
  external: [/^@tensorflow\//],
  output: { file: 'node_modules/.cache/learn-sweep.mjs', format: 'esm' },
};
