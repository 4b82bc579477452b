import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APP_CSP, DEV_HEADERS, PREVIEW_HEADERS } from '../../security-headers';

const html = readFileSync(new URL('../../index.html', import.meta.url), 'utf8');

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((d) => {
      const [name, ...sources] = d.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

describe('the content security policy', () => {
  it('is the meta tag of index.html, so static hosting gets it too', () => {
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html);
    expect(meta?.[1]).toBe(APP_CSP);
    expect(PREVIEW_HEADERS['Content-Security-Policy']).toContain(APP_CSP);
  });

  it('allows scripts from the app alone (and its blob: URLs): no eval, no inline script, no remote origin', () => {
    for (const csp of [APP_CSP, DEV_HEADERS['Content-Security-Policy']!]) {
      const d = directives(csp);
      expect(d.get('default-src')).toEqual(["'self'"]);
      expect(d.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'", 'blob:']);
      expect(d.get('worker-src')).toEqual(["'self'", 'blob:']);
      expect(d.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
      expect(csp).not.toMatch(/https?:|\*|'unsafe-eval'/);
    }
    // Styles may be inline (the emulator's developer UI needs it); scripts never are.
    expect(directives(APP_CSP).get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  });
});
