/**
 * The kernels' history (bounded) and its timeline: live, the room shows each snapshot; scrubbed
 * back, the kept kernels and probe maps of that step over the newest snapshot's other parts, with
 * a cursor on the curves, while training goes on. Kept across a reload: saved to IndexedDB now and then (less often as it grows: one MB a
 * second of interval, at least 5 s), restored under a resumed run's earlier steps.
 */
import type { Comparison } from '../compare/comparison';
import { HistoryStore, usableSaved } from '../history/historyStore';
import { KernelHistory } from '../history/kernelHistory';
import { kernelTrail } from '../history/trails';
import { CONV1 } from '../network';
import type { Snapshot } from '../protocol';
import { KernelTrails } from '../scene/kernelTrails';
import type { Room } from '../scene/room';
import type { StatusStore } from '../status';
import type { TrainerClient } from '../trainerClient';
import type { TrainingHistory } from '../ui/history';
import { TimelinePanel } from '../ui/timelinePanel';
import type { RunFollower } from '../ui/watchedRun';

export interface KernelTimeline {
  readonly panel: TimelinePanel;
  /** Draws the selected conv1 kernel's path over the kept steps (nothing for other layers). */
  drawTrail(): void;
  /** Saves the kept history now (the page may be going away). */
  save(): void;
}

export function wireKernelTimeline(
  trainer: TrainerClient,
  comparison: Comparison | null,
  room: Room,
  runs: RunFollower,
  status: StatusStore,
  /** The curves that get a cursor at the scrubbed step. */
  history: TrainingHistory | null = null,
): KernelTimeline {
  const kernelHistory = new KernelHistory();
  let newest: Snapshot | null = null;
  // Every conv1 kernel's trail beside it in the room (one LineSegments for all 32).
  const roomTrails = new KernelTrails(room.network.conv1Kernels, room.network.kernelAtlases.conv1);
  // The probe's maps and the curves' cursor follow the scrubbed step (maps kept with the kernels).
  const panel = new TimelinePanel({
    scrub: (step) => {
      const kept = kernelHistory.at(step);
      if (!kept || !newest) return;
      room.network.setHistoric(true);
      room.network.queue(
        {
          ...newest,
          step: kept.step,
          conv1Kernel: kept.conv1,
          conv2Kernel: kept.conv2,
          ...kept.maps,
        },
        kept.maps ? kept.step : newest.step,
      );
      history?.setCursor(kept.step);
      status.kernels.shownStep = kept.step;
    },
    live: () => {
      room.network.setHistoric(false);
      if (newest) room.queue(newest);
      history?.setCursor(null);
      status.kernels.shownStep = newest?.step ?? null;
    },
  });
  const historyStore = HistoryStore.open().catch(() => null);
  const historyWarning = (e: unknown) =>
    status.training.warnings.push(
      `the kernels' history could not be kept: ${e instanceof Error ? e.message : String(e)}`,
    );
  let historySavedAt = 0;
  const save = () => {
    const key = status.training.runKey;
    if (!key) return;
    historySavedAt = performance.now();
    const entries = kernelHistory.entriesList();
    historyStore.then((store) => store?.save(key, entries)).catch(historyWarning);
  };
  trainer.on('runStarted', ({ key, resumedFrom }) => {
    if (resumedFrom === null) return;
    historyStore
      .then(async (store) => {
        const saved = await store?.load(key);
        if (!saved) return;
        kernelHistory.prepend(usableSaved(saved, resumedFrom, kernelHistory.first()?.step ?? null));
        panel.setSteps(kernelHistory.steps());
        roomTrails.show(kernelHistory.entriesList());
      })
      .catch(historyWarning);
  });
  const drawTrail = () => {
    const sel = status.selection;
    if (sel?.layer !== 'conv1') return panel.showTrail(null, '');
    const trail = kernelTrail(kernelHistory.entriesList(), CONV1.filters, sel.filter);
    panel.showTrail(trail, `conv1 kernel ${sel.filter}: distance from its first kept value`);
  };
  trainer.on('snapshot', (s) => {
    newest = s;
    kernelHistory.add({
      step: s.step,
      conv1: s.conv1Kernel,
      conv2: s.conv2Kernel,
      maps: { probeLabel: s.probeLabel, activations: s.activations },
    });
    panel.setSteps(kernelHistory.steps());
    drawTrail();
    roomTrails.show(kernelHistory.entriesList());
    // Every 5 s: a save writes only the entries kept since the last (historyStore.ts), so it no
    // longer needs to wait longer as the history grows.
    if (performance.now() - historySavedAt > 5000) save();
    if (!panel.live || runs.current().twin !== null) return;
    room.queue(s);
    status.kernels.shownStep = s.step;
  });
  // During a comparison the room shows the twin whose turn it is (the app run's history stays).
  for (const twin of comparison ? Object.values(comparison.twins) : []) {
    twin.client?.on('snapshot', (s) => {
      if (runs.current().twin === twin.mode) room.queue(s);
    });
  }
  return { panel, drawTrail, save };
}
