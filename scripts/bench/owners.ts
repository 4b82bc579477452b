/**
 * Whose code each script of the build is, from its source map: the emulator's (IWER, which
 * `?xr=emulate` installs, and its devui with React and its own three) or the app's. Vite puts
 * the emulator in chunks of its own (dynamic imports), so a chunk is the emulator's when its
 * sources include IWER's packages and none of the app's own `src/`. The CPU profile's samples
 * are then charged by script URL (profile.ts).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Owner, OwnerOf } from './profile';

/** Packages that only the emulator brings into the page. */
const EMULATOR_PACKAGE = /node_modules\/(iwer|@iwer\/[^/]+)\//;
const APP_SOURCE = /(^|\/)src\//;

/** The owner of one chunk, from its source map's `sources`. */
export function chunkOwner(sources: readonly string[]): Owner {
  const emulator = sources.some((s) => EMULATOR_PACKAGE.test(s));
  const app = sources.some((s) => !s.includes('node_modules/') && APP_SOURCE.test(s));
  return emulator && !app ? 'emulator' : 'app';
}

/** The emulator's chunk file names in `buildDir/assets` (read once, after the build). */
export function emulatorChunks(buildDir: string): Set<string> {
  const assets = join(buildDir, 'assets');
  const out = new Set<string>();
  if (!existsSync(assets)) return out;
  for (const f of readdirSync(assets)) {
    if (!f.endsWith('.js.map')) continue;
    const map = JSON.parse(readFileSync(join(assets, f), 'utf8')) as { sources?: string[] };
    if (chunkOwner(map.sources ?? []) === 'emulator') out.add(f.slice(0, -'.map'.length));
  }
  return out;
}

/** An OwnerOf for the profile: a script URL whose file is one of `chunks` is the emulator's. */
export function ownerByChunk(chunks: ReadonlySet<string>): OwnerOf {
  return (url) => {
    const file = url.slice(url.lastIndexOf('/') + 1).split(/[?#]/)[0] ?? '';
    return chunks.has(file) ? 'emulator' : 'app';
  };
}
