/** Builds the app into the benchmark's own folder and serves it with `vite preview`. */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface Server {
  readonly url: string;
  stop(): void;
}

function run(root: string, args: readonly string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${args.join(' ')}: exit ${code}`)),
    );
  });
}

const vite = (root: string) => join(root, 'node_modules', 'vite', 'bin', 'vite.js');

/** Builds into `outDir`; returns the seconds it took. */
export async function build(root: string, outDir: string): Promise<number> {
  if (!existsSync(join(root, 'public', 'data', 'mnist.bin'))) {
    await run(root, [join(root, 'scripts', 'build-mnist.mjs')], {});
  }
  const t0 = Date.now();
  await run(root, [vite(root), 'build', '--logLevel', 'warn'], { WEIGHTROOM_OUT_DIR: outDir });
  return (Date.now() - t0) / 1000;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Serves `outDir` on 127.0.0.1:`port` until stop(); waits until it answers (30 s at most). */
export async function serve(root: string, outDir: string, port: number): Promise<Server> {
  const args = [vite(root), 'preview', '--outDir', outDir, '--port', String(port)];
  const child: ChildProcess = spawn(
    process.execPath,
    [...args, '--strictPort', '--host', '127.0.0.1'],
    {
      cwd: root,
      env: { ...process.env, WEIGHTROOM_OUT_DIR: outDir },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`vite preview exited: ${stderr.trim()}`);
    try {
      const r = await fetch(url);
      if (r.ok) return { url, stop: () => void child.kill('SIGTERM') };
    } catch {
      // not up yet
    }
    await sleep(250);
  }
  child.kill('SIGTERM');
  throw new Error(`vite preview did not answer on ${url} within 30 s: ${stderr.trim()}`);
}
