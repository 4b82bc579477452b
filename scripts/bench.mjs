#!/usr/bin/env node
/**
 * `npm run bench`: does the worker-plus-governor design hold the frame budget while it trains,
 * and what does it cost in training throughput? Builds the app, serves it, and drives Chromium
 * through four scenarios of fixed length, each in a fresh page (and a fresh profile, so no saved
 * run is resumed):
 *
 *   1. trainer   ?mode=trainer-only  training in the worker, nothing rendering: steps/s
 *   2. scene     ?mode=scene-only    the room renders, no training: frame interval and work
 *   3. governed  ?mode=app           the product: scene + worker training under the governor
 *   4. naive     ?mode=naive         the same scene + plain model.fit on the main thread
 *
 * Figures come from window.weightroom.status() sampled every `--sample` seconds; per-window
 * figures are reduced to MEDIANS (steps/s is also given over the whole run). Prints a table and
 * writes bench-results/bench-<timestamp>.json with the ratios the design is judged by:
 * throughput governed/trainer, frames over budget naive/governed (as a share of the frames shown,
 * and as the share of the target rate's frames never shown), and governed's main-thread work p99.
 *
 * Flags:
 *   --seconds N      measured seconds per scenario (default 40: ~5 min in all on SwiftShader)
 *   --quick          a smoke run of about a minute (6 s per scenario, short warm-up limit)
 *   --sample N       seconds between status samples (default 2)
 *   --scenarios a,b  run only these (trainer, scene, governed, naive)
 *   --browser PATH   Chromium to drive (or env WEIGHTROOM_BENCH_BROWSER); default
 *                    /usr/bin/chromium, else Playwright's own
 *   --headed         a visible window (a real GPU desktop); default headless
 *   --port N         preview port (default 4188)
 *   --no-build       serve the last build in bench-results/dist-bench
 *   --warmup N       seconds to wait for training to start its steps (default 240)
 *   --url URL        bench an already-running server instead of building and serving
 *
 * Headless without --browser uses SwiftShader (WebGL 2 on the CPU): the figures then describe a
 * software GPU, and the JSON says so (backend.renderer, backend.software).
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(ROOT, 'bench-results');
// Inside bench-results/ so that git, eslint and prettier all ignore the build.
const BUILD_DIR = join(OUT_DIR, 'dist-bench');
const VITE = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');

export const SWIFTSHADER_ARGS = [
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const SCENARIOS = {
  trainer: { mode: 'trainer-only', training: true, frames: false, what: 'trainer alone' },
  scene: { mode: 'scene-only', training: false, frames: true, what: 'scene alone' },
  governed: { mode: 'app', training: true, frames: true, what: 'scene + governed worker' },
  naive: { mode: 'naive', training: true, frames: true, what: 'scene + main-thread fit' },
};

const USAGE = `usage: node scripts/bench.mjs [--seconds N] [--quick] [--sample N] [--scenarios a,b]
       [--browser PATH] [--headed] [--port N] [--no-build] [--warmup N] [--url URL]`;

/** Parses argv (without node and script); throws an Error naming a bad flag. */
export function parseArgs(argv, env = process.env) {
  const o = {
    seconds: 40,
    sample: 2,
    scenarios: Object.keys(SCENARIOS),
    browser: env.WEIGHTROOM_BENCH_BROWSER || null,
    headed: false,
    port: 4188,
    build: true,
    warmup: 240,
    url: null,
    quick: false,
  };
  const num = (flag, v, min) => {
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n) || n < min) {
      throw new Error(`${flag} needs a number >= ${min}, got ${v ?? 'nothing'}`);
    }
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    switch (a) {
      case '--seconds':
        o.seconds = num(a, next(), 2);
        break;
      case '--sample':
        o.sample = num(a, next(), 0.5);
        break;
      case '--quick':
        o.quick = true;
        break;
      case '--scenarios': {
        const list = (next() ?? '').split(',').filter(Boolean);
        const bad = list.filter((s) => !(s in SCENARIOS));
        if (list.length === 0 || bad.length > 0) {
          throw new Error(`--scenarios takes a list of ${Object.keys(SCENARIOS).join(', ')}`);
        }
        o.scenarios = list;
        break;
      }
      case '--browser':
        o.browser = next() ?? null;
        if (!o.browser) throw new Error('--browser needs a path');
        break;
      case '--headed':
        o.headed = true;
        break;
      case '--port':
        o.port = num(a, next(), 1);
        break;
      case '--no-build':
        o.build = false;
        break;
      case '--warmup':
        o.warmup = num(a, next(), 1);
        break;
      case '--url':
        o.url = next() ?? null;
        if (!o.url) throw new Error('--url needs a URL');
        break;
      case '--help':
      case '-h':
        o.help = true;
        break;
      default:
        throw new Error(`unknown flag ${a}\n${USAGE}`);
    }
  }
  if (o.quick) {
    if (!argv.includes('--seconds')) o.seconds = 6;
    if (!argv.includes('--warmup')) o.warmup = 90;
  }
  if (o.sample > o.seconds) o.sample = o.seconds;
  return o;
}

export function median(xs) {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

const ratio = (a, b) => (a === null || b === null || b === 0 ? null : a / b);

// ---- processes ------------------------------------------------------------------------------

function run(cmd, args, env) {
  return new Promise((res, rej) => {
    const child = spawn(cmd, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: 'inherit',
    });
    child.on('error', rej);
    child.on('exit', (code) =>
      code === 0 ? res() : rej(new Error(`${args.join(' ')}: exit ${code}`)),
    );
  });
}

async function build() {
  if (!existsSync(join(ROOT, 'public', 'data', 'mnist.bin'))) {
    await run(process.execPath, [join(ROOT, 'scripts', 'build-mnist.mjs')], {});
  }
  const t0 = Date.now();
  await run(process.execPath, [VITE, 'build', '--logLevel', 'warn'], {
    WEIGHTROOM_OUT_DIR: BUILD_DIR,
  });
  return (Date.now() - t0) / 1000;
}

async function serve(port) {
  const child = spawn(
    process.execPath,
    [
      VITE,
      'preview',
      '--outDir',
      BUILD_DIR,
      '--port',
      String(port),
      '--strictPort',
      '--host',
      '127.0.0.1',
    ],
    {
      cwd: ROOT,
      env: { ...process.env, WEIGHTROOM_OUT_DIR: BUILD_DIR },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`vite preview exited: ${stderr.trim()}`);
    try {
      const r = await fetch(url);
      if (r.ok) return { url, stop: () => child.kill('SIGTERM') };
    } catch {
      // not up yet
    }
    await sleep(250);
  }
  child.kill('SIGTERM');
  throw new Error(`vite preview did not answer on ${url} within 30 s: ${stderr.trim()}`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function browserLaunch(o) {
  const explicit = o.browser;
  const executablePath =
    explicit ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  const software = !o.headed && !explicit;
  return {
    executablePath,
    headless: !o.headed,
    args: software ? SWIFTSHADER_ARGS : [],
    label: `${executablePath ?? "Playwright's Chromium"}${o.headed ? ' (headed)' : ' (headless)'}${
      software ? ' + SwiftShader' : ''
    }`,
  };
}

// ---- one scenario ---------------------------------------------------------------------------

const readStatus = (page) =>
  page.evaluate(() => (window.weightroom ? window.weightroom.status() : null));

/**
 * While the app does not publish frame telemetry (status.frames.budgetMs stays 0), a rAF probe in
 * the page records frame intervals so the figures exist; the result says which source it used.
 */
async function installProbe(page) {
  await page.evaluate(() => {
    const w = window;
    if (w.__benchProbe) return;
    const intervals = [];
    let last = -1;
    const tick = (t) => {
      if (last >= 0) intervals.push(t - last);
      last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    w.__benchProbe = {
      take() {
        return intervals.splice(0, intervals.length);
      },
    };
  });
}

const probeTake = (page) => page.evaluate(() => window.__benchProbe.take());

function pct(sorted, q) {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

async function runScenario(browser, baseUrl, name, o, log) {
  const sc = SCENARIOS[name];
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    return await measureScenario(context, baseUrl, name, sc, o, log);
  } finally {
    await context.close().catch(() => {});
  }
}

async function measureScenario(context, baseUrl, name, sc, o, log) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const url = `${baseUrl}?mode=${sc.mode}`;
  log(`${name}: ${sc.what} (${url})`);
  const t0 = Date.now();
  await page.goto(url);

  // Warm-up: the page ready and, when training, past the first steps (shader compiles).
  let s = null;
  const warmDeadline = Date.now() + o.warmup * 1000;
  for (;;) {
    s = await readStatus(page).catch(() => null);
    if (s?.error) throw new Error(`${name}: the app reported an error: ${s.error.message}`);
    if (s?.training.state === 'error')
      throw new Error(`${name}: training failed: ${s.training.detail}`);
    const ready =
      s?.ready && (!sc.training || (s.training.state === 'running' && s.training.step >= 2));
    const framing = !sc.frames || (s?.frames.count ?? 0) > 30;
    if (ready && framing) break;
    if (Date.now() > warmDeadline) {
      throw new Error(
        `${name}: not warmed up after ${o.warmup} s (ready ${s?.ready}, training ${s?.training.state} ` +
          `step ${s?.training.step}, frames ${s?.frames.count}); is ?mode=${sc.mode} wired in main.ts?`,
      );
    }
    await sleep(500);
  }
  const warmupSeconds = (Date.now() - t0) / 1000;
  const useProbe = sc.frames && !(s.frames.budgetMs > 0);
  if (useProbe) {
    await installProbe(page);
    await sleep(300);
    await probeTake(page);
  }

  // Measure: samples every o.sample seconds for o.seconds.
  const windows = [];
  const first = await readStatus(page);
  const start = { at: Date.now(), step: first.training.step, frames: first.frames };
  let prev = start;
  while (Date.now() - start.at < o.seconds * 1000 - 1) {
    await sleep(Math.min(o.sample * 1000, o.seconds * 1000 - (Date.now() - start.at)));
    const cur = await readStatus(page);
    const at = Date.now();
    const dt = (at - prev.at) / 1000;
    const w = {
      seconds: dt,
      stepsPerSecond: (cur.training.step - prev.step) / dt,
      reportedStepsPerSecond: cur.training.stepsPerSecond,
    };
    if (sc.frames) {
      if (useProbe) {
        const iv = (await probeTake(page)).sort((a, b) => a - b);
        const budget = 1000 / 60;
        Object.assign(w, {
          frames: iv.length,
          overBudget: iv.filter((x) => x > budget * 1.5).length,
          intervalP50Ms: pct(iv, 0.5),
          intervalP95Ms: pct(iv, 0.95),
          intervalP99Ms: pct(iv, 0.99),
          workP50Ms: null,
          workP95Ms: null,
          workP99Ms: null,
          longTasks: null,
          budgetMs: budget,
        });
      } else {
        const f = cur.frames;
        Object.assign(w, {
          frames: f.count - prev.frames.count,
          overBudget: f.overBudget - prev.frames.overBudget,
          intervalP50Ms: f.intervalP50Ms,
          intervalP95Ms: f.intervalP95Ms,
          intervalP99Ms: f.intervalP99Ms,
          workP50Ms: f.workP50Ms,
          workP95Ms: f.workP95Ms,
          workP99Ms: f.workP99Ms,
          longTasks: f.longTasks - prev.frames.longTasks,
          budgetMs: f.budgetMs,
        });
      }
    }
    windows.push(w);
    prev = { at, step: cur.training.step, frames: cur.frames };
    s = cur;
  }
  const seconds = (prev.at - start.at) / 1000;
  const med = (k) => median(windows.map((w) => w[k]));
  const sum = (k) => windows.reduce((a, w) => a + (w[k] ?? 0), 0);
  const result = {
    scenario: name,
    mode: sc.mode,
    url,
    warmupSeconds,
    seconds,
    windows: windows.length,
    steps: s.training.step - start.step,
    stepsPerSecond: sc.training ? (s.training.step - start.step) / seconds : null,
    stepsPerSecondMedian: sc.training ? med('stepsPerSecond') : null,
    reportedStepsPerSecondMedian: sc.training ? med('reportedStepsPerSecond') : null,
    frameSource: sc.frames ? (useProbe ? 'rafProbe' : 'status') : null,
    backend: s.backend,
    render: s.render ?? null,
    governor: s.governor,
    errors,
    samples: windows,
  };
  if (sc.frames) {
    const frames = sum('frames');
    const over = sum('overBudget');
    Object.assign(result, {
      targetHz: useProbe ? 60 : s.frames.targetHz,
      budgetMs: useProbe ? 1000 / 60 : s.frames.budgetMs,
      frames,
      framesPerSecond: frames / seconds,
      overBudget: over,
      overBudgetFraction: frames > 0 ? over / frames : null,
      // Frames the target rate would have shown that never came (a blocked main thread delivers
      // few, long frames: few count as over budget, but most of the rate is missing).
      missedFraction: Math.max(0, 1 - frames / (seconds * (useProbe ? 60 : s.frames.targetHz))),
      intervalP50Ms: med('intervalP50Ms'),
      intervalP95Ms: med('intervalP95Ms'),
      intervalP99Ms: med('intervalP99Ms'),
      workP50Ms: med('workP50Ms'),
      workP95Ms: med('workP95Ms'),
      workP99Ms: med('workP99Ms'),
      longTasks: useProbe ? null : sum('longTasks'),
    });
  }
  return result;
}

// ---- report ---------------------------------------------------------------------------------

const fmt = (x, d = 1) => (x === null || x === undefined ? '-' : Number(x).toFixed(d));
const fmtPct = (x) => (x === null || x === undefined ? '-' : `${(100 * x).toFixed(1)}%`);

export function table(results) {
  const head = [
    'scenario',
    'steps/s',
    'fps',
    'budget ms',
    'int p50',
    'int p95',
    'int p99',
    'work p50',
    'work p95',
    'work p99',
    'over %',
    'missed %',
    'long tasks',
  ];
  const rows = results.map((r) =>
    r.error
      ? [r.scenario, 'failed', ...head.slice(2).map(() => '-')]
      : [
          r.scenario,
          fmt(r.stepsPerSecond, 2),
          fmt(r.framesPerSecond),
          fmt(r.budgetMs),
          fmt(r.intervalP50Ms),
          fmt(r.intervalP95Ms),
          fmt(r.intervalP99Ms),
          fmt(r.workP50Ms, 2),
          fmt(r.workP95Ms, 2),
          fmt(r.workP99Ms, 2),
          r.overBudgetFraction == null ? '-' : fmt(100 * r.overBudgetFraction),
          r.missedFraction == null ? '-' : fmt(100 * r.missedFraction),
          r.longTasks == null ? '-' : String(r.longTasks),
        ],
  );
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function ratios(results) {
  const by = Object.fromEntries(results.map((r) => [r.scenario, r]));
  return {
    /** Training kept under the governor while rendering, against training alone. */
    throughputGovernedOverTrainer: ratio(
      by.governed?.stepsPerSecond ?? null,
      by.trainer?.stepsPerSecond ?? null,
    ),
    /** Share of frames over budget, naive peer against the governed design (>1: naive is worse). */
    overBudgetNaiveOverGoverned: ratio(
      by.naive?.overBudgetFraction ?? null,
      by.governed?.overBudgetFraction ?? null,
    ),
    overBudgetFractionGoverned: by.governed?.overBudgetFraction ?? null,
    overBudgetFractionNaive: by.naive?.overBudgetFraction ?? null,
    /** Share of the target rate's frames never shown, naive against governed. */
    missedNaiveOverGoverned: ratio(
      by.naive?.missedFraction ?? null,
      by.governed?.missedFraction ?? null,
    ),
    missedFractionGoverned: by.governed?.missedFraction ?? null,
    missedFractionNaive: by.naive?.missedFraction ?? null,
    /** Main-thread frame work p99 in the governed design, against its budget. */
    workP99MsGoverned: by.governed?.workP99Ms ?? null,
    budgetMsGoverned: by.governed?.budgetMs ?? null,
  };
}

function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

async function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(e.message);
    process.exit(2);
  }
  if (o.help) {
    console.info(USAGE);
    return;
  }
  const log = (m) => console.info(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}`);
  const began = Date.now();
  let server = null;
  let browser = null;
  const cleanup = () => {
    server?.stop();
    server = null;
  };
  process.on('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  try {
    let baseUrl = o.url;
    let buildSeconds = null;
    if (!baseUrl) {
      if (o.build) {
        log(`building into ${BUILD_DIR}`);
        buildSeconds = await build();
      } else if (!existsSync(join(BUILD_DIR, 'index.html'))) {
        throw new Error(`--no-build: no build in ${BUILD_DIR}; run once without it`);
      }
      server = await serve(o.port);
      baseUrl = server.url;
      log(`serving ${baseUrl}`);
    }
    const launch = browserLaunch(o);
    log(`launching ${launch.label}`);
    browser = await chromium.launch({
      executablePath: launch.executablePath,
      headless: launch.headless,
      args: launch.args,
    });
    const results = [];
    for (const name of o.scenarios) {
      let r;
      try {
        r = await runScenario(browser, baseUrl, name, o, log);
      } catch (e) {
        // One scenario failing (not wired, crashed) still leaves the others worth reporting.
        const error = e instanceof Error ? e.message : String(e);
        log(`${name} FAILED: ${error}`);
        results.push({ scenario: name, mode: SCENARIOS[name].mode, error });
        continue;
      }
      log(
        `${name}: ${r.windows} samples over ${r.seconds.toFixed(1)} s after ${r.warmupSeconds.toFixed(0)} s warm-up` +
          (r.errors.length ? `; page errors: ${r.errors.slice(0, 3).join(' | ')}` : ''),
      );
      results.push(r);
    }
    const report = {
      date: new Date().toISOString(),
      commit: gitCommit(),
      browser: { label: launch.label, version: browser.version(), args: launch.args },
      options: { seconds: o.seconds, sample: o.sample, quick: o.quick, scenarios: o.scenarios },
      buildSeconds,
      totalSeconds: (Date.now() - began) / 1000,
      ratios: ratios(results),
      results,
    };
    console.info(`\n${table(results)}\n`);
    const rr = report.ratios;
    console.info(
      `throughput governed / trainer alone: ${fmt(rr.throughputGovernedOverTrainer, 2)}`,
    );
    console.info(
      `frames over budget, naive / governed: ${fmt(rr.overBudgetNaiveOverGoverned, 2)} ` +
        `(${fmtPct(rr.overBudgetFractionNaive)} vs ${fmtPct(rr.overBudgetFractionGoverned)})`,
    );
    console.info(
      `frames never shown at the target rate, naive / governed: ${fmt(rr.missedNaiveOverGoverned, 2)} ` +
        `(${fmtPct(rr.missedFractionNaive)} vs ${fmtPct(rr.missedFractionGoverned)})`,
    );
    console.info(
      `main-thread work p99, governed: ${fmt(rr.workP99MsGoverned, 2)} ms of a ${fmt(rr.budgetMsGoverned)} ms budget`,
    );
    const trainGl = results.find((r) => r.backend)?.backend?.renderer;
    const drawGl = results.find((r) => r.render?.renderer)?.render?.renderer;
    if (drawGl) console.info(`render context: ${drawGl}`);
    if (trainGl) console.info(`training backend: ${trainGl}`);
    mkdirSync(OUT_DIR, { recursive: true });
    const file = join(OUT_DIR, `bench-${report.date.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    log(`wrote ${file}`);
  } finally {
    await browser?.close().catch(() => {});
    cleanup();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  });
}
