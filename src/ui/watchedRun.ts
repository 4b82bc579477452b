/**
 * Which run the panels and the room show. Without a comparison it is the page's own run. With
 * `?compare=1` the page's run waits paused while the shared and unshared twins take turns, so the
 * view follows the twin whose turn it is (and stays on it during a hand-over), unless the learner
 * resumed the page's own run. Each twin keeps its own history, so a chart never mixes two runs.
 */
import { MODE_NAMES } from '../compare/arithmetic';
import type { Comparison } from '../compare/comparison';
import type { SharingMode } from '../config/schema';
import type { StatusStore } from '../status';
import { TrainingHistory } from './history';

/** A run the view can show. */
export interface WatchedRun {
  readonly status: StatusStore;
  readonly history: TrainingHistory;
  /** The twin shown, or null for the page's own run. */
  readonly twin: SharingMode | null;
  /** The run's sharing mode (the room's titles and mosaic follow it). */
  readonly sharing: SharingMode;
}

/** 'app' or a twin: which run to show, from the page run's state and whose turn it is. */
export function chooseWatched(
  appState: StatusStore['training']['state'],
  turn: SharingMode | null,
  last: SharingMode | 'app',
): SharingMode | 'app' {
  if (appState === 'running' || appState === 'warming-up') return 'app';
  if (turn !== null) return turn;
  return last === 'app' ? 'conv' : last;
}

export interface RunFollower {
  /** The run shown now (no allocation: one object per run). */
  current(): WatchedRun;
  /** What the learner is looking at, in words; '' when there is nothing to choose between. */
  sentence(): string;
  /** Per frame: re-checks whose turn it is a few times a second; calls onSwitch on a change. */
  update(dt: number): void;
  dispose(): void;
}

/** Seconds between checks of whose turn it is. */
const CHECK_S = 0.25;

export function followRuns(
  app: WatchedRun,
  comparison: Comparison | null,
  onSwitch: (run: WatchedRun) => void,
): RunFollower {
  const off: (() => void)[] = [];
  const twins = {} as Record<SharingMode, WatchedRun>;
  if (comparison) {
    for (const mode of ['conv', 'none'] as const) {
      const t = comparison.twins[mode];
      const history = new TrainingHistory();
      twins[mode] = { status: t.status, history, twin: mode, sharing: mode };
      if (t.client) {
        off.push(
          t.client.on('metrics', (m) => history.loss.push(m.step, m.loss)),
          t.client.on('evaluation', (e) => history.testAccuracy.push(e.step, e.testAccuracy)),
        );
      }
    }
  }
  let shown: SharingMode | 'app' = comparison ? 'conv' : 'app';
  let clock = CHECK_S;
  const run = (k: SharingMode | 'app') => (k === 'app' ? app : twins[k]);
  const check = () => {
    if (!comparison) return;
    const next = chooseWatched(app.status.training.state, comparison.turn(), shown);
    if (next === shown) return;
    shown = next;
    onSwitch(run(next));
  };
  if (comparison) onSwitch(run(shown));
  return {
    current: () => run(shown),
    sentence() {
      if (!comparison) return '';
      if (shown === 'app') return 'Showing this page’s own run; the comparison’s twins wait.';
      const t = comparison.twins[shown];
      const doing = comparison.turn() === shown ? 'training its turn' : t.phase.replace('-', ' ');
      return (
        `Comparing: showing the ${MODE_NAMES[shown]} twin (${doing}). ` +
        'This page’s own run waits paused; the sharing panel plots both twins.'
      );
    },
    update(dt) {
      clock += dt;
      if (clock < CHECK_S) return;
      clock = 0;
      check();
    },
    dispose() {
      for (const f of off.splice(0)) f();
    },
  };
}
