// Copies the controller models the app shows in a headset out of the npm package
// `@webxr-input-profiles/assets` (all profiles: ~94 MB) into public/xr-profiles/, served from
// the app's own origin (three's XRControllerModelFactory would otherwise fetch them from a CDN).
// Only Meta Quest controllers and the factory's generic fallback are copied, with a
// profilesList.json that lists only those, so an unknown controller falls back to the generic
// model instead of asking for a file that is not there. Runs with the MNIST build on dev, build
// and test; skips work when the copy is up to date.
import { createRequire } from 'node:module';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Quest Touch Plus (Quest 3/3S), Touch Pro, Touch v3 (Quest 2), and three's DEFAULT_PROFILE. */
export const PROFILES = [
  'meta-quest-touch-plus',
  'meta-quest-touch-pro',
  'oculus-touch-v3',
  'generic-trigger',
];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'public', 'xr-profiles');
const require = createRequire(import.meta.url);

let src;
try {
  src = join(
    dirname(require.resolve('@webxr-input-profiles/assets/package.json')),
    'dist',
    'profiles',
  );
} catch {
  console.error(
    'copy-controller-profiles: the npm package "@webxr-input-profiles/assets" is not installed; run npm ci first.',
  );
  process.exit(1);
}

const stamp = join(out, '.copied-from');
const version = JSON.parse(readFileSync(join(src, '..', '..', 'package.json'), 'utf8')).version;
const wanted = `${version} ${PROFILES.join(',')}`;
if (
  existsSync(stamp) &&
  readFileSync(stamp, 'utf8') === wanted &&
  statSync(stamp).mtimeMs >= statSync(fileURLToPath(import.meta.url)).mtimeMs &&
  process.argv[2] !== '--force'
) {
  process.exit(0);
}

rmSync(out, { recursive: true, force: true });
const all = JSON.parse(readFileSync(join(src, 'profilesList.json'), 'utf8'));
const list = {};
let bytes = 0;
for (const id of PROFILES) {
  if (!all[id]) {
    console.error(`copy-controller-profiles: profile ${id} is not in the package`);
    process.exit(1);
  }
  list[id] = all[id];
  mkdirSync(join(out, id), { recursive: true });
  for (const f of readdirSync(join(src, id))) {
    copyFileSync(join(src, id, f), join(out, id, f));
    bytes += statSync(join(out, id, f)).size;
  }
}
const listJson = JSON.stringify(list);
writeFileSync(join(out, 'profilesList.json'), listJson);
bytes += listJson.length;
writeFileSync(stamp, wanted);
console.info(
  `copy-controller-profiles: ${PROFILES.length} profiles, ${(bytes / 1e6).toFixed(2)} MB -> public/xr-profiles/`,
);
