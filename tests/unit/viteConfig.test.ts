import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { resolve } from 'node:path';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_CSP } from '../../security-headers';

/**
 * Starts the real dev server in `headset` mode (HTTPS with @vitejs/plugin-basic-ssl, as
 * `npm run dev:headset` runs it, but bound to 127.0.0.1 here) and asks it for files it must never
 * serve to the local network.
 */
const PORT = Number(process.env.WEIGHTROOM_DEV_PORT ?? process.env.WEIGHTROOM_TEST_PORT ?? 4182);
const ROOT = resolve(import.meta.dirname, '../..');
const CERT = resolve(ROOT, 'node_modules/.vite/basic-ssl/_cert.pem');
const ENV_FILE = resolve(ROOT, '.env');
const ENV_MARKER = `WEIGHTROOM_TEST_SECRET=${Math.random().toString(36).slice(2)}`;

interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

function get(path: string): Promise<Reply> {
  return new Promise((done, fail) => {
    // The certificate is self-signed: this test trusts it as the headset's user would.
    const req = request(
      { host: '127.0.0.1', port: PORT, path, rejectUnauthorized: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => done({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', fail);
    req.end();
  });
}

let server: ViteDevServer;
let index = '';
let wroteEnv = false;

describe('the dev server on the local network (npm run dev:headset)', () => {
  beforeAll(async () => {
    // A .env with a secret in it, unless the developer has one (which must not leak either).
    if (!existsSync(ENV_FILE)) {
      writeFileSync(ENV_FILE, `${ENV_MARKER}\n`);
      wroteEnv = true;
    }
    server = await createServer({
      root: ROOT,
      mode: 'headset',
      logLevel: 'silent',
      server: { port: PORT, strictPort: true, host: '127.0.0.1' },
      optimizeDeps: { noDiscovery: true, include: [] },
    });
    await server.listen();
    index = (await get('/')).body;
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    if (wroteEnv) rmSync(ENV_FILE, { force: true });
  });

  /** Refused: an error status, or the app's own page (the SPA fallback), never the file. */
  function expectRefused(r: Reply, secret: string) {
    expect(r.body).not.toContain(secret);
    if (r.status === 200) expect(r.body).toBe(index);
    else expect(r.status).toBeGreaterThanOrEqual(400);
  }

  it('serves the app with its content policy and cross-origin isolation', async () => {
    const r = await get('/');
    expect(r.status).toBe(200);
    expect(r.body).toContain('<div id="app">');
    expect(r.headers['content-security-policy']).toMatch(
      /^default-src 'self'; script-src 'self' 'wasm-unsafe-eval' blob:;/,
    );
    expect(r.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(r.headers['cross-origin-embedder-policy']).toBe('require-corp');
    // The page's meta tag and the header carry the same policy.
    expect(r.body).toContain(APP_CSP);
    expect((await get('/src/main.ts')).status).toBe(200);
    expect((await get('/scripts/mnist-format.mjs')).status).toBe(200);
  });

  it('refuses /.env', async () => {
    const secret = readFileSync(ENV_FILE, 'utf8').trim();
    expectRefused(await get('/.env'), secret);
    expectRefused(await get('/.env?raw'), secret);
    expectRefused(await get(`/@fs${ENV_FILE}`), secret);
  });

  it('refuses /@fs/etc/passwd', async () => {
    expectRefused(await get('/@fs/etc/passwd'), 'root:');
    expectRefused(await get('/@fs/etc/passwd?raw'), 'root:');
  });

  it('refuses the TLS certificate and private key of @vitejs/plugin-basic-ssl', async () => {
    const pem = readFileSync(CERT, 'utf8');
    expect(pem).toContain('PRIVATE KEY');
    for (const path of [
      '/node_modules/.vite/basic-ssl/_cert.pem',
      '/node_modules/.vite/basic-ssl/_cert.pem?raw',
      `/@fs${CERT}`,
    ]) {
      expectRefused(await get(path), 'PRIVATE KEY');
    }
  });

  it('refuses /.git/config', async () => {
    for (const path of ['/.git/config', '/.git', '/.git/HEAD']) {
      const r = await get(path);
      expectRefused(r, '[core]');
      expect(r.body).not.toMatch(/^gitdir:|^ref: /);
    }
  });

  it('serves nothing of the repository outside what the app needs', async () => {
    for (const path of [
      '/package.json',
      '/README.md',
      '/vite.config.ts',
      '/tests/unit/viteConfig.test.ts',
    ]) {
      expect((await get(path)).status, path).toBe(403);
    }
  });
});
