import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PARAM_KEYS, SCHEMA } from '../../src/config/schema';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The URL-parameter table's rows as cells: [`name`, accepts, default, meaning]. */
const paramRows = readme
  .split('\n')
  .map((l) => l.split('|').map((c) => c.trim()))
  .filter((cells) => /^`[a-zA-Z]+`$/.test(cells[1] ?? ''))
  .map((cells) => cells.slice(1, -1));

describe('the README', () => {
  it('documents every URL parameter of the schema, with its default', () => {
    for (const key of PARAM_KEYS) {
      const row = paramRows.find((cells) => cells[0] === `\`${key}\``);
      expect(row, `README row for ${key}`).toBeDefined();
      expect(row![2]).toBe(String(SCHEMA[key].default));
    }
  });

  it('names no parameter the schema does not know', () => {
    for (const [name] of paramRows) {
      expect(PARAM_KEYS as string[]).toContain(name!.slice(1, -1));
    }
  });
});
