/**
 * The benchmark's command line, parsed with node:util's parseArgs. A bad flag is an error naming
 * it; `--help` prints USAGE.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_SCENARIOS, SCENARIOS } from './scenarios';

export interface BenchOptions {
  /** Measured seconds per scenario. */
  readonly seconds: number;
  /** Seconds between status samples. */
  readonly sample: number;
  /** Seconds a scenario may take to warm up (load, compile shaders, first steps). */
  readonly warmup: number;
  /**
   * Seconds a scenario that trains beside the room runs, after warming up, before it is measured:
   * the governor's first probe and ramp, so the figures are the pace it settles at.
   */
  readonly settle: number;
  readonly scenarios: readonly string[];
  /** A Chromium to drive (a real GPU); null: /usr/bin/chromium or Playwright's, on SwiftShader. */
  readonly browser: string | null;
  readonly headed: boolean;
  readonly port: number;
  /** Build the app first (else serve the last build). */
  readonly build: boolean;
  /** Bench a server that is already running. */
  readonly url: string | null;
  /** Record a CPU profile of the main thread in scenarios that draw. */
  readonly profile: boolean;
  readonly help: boolean;
}

export const USAGE = `usage: npm run bench -- [flags]
  --seconds N        measured seconds per scenario (default 20)
  --quick            a short run: 6 s per scenario, 90 s warm-up limit
  --sample N         seconds between status samples (default 2)
  --warmup N         seconds a scenario may take to start (default 240)
  --settle N         seconds the app trains beside the room before it is measured, so the
                     governor has settled (default 20; --quick: 5)
  --scenarios a,b    run only these: ${SCENARIOS.map((s) => s.name).join(', ')}
                     (default: all but naive)
  --browser PATH     the Chromium to drive (or WEIGHTROOM_BENCH_BROWSER); with it, no SwiftShader
  --headed           a visible window (a desktop with a real GPU)
  --port N           preview port (default 4188)
  --no-build         serve the last build in bench-results/dist-bench
  --url URL          bench an already-running server
  --no-profile       skip the CPU profile of the main thread
  --help`;

function number(flag: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) {
    throw new Error(`--${flag} needs a number >= ${min}, got ${value}`);
  }
  return n;
}

/** Parses argv (without node and the script); throws an Error naming a bad flag. */
export function parseBenchArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      seconds: { type: 'string' },
      quick: { type: 'boolean', default: false },
      sample: { type: 'string' },
      warmup: { type: 'string' },
      settle: { type: 'string' },
      scenarios: { type: 'string' },
      browser: { type: 'string' },
      headed: { type: 'boolean', default: false },
      port: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      url: { type: 'string' },
      'no-profile': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const quick = values.quick === true;
  const seconds = number('seconds', values.seconds, quick ? 6 : 20, 2);
  const scenarios =
    values.scenarios === undefined
      ? DEFAULT_SCENARIOS
      : values.scenarios.split(',').filter((s) => s.length > 0);
  const unknown = scenarios.filter((s) => !SCENARIOS.some((x) => x.name === s));
  if (scenarios.length === 0 || unknown.length > 0) {
    throw new Error(
      `--scenarios: unknown ${unknown.join(', ') || '(empty list)'}; ` +
        `known: ${SCENARIOS.map((s) => s.name).join(', ')}`,
    );
  }
  const browser = values.browser ?? env.WEIGHTROOM_BENCH_BROWSER ?? null;
  return {
    seconds,
    sample: Math.min(number('sample', values.sample, 2, 0.5), seconds),
    warmup: number('warmup', values.warmup, quick ? 90 : 240, 1),
    settle: number('settle', values.settle, quick ? 5 : 20, 0),
    scenarios,
    browser: browser === '' ? null : browser,
    headed: values.headed === true,
    port: number('port', values.port, 4188, 1),
    build: values['no-build'] !== true,
    url: values.url ?? null,
    profile: values['no-profile'] !== true,
    help: values.help === true,
  };
}
