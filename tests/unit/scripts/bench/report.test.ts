import { describe, expect, it } from 'vitest';
import type { ScenarioResult } from '../../../../scripts/bench/measure';
import { summary } from '../../../../scripts/bench/report';
import { SCENARIOS } from '../../../../scripts/bench/scenarios';

/** A measured scenario with only what the summary reads filled in. */
function result(scenario: string, over: Partial<ScenarioResult>): ScenarioResult {
  return {
    scenario,
    group: SCENARIOS.find((s) => s.name === scenario)!.group,
    url: '',
    error: null,
    warmupSeconds: 0,
    seconds: 10,
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
    pageErrors: [],
    ...over,
  };
}

describe('the gradient scenarios', () => {
  it('select a conv1 and a conv2 kernel in the desktop app on WASM', () => {
    const named = (n: string) => SCENARIOS.find((s) => s.name === n);
    expect(named('gradient-wasm')).toMatchObject({
      group: 'gradient',
      backend: 'wasm',
      select: { layer: 'conv1' },
    });
    expect(named('gradient-wasm-conv2')).toMatchObject({ select: { layer: 'conv2' } });
  });

  it("report the explanation's cost per snapshot and the training it costs against desktop-wasm", () => {
    const lines = summary([
      result('desktop-wasm', { stepsPerSecond: 10 }),
      result('gradient-wasm', {
        stepsPerSecond: 8,
        gradient: { p50Ms: 17.2, p95Ms: 28.6, snapshots: 16 },
      }),
      result('gradient-wasm-conv2', { stepsPerSecond: 9 }),
    ]);
    expect(lines).toContain(
      'Explaining a kernel (gradient-wasm): p50 17.2 ms, p95 28.6 ms per snapshot over 16 ' +
        'snapshots; training 8.00 steps/s against 10.00 with nothing selected (0.80)',
    );
    expect(lines).toContain(
      'Explaining a kernel (gradient-wasm-conv2): no gradient arrived; training 9.00 steps/s ' +
        'against 10.00 with nothing selected (0.90)',
    );
  });
});

describe('the ratio lines', () => {
  it('compare the per-frame script p95 with the 2 ms target, not the per-task one', () => {
    const perFrame = { frames: 600, meanMs: 1, p50Ms: 0.9, p95Ms: 1.8, p99Ms: 3.1, maxMs: 6 };
    const script = {
      profiledMs: 10_000,
      scriptMs: 600,
      emulatorMs: 0,
      tasks: 900,
      taskP50Ms: 0.5,
      taskP95Ms: 5.06,
      taskP99Ms: 7,
      taskMaxMs: 9,
    };
    const lines = summary([
      result('room', { framesPerSecond: 40 }),
      result('trainer-wasm', { stepsPerSecond: 10 }),
      result('desktop-wasm', {
        stepsPerSecond: 7,
        framesPerSecond: 36,
        scriptPerFrame: perFrame,
        script,
      }),
    ]);
    expect(lines).toContain(
      'desktop objective, wasm: throughput 0.70 of the trainer alone (7.00 / 10.00 steps/s); ' +
        'frames 0.90 of the room alone (36.0 / 40.0 fps); script/frame p95 1.80 ms ' +
        '[targets: throughput >= 0.6, frames >= 0.8, script/frame p95 <= 2 ms]',
    );
  });
});

describe('the frontier', () => {
  it('holds training at fixed paces, runs only when named, and reads each pace as the ratios', () => {
    const named = (n: string) => SCENARIOS.find((s) => s.name === n);
    expect(named('pace-4')?.query).toBe('mode=app&backend=wasm&pace=4');
    expect(named('pace-max')?.query).toBe('mode=app&backend=wasm&pace=1000');
    const lines = summary([
      result('room', { framesPerSecond: 40 }),
      result('trainer-wasm', { stepsPerSecond: 14 }),
      result('pace-4', { stepsPerSecond: 3.5, framesPerSecond: 32 }),
      result('pace-max', { stepsPerSecond: 10.5, framesPerSecond: 24 }),
    ]);
    expect(lines).toContain(
      'Fixed paces, throughput and frames against trainer and room alone: ' +
        'pace-4 3.50 steps/s (0.25) 32.0 fps (0.80); pace-max 10.50 steps/s (0.75) 24.0 fps (0.60)',
    );
  });
});
