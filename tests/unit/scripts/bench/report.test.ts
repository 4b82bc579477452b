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
