/**
 * One scenario, measured: a fresh browser context opens the app with the scenario's query, enters
 * VR when the scenario asks, waits until it trains and draws, then samples
 * `window.weightroom.status()` every `sample` seconds for `seconds`, with a CPU profile of the
 * main thread running meanwhile. Throughput and frame rate come from counters over the whole
 * window; interval percentiles are the medians of the samples' (each over the last 600 frames).
 */
import type { Browser, CDPSession, Page } from '@playwright/test';
import type { BackendInfo } from '../../src/protocol';
import type { GovernorStatus, Status } from '../../src/status';
import type { BenchOptions } from './args';
import {
  bestClockOffsetUs,
  type ClockMark,
  type FrameScript,
  frameFigures,
  scriptPerFrame,
} from './frames';
import { frameOfSamples, type HeavyFrames, heavyFrames } from './heavyFrames';
import {
  appScriptSamples,
  type CpuProfile,
  type OwnerOf,
  percentile,
  type ScriptTime,
  scriptTime,
} from './profile';
import type { Scenario } from './scenarios';

export interface ScenarioResult {
  readonly scenario: string;
  readonly group: Scenario['group'];
  readonly url: string;
  /** Set when the scenario could not run (a backend that does not exist here...). */
  readonly error: string | null;
  readonly warmupSeconds: number;
  readonly seconds: number;
  readonly stepsPerSecond: number | null;
  readonly framesPerSecond: number | null;
  readonly intervalP50Ms: number | null;
  readonly intervalP95Ms: number | null;
  readonly intervalP99Ms: number | null;
  readonly overBudgetFraction: number | null;
  readonly budgetMs: number | null;
  readonly longTasks: number | null;
  /** Main-thread script per frame (profile script time / frames), the app's own: a mean. */
  readonly scriptMsPerFrame: number | null;
  /**
   * The app's script ms in each frame (samples charged to the frame they fall in, frames.ts):
   * mean and p50/p95/p99 across frames. Null without a profile, or with the reason it failed.
   */
  readonly scriptPerFrame: FrameScript | null;
  readonly scriptPerFrameError: string | null;
  /** Whose code the frames at or above the script/frame p95 run (heavyFrames.ts), or null. */
  readonly heavyFrames: HeavyFrames | null;
  /** The XR emulator's main-thread time per frame (IWER and its devui; a headset has none). */
  readonly emulatorMsPerFrame: number | null;
  /** Whole-profile figures; its task* fields are per task (a run of script between idle samples). */
  readonly script: ScriptTime | null;
  readonly backend: BackendInfo | null;
  readonly renderer: string | null;
  /** The learner's digit (inference scenario): request-to-answer p50/p95 and how many answered. */
  readonly inference: { p50Ms: number; p95Ms: number; answers: number } | null;
  /**
   * The selected kernel's explanation (gradient scenarios): the worker's ms per snapshot
   * (`status().selection.gradient.ms`), p50/p95 over the snapshots explained in the window.
   */
  readonly gradient: { p50Ms: number; p95Ms: number; snapshots: number } | null;
  /** Draw calls and triangles of the last frame (both eyes in XR): the headset's GPU budget. */
  readonly drawCalls: number | null;
  readonly triangles: number | null;
  readonly governor: GovernorStatus | null;
  readonly xrFrameRate: number | null;
  readonly pageErrors: readonly string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const readStatus = (page: Page): Promise<Status | null> =>
  page.evaluate(() => window.weightroom?.status() ?? null).catch(() => null);

function median(xs: readonly (number | null)[]): number | null {
  const v = xs.filter((x): x is number => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}

function failed(sc: Scenario, url: string, error: string, errors: string[]): ScenarioResult {
  return {
    scenario: sc.name,
    group: sc.group,
    url,
    error,
    warmupSeconds: 0,
    seconds: 0,
    stepsPerSecond: null,
    framesPerSecond: null,
    intervalP50Ms: null,
    intervalP95Ms: null,
    intervalP99Ms: null,
    overBudgetFraction: null,
    budgetMs: null,
    longTasks: null,
    scriptMsPerFrame: null,
    scriptPerFrame: null,
    scriptPerFrameError: null,
    heavyFrames: null,
    emulatorMsPerFrame: null,
    script: null,
    backend: null,
    renderer: null,
    inference: null,
    gradient: null,
    drawCalls: null,
    triangles: null,
    governor: null,
    xrFrameRate: null,
    pageErrors: errors,
  };
}

/** Page side: a new held-out digit every 100 ms (the pad's own throttle rate). */
async function startAskingDigits(page: Page): Promise<void> {
  await page.evaluate(() => {
    const api = window.weightroom as unknown as { showDigit(s: 'heldout', i: number): void };
    let i = 0;
    setInterval(() => api.showDigit('heldout', i++ % 1000), 100);
  });
}

/** Request-to-answer times the page kept (its last 256), as p50/p95. */
async function inferenceLatency(
  page: Page,
): Promise<{ p50Ms: number; p95Ms: number; answers: number } | null> {
  const ms = await page
    .evaluate(() =>
      (window.weightroom as unknown as { inferenceLatencies(): number[] }).inferenceLatencies(),
    )
    .catch(() => [] as number[]);
  if (ms.length === 0) return null;
  const v = [...ms].sort((a, b) => a - b);
  const at = (q: number) => v[Math.min(v.length - 1, Math.floor(q * v.length))]!;
  return { p50Ms: at(0.5), p95Ms: at(0.95), answers: v.length };
}

/**
 * Page side: selects the scenario's kernel and keeps the cost of each gradient that arrives (one
 * per snapshot, told apart by step) in window.__gradientMs. Read ten times a second: status() is a
 * deep copy, and reading it faster would cost the frames more than the gradient does.
 */
async function startExplaining(page: Page, kernel: NonNullable<Scenario['select']>): Promise<void> {
  await page.evaluate(({ layer, filter }) => {
    const api = window.weightroom as unknown as {
      select(layer: string, filter: number): void;
      status(): { selection: { gradient?: { step: number; ms: number } | null } | null };
    };
    const kept: number[] = [];
    (window as unknown as { __gradientMs: number[] }).__gradientMs = kept;
    api.select(layer, filter);
    let step = -1;
    setInterval(() => {
      const g = api.status().selection?.gradient;
      if (g && g.step !== step) {
        step = g.step;
        kept.push(g.ms);
      }
    }, 100);
  }, kernel);
}

/** The gradient costs the page kept, as p50/p95. */
async function gradientCost(
  page: Page,
): Promise<{ p50Ms: number; p95Ms: number; snapshots: number } | null> {
  const ms = await page
    .evaluate(() => (window as unknown as { __gradientMs?: number[] }).__gradientMs ?? [])
    .catch(() => [] as number[]);
  if (ms.length === 0) return null;
  const v = [...ms].sort((a, b) => a - b);
  const at = (q: number) => v[Math.min(v.length - 1, Math.floor(q * v.length))]!;
  return { p50Ms: at(0.5), p95Ms: at(0.95), snapshots: v.length };
}

/** Waits until `ready` holds, failing early on an app or training error. */
async function waitFor(
  page: Page,
  what: string,
  timeoutS: number,
  ready: (s: Status) => boolean,
): Promise<Status> {
  const deadline = Date.now() + timeoutS * 1000;
  for (;;) {
    const s = await readStatus(page);
    if (s?.error) throw new Error(`the app reported an error: ${s.error.message}`);
    if (s?.training.state === 'error') throw new Error(`training failed: ${s.training.detail}`);
    if (s && ready(s)) return s;
    if (Date.now() > deadline) {
      throw new Error(
        `${what} not reached after ${timeoutS} s (training ${s?.training.state} step ` +
          `${s?.training.step}, frames ${s?.frames.count})`,
      );
    }
    await sleep(500);
  }
}

export async function measureScenario(
  browser: Browser,
  baseUrl: string,
  sc: Scenario,
  o: BenchOptions,
  log: (m: string) => void,
  owner?: OwnerOf,
): Promise<ScenarioResult> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const url = `${baseUrl}?${sc.query}`;
  const errors: string[] = [];
  try {
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    log(`${sc.name}: ${sc.what} (${url})`);
    const t0 = Date.now();
    await page.goto(url);
    if (sc.xr) {
      await waitFor(page, 'VR support', o.warmup, (s) => s.ready && s.xr.supported);
      await page.locator('#enter-vr').click();
      await waitFor(page, 'presenting', 60, (s) => s.xr.presenting);
    }
    await waitFor(
      page,
      'warm-up',
      o.warmup,
      (s) =>
        s.ready &&
        (!sc.training || (s.training.state === 'running' && s.training.step >= 2)) &&
        (!sc.frames || s.frames.count > 30),
    );
    const warmupSeconds = (Date.now() - t0) / 1000;
    // Training beside the room: the governor's first probe and ramp are not what it settles at.
    if (sc.training && sc.frames && o.settle > 0) await sleep(o.settle * 1000);
    return await measureWindow(context.newCDPSession.bind(context), page, sc, o, url, {
      warmupSeconds,
      errors,
      owner,
    });
  } catch (e) {
    return failed(sc, url, e instanceof Error ? e.message : String(e), errors);
  } finally {
    await context.close().catch(() => {});
  }
}

/** The clock marks' scripts: a URL each tells the profile's samples of them apart ('bench'). */
const MARK_URL = (i: number) => `weightroom-bench-clock-mark-${i}.js`;
const MARK_URL_PATTERN = /weightroom-bench-clock-mark-\d+\.js$/;
const MARK_MS = 5;
const MARKS = 5;

type PageMark = { url: string; pageStartMs: number; pageEndMs: number };

/** Busy-waits MARK_MS in the page, MARKS times 50 ms apart, each in a script of its own. */
async function clockMarks(cdp: CDPSession): Promise<PageMark[]> {
  const out: PageMark[] = [];
  for (let i = 0; i < MARKS; i++) {
    const expression =
      `(() => { const t0 = performance.now(); let t = t0; ` +
      `while (t - t0 < ${MARK_MS}) t = performance.now(); return [t0, t]; })()\n` +
      `//# sourceURL=${MARK_URL(i)}`;
    const r = (await cdp.send('Runtime.evaluate', { expression, returnByValue: true })) as {
      result: { value?: [number, number] };
    };
    const v = r.result.value;
    if (v) out.push({ url: MARK_URL(i), pageStartMs: v[0], pageEndMs: v[1] });
    await sleep(50);
  }
  return out;
}

/** The build's owners, and the clock marks as the bench's own. */
function benchOrApp(owner: OwnerOf | undefined): OwnerOf {
  return (url) => (MARK_URL_PATTERN.test(url) ? 'bench' : (owner?.(url) ?? 'app'));
}

/** The profile's app script charged to the page's frames (frames.ts). */
async function framesOfProfile(
  page: Page,
  profile: CpuProfile,
  owner: OwnerOf,
  marks: readonly PageMark[],
): Promise<{ figures: FrameScript; heavy: HeavyFrames | null }> {
  const s = appScriptSamples(profile, owner);
  const sampled: ClockMark[] = [];
  for (const m of marks) {
    const span = s.bench.get(m.url);
    if (span) sampled.push({ ...m, firstSampleUs: span.firstUs, lastSampleUs: span.lastUs });
  }
  // Frame starts off by up to 2 ms still land in the right frame but for samples near a start.
  const { offsetUs, uncertaintyUs } = bestClockOffsetUs(sampled, 2000);
  const starts = await page.evaluate(() =>
    (window.weightroom as unknown as { frameStarts(): number[] }).frameStarts(),
  );
  const atMs = s.atUs.map((us) => (us - offsetUs) / 1000);
  const appMs = s.appUs.map((us) => us / 1000);
  const firstMs = (profile.startTime - offsetUs) / 1000;
  const lastMs = (profile.endTime - offsetUs) / 1000;
  const gaps = (profile.timeDeltas ?? []).map((us) => us / 1000).sort((a, b) => a - b);
  const inWindow = starts.filter((t) => t >= firstMs && t <= lastMs);
  // The ring keeps the last few thousand starts: the profile must not begin before the oldest.
  if (starts.length > 0 && starts[0]! > firstMs + 100) {
    throw new Error(`the page kept frame starts from ${starts[0]!.toFixed(0)} ms only`);
  }
  const perFrame = scriptPerFrame(atMs, appMs, inWindow);
  const figures = frameFigures(perFrame);
  const heavy =
    figures.p95Ms === null
      ? null
      : heavyFrames(
          profile,
          s.nodeOf,
          appMs,
          frameOfSamples(atMs, inWindow),
          perFrame,
          figures.p95Ms,
        );
  return {
    figures: {
      ...figures,
      clockUncertaintyMs: uncertaintyUs / 1000,
      sampleGapP50Ms: percentile(gaps, 0.5),
      sampleGapP95Ms: percentile(gaps, 0.95),
    },
    heavy,
  };
}

async function measureWindow(
  newCdp: (page: Page) => Promise<CDPSession>,
  page: Page,
  sc: Scenario,
  o: BenchOptions,
  url: string,
  meta: { warmupSeconds: number; errors: string[]; owner?: OwnerOf | undefined },
): Promise<ScenarioResult> {
  let cdp: CDPSession | null = null;
  let marks: PageMark[] = [];
  if (o.profile && sc.frames) {
    cdp = await newCdp(page);
    await cdp.send('Profiler.enable');
    // 200 µs: a 1 ms frame callback spans a handful of samples.
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    marks = await clockMarks(cdp);
  }
  // The inference scenario asks for a new held-out digit ten times a second, as a pen would.
  if (sc.group === 'inference') await startAskingDigits(page);
  // The gradient scenarios explain a selected kernel at every snapshot.
  if (sc.select) await startExplaining(page, sc.select);
  const first = (await readStatus(page))!;
  const startAt = Date.now();
  const p50: (number | null)[] = [];
  const p95: (number | null)[] = [];
  const p99: (number | null)[] = [];
  let last = first;
  while (Date.now() - startAt < o.seconds * 1000) {
    await sleep(Math.min(o.sample * 1000, o.seconds * 1000 - (Date.now() - startAt)));
    const s = await readStatus(page);
    if (!s) continue;
    last = s;
    p50.push(s.frames.intervalP50Ms || null);
    p95.push(s.frames.intervalP95Ms || null);
    p99.push(s.frames.intervalP99Ms || null);
  }
  const seconds = (Date.now() - startAt) / 1000;
  let script: ScriptTime | null = null;
  let perFrame: FrameScript | null = null;
  let perFrameError: string | null = null;
  let heavy: HeavyFrames | null = null;
  if (cdp) {
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
    const owner = benchOrApp(meta.owner);
    script = scriptTime(profile, owner);
    await cdp.detach().catch(() => {});
    try {
      ({ figures: perFrame, heavy } = await framesOfProfile(page, profile, owner, marks));
    } catch (e) {
      perFrameError = e instanceof Error ? e.message : String(e);
    }
  }
  const frames = last.frames.count - first.frames.count;
  const over = last.frames.overBudget - first.frames.overBudget;
  return {
    scenario: sc.name,
    group: sc.group,
    url,
    error: null,
    warmupSeconds: meta.warmupSeconds,
    seconds,
    stepsPerSecond: sc.training ? (last.training.step - first.training.step) / seconds : null,
    framesPerSecond: sc.frames ? frames / seconds : null,
    intervalP50Ms: sc.frames ? median(p50) : null,
    intervalP95Ms: sc.frames ? median(p95) : null,
    intervalP99Ms: sc.frames ? median(p99) : null,
    overBudgetFraction: sc.frames && frames > 0 ? over / frames : null,
    budgetMs: sc.frames ? last.frames.budgetMs : null,
    longTasks: sc.frames ? last.frames.longTasks - first.frames.longTasks : null,
    scriptMsPerFrame: script && frames > 0 ? script.scriptMs / frames : null,
    scriptPerFrame: perFrame,
    scriptPerFrameError: perFrameError,
    heavyFrames: heavy,
    emulatorMsPerFrame: script && frames > 0 ? script.emulatorMs / frames : null,
    script,
    backend: last.backend,
    renderer: last.render.renderer || null,
    inference: sc.group === 'inference' ? await inferenceLatency(page) : null,
    gradient: sc.select ? await gradientCost(page) : null,
    drawCalls: sc.frames ? last.render.drawCalls : null,
    triangles: sc.frames ? last.render.triangles : null,
    governor: last.governor,
    xrFrameRate: last.xr.frameRate,
    pageErrors: meta.errors,
  };
}
