/**
 * Just enough of a source map (v3) reader to name the heavy frames' functions (heavyFrames.ts):
 * a minified chunk's 0-based line and column to the source file, its 1-based line, and the
 * original name at that spot, when the map gives one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FunctionCost } from './heavyFrames';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** The numbers of one mapping segment (base64 VLQ: 5 bits a digit, sign in the lowest bit). */
export function decodeVlq(segment: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const c of segment) {
    const d = DIGIT.get(c);
    if (d === undefined) throw new Error(`not a base64 VLQ digit: ${c}`);
    value += (d & 31) << shift;
    if (d & 32) {
      shift += 5;
      continue;
    }
    out.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return out;
}

/** Per generated line, segments [column, source, line, sourceColumn, name?] (absolute). */
type Segment = readonly number[];

export interface SourceMap {
  readonly sources: readonly string[];
  readonly names: readonly string[];
  readonly lines: readonly (readonly Segment[])[];
}

/** Decodes a map's `mappings` (fields are deltas, all but the column across lines). */
export function parseSourceMap(raw: {
  sources?: string[];
  names?: string[];
  mappings?: string;
}): SourceMap {
  const lines: Segment[][] = [];
  let source = 0;
  let line = 0;
  let column = 0;
  let name = 0;
  for (const text of (raw.mappings ?? '').split(';')) {
    const segs: Segment[] = [];
    let gen = 0;
    for (const s of text.split(',')) {
      if (s === '') continue;
      const v = decodeVlq(s);
      gen += v[0] ?? 0;
      if (v.length < 4) {
        segs.push([gen]);
        continue;
      }
      source += v[1]!;
      line += v[2]!;
      column += v[3]!;
      if (v.length >= 5) {
        name += v[4]!;
        segs.push([gen, source, line, column, name]);
      } else segs.push([gen, source, line, column]);
    }
    lines.push(segs);
  }
  return { sources: raw.sources ?? [], names: raw.names ?? [], lines };
}

/** `path:line name` for a 0-based generated line and column, or null where nothing maps. */
export function originalAt(map: SourceMap, line: number, column: number): string | null {
  const segs = map.lines[line];
  if (!segs) return null;
  let hit: Segment | undefined;
  for (const s of segs) {
    if (s[0]! > column) break;
    hit = s;
  }
  if (!hit || hit.length < 4) return null;
  // Sources come as ../../node_modules/x or ../../src/y from the build folder: keep from there on.
  const path = (map.sources[hit[1]!] ?? '?').replace(/^(\.\.\/)+/, '');
  const name = hit.length >= 5 ? ` ${map.names[hit[4]!] ?? ''}` : '';
  return `${path}:${hit[2]! + 1}${name}`;
}

/** Fills `source` in each cost whose chunk has a map in `assetsDir`. */
export function resolveLocations(costs: readonly FunctionCost[], assetsDir: string): void {
  const maps = new Map<string, SourceMap | null>();
  for (const c of costs) {
    if (c.file === '' || c.line < 0) continue;
    let map = maps.get(c.file);
    if (map === undefined) {
      const path = join(assetsDir, `${c.file}.map`);
      map = existsSync(path) ? parseSourceMap(JSON.parse(readFileSync(path, 'utf8'))) : null;
      maps.set(c.file, map);
    }
    const at = map ? originalAt(map, c.line, c.column) : null;
    if (at) c.source = at;
  }
}
