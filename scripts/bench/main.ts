/**
 * `npm run bench`: how much training the app gets and what the frames pay for it, per objective
 * and per backend. Builds the app, serves it, drives Chromium through the scenarios
 * (scenarios.ts), prints a table and the ratios (report.ts), and writes the whole result to
 * bench-results/bench-<date>.json. Headless without --browser runs on SwiftShader: the figures
 * then describe a software GPU, and the JSON says which renderer drew.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, QUIET_FLAGS } from '../chromiumFlags';
import { USAGE, parseBenchArgs, type BenchOptions } from './args';
import { measureScenario, type ScenarioResult } from './measure';
import { emulatorChunks, ownerByChunk } from './owners';
import type { OwnerOf } from './profile';
import { heavyTable, summary, table } from './report';
import { scenarioNamed } from './scenarios';
import { resolveLocations } from './sourceMap';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT_DIR = join(ROOT, 'bench-results');
// Inside bench-results/ so that git, eslint and prettier all ignore the build.
const BUILD_DIR = join(OUT_DIR, 'dist-bench');

function launchOptions(o: BenchOptions) {
  const executablePath =
    o.browser ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  // An explicit browser or a headed window is a real GPU: no SwiftShader flags.
  const software = !o.headed && o.browser === null;
  return {
    executablePath,
    headless: !o.headed,
    args: [...(software ? CHROMIUM_ARGS : QUIET_FLAGS)],
    label:
      `${executablePath ?? "Playwright's Chromium"} (${o.headed ? 'headed' : 'headless'})` +
      (software ? ' + SwiftShader' : ''),
  };
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  let o: BenchOptions;
  try {
    o = parseBenchArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (o.help) {
    console.info(USAGE);
    return;
  }
  const log = (m: string) => console.info(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}`);
  const began = Date.now();
  // The commit the build is made from (taken now: the tree may move while the scenarios run).
  const commit = gitCommit();
  let stop: (() => void) | null = null;
  process.on('SIGINT', () => {
    stop?.();
    process.exit(130);
  });
  const launch = launchOptions(o);
  const browser = await (async () => {
    let baseUrl = o.url;
    let buildSeconds: number | null = null;
    let owner: OwnerOf | undefined;
    if (!baseUrl) {
      if (o.build) {
        log(`building into ${BUILD_DIR}`);
        const { build } = await import('./server');
        buildSeconds = await build(ROOT, BUILD_DIR);
      } else if (!existsSync(join(BUILD_DIR, 'index.html'))) {
        throw new Error(`--no-build: no build in ${BUILD_DIR}; run once without it`);
      }
      const { serve } = await import('./server');
      const server = await serve(ROOT, BUILD_DIR, o.port);
      stop = () => server.stop();
      baseUrl = server.url;
      log(`serving ${baseUrl}`);
      // The profile charges the XR emulator's scripts apart from the app's (owners.ts).
      const chunks = emulatorChunks(BUILD_DIR);
      owner = ownerByChunk(chunks);
      log(`the emulator's scripts: ${[...chunks].join(', ') || 'none found'}`);
    }
    log(`launching ${launch.label}`);
    const b = await chromium.launch({
      executablePath: launch.executablePath,
      headless: launch.headless,
      args: launch.args,
    });
    return { b, baseUrl, buildSeconds, owner };
  })();
  try {
    const results: ScenarioResult[] = [];
    for (const name of o.scenarios) {
      const sc = scenarioNamed(name)!;
      const r = await measureScenario(browser.b, browser.baseUrl, sc, o, log, browser.owner);
      log(
        r.error
          ? `${name} FAILED: ${r.error}`
          : `${name}: ${r.seconds.toFixed(1)} s measured after ${r.warmupSeconds.toFixed(0)} s warm-up` +
              (r.pageErrors.length ? `; page errors: ${r.pageErrors.slice(0, 3).join(' | ')}` : ''),
      );
      // The heavy frames' functions, named in the sources (the build's own maps).
      if (r.heavyFrames && !o.url) {
        resolveLocations(r.heavyFrames.bySelf, join(BUILD_DIR, 'assets'));
        resolveLocations(r.heavyFrames.byTotal, join(BUILD_DIR, 'assets'));
      }
      results.push(r);
    }
    const report = {
      date: new Date().toISOString(),
      commit,
      browser: { label: launch.label, version: browser.b.version(), args: launch.args },
      options: o,
      buildSeconds: browser.buildSeconds,
      totalSeconds: (Date.now() - began) / 1000,
      results,
    };
    console.info(`\n${table(results)}\n`);
    for (const line of summary(results)) console.info(line);
    for (const line of heavyTable(results)) console.info(line);
    const drew = results.find((r) => r.renderer)?.renderer;
    if (drew) console.info(`render context: ${drew}`);
    mkdirSync(OUT_DIR, { recursive: true });
    const file = join(OUT_DIR, `bench-${report.date.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    log(`wrote ${file}`);
  } finally {
    await browser.b.close().catch(() => {});
    (stop as (() => void) | null)?.();
  }
}

main().catch((e: unknown) => {
  console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
