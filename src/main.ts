/**
 * Wiring only: config -> trainer worker -> room (scene) -> desktop HUD / XR -> one frame loop.
 * Each concern lives in its own folder; this page connects them and publishes window.weightroom.
 */
import { Vector3 } from 'three';
import { parseConfig } from './config/parse';
import type { Config } from './config/schema';
import { appRunConfig, startComparison } from './compare/comparison';
import { mountSharingPanel } from './compare/panel';
import { createActions } from './ui/actions';
import { showConfigErrors, showError } from './ui/errorPanel';
import { TrainingHistory } from './ui/history';
import { followRuns } from './ui/watchedRun';
import { createDock } from './ui/dock';
import { Hud } from './hud/hud';
import { PRESET_KEYS } from './hud/viewButtons';
import { DrawPad } from './hud/drawPad';
import { LearnPanel } from './hud/learnPanel';
import { RunRecord } from './hud/runReport';
import { ConfusionStation } from './scene/confusionStation';
import { DigitInput } from './input/digitInput';
import { TwinAnswers } from './input/twinAnswers';
import { createLoop } from './loop';
import { CameraRig } from './scene/cameraRig';
import { DesktopInput } from './scene/desktopInput';
import { PadPointer } from './scene/padPointer';
import { GradientView } from './scene/gradientView';
import { attachKernelKeys, kernelGrids } from './scene/kernelKeys';
import { ROOM } from './scene/layout';
import { createRenderSurface } from './scene/renderer';
import { Room, type KernelHit } from './scene/room';
import { RoomPad } from './scene/roomPad';
import { initialStatus, publishStatus, type SelectionStatus } from './status';
import { startGovernance } from './telemetry/governance';
import { trainingRunOf } from './telemetry/trainingRun';
import { startTrainer, type TrainerClient } from './trainerClient';
import { mountRunNotice } from './ui/runNotice';
import { Controllers } from './xr/controllers';
import { DigitPanel, type DigitButtonId } from './xr/digitPanel';
import { DigitTool } from './xr/digitTool';
import { installEmulator } from './xr/emulate';
import { KernelHistory } from './history/kernelHistory';
import { HistoryStore, usableSaved } from './history/historyStore';
import { kernelTrail } from './history/trails';
import { CONV1, type ConvLayerId, type StationName } from './network';
import type { Snapshot } from './protocol';
import { ShiftPanel } from './ui/shiftPanel';
import { TimelinePanel } from './ui/timelinePanel';
import { FingerPainter } from './xr/fingerPainter';
import { Hands } from './xr/hands';
import { Passthrough } from './xr/passthrough';
import { setupXrSession } from './xr/session';
import { VrPanel } from './xr/vrPanel';

/** From this window width the sharing panel starts open beside the room. */
const SHARING_OPEN_MIN_WIDTH_PX = 1800;
const DATA_URL = `${import.meta.env.BASE_URL}data/mnist.bin`;
const FRESH_QUESTION =
  'This link asks for a fresh run: the saved run for it will be replaced and training starts ' +
  'again from step 0. Start fresh? (Cancel continues the saved run.)';

async function main(): Promise<void> {
  const status = initialStatus();
  publishStatus(status);
  const parsed = parseConfig(location.search);
  if (!parsed.ok) {
    status.error = {
      message: parsed.errors.map((e) => e.message).join(' '),
      errors: [...parsed.errors],
    };
    showConfigErrors(parsed.errors);
    return;
  }
  let config: Config = parsed.config;
  if (config.fresh && !window.confirm(FRESH_QUESTION)) config = { ...config, fresh: false };
  status.config = config;
  // IWER must replace navigator.xr before anything asks whether VR is supported.
  if (config.xr === 'emulate') await installEmulator();

  // ?mode= isolates parts for scripts/bench/; 'app' is the product.
  if (config.mode === 'trainer-only') {
    const t = startTrainer(config, DATA_URL, status);
    publishStatus(status, { pause: () => t.pause(), resume: () => t.resume() });
    status.ready = true;
    return;
  }
  const noTrainer: TrainerClient = {
    pause() {},
    resume() {},
    reset() {},
    setPace() {},
    setLearningRate() {},
    checkpoint() {},
    on: () => () => {},
    dispose() {},
  };
  // The app's own run is the same run with or without ?compare (its checkpoint is never a twin's).
  const trainer =
    config.mode === 'app'
      ? startTrainer(appRunConfig(config), DATA_URL, status, { lock: true })
      : noTrainer;
  // Diverged, open in another tab, not responding: said in words, with what the user can do.
  mountRunNotice(document.body, status, trainer);
  // Ask the browser to keep saved runs when space runs low; the notice says whether it will.
  void navigator.storage
    ?.persist?.()
    .then((granted) => (status.training.storagePersisted = granted))
    .catch(() => (status.training.storagePersisted = false));
  // ?compare=1: shared and unshared twins from the same seed, plotted in the sharing panel, which
  // shows both modes' parameter counts in every mode.
  const comparison =
    config.compare && config.mode === 'app'
      ? startComparison(config, DATA_URL, { snapshotEvery: config.snapshotEvery })
      : null;
  // The docks: the HUD at the left (below), the sharing panel at the right; the room between.
  const sharingDock = createDock({ id: 'sharing-dock', side: 'right', title: 'Sharing' });
  document.body.append(sharingDock.root);
  // The room needs the width more than the arithmetic does: the sharing panel starts collapsed
  // on all but very wide windows, unless the page compares (the chart is the point then).
  sharingDock.setCollapsed(!config.compare && window.innerWidth < SHARING_OPEN_MIN_WIDTH_PX);
  mountSharingPanel(sharingDock.body, { sharing: config.sharing, comparison });
  if (config.mode === 'naive') {
    const { runNaivePeer, naiveStatusWriter } = await import('./bench/naivePeer');
    runNaivePeer(config, DATA_URL, undefined, {
      onBatch: naiveStatusWriter(status),
      onBackend: (b) => (status.backend = b),
    }).catch((err: unknown) => {
      // A benchmark mode that fails says so on the error panel, like the app itself.
      const message = err instanceof Error ? err.message : String(err);
      status.error = { message };
      showError('The naive benchmark mode failed', [message]);
    });
  }
  // Frame telemetry + governor: status.frames, status.governor, the trainer's pace.
  // The governor paces every run that shares the GPU with the frames: the app's, and the twins'.
  const governance = startGovernance({
    status,
    config,
    setPace: (p) => {
      trainer.setPace(p);
      comparison?.setPace(p);
    },
    // It judges the run that trains: in ?compare=1 the twin whose turn it is (the app run waits).
    trainingRun: trainingRunOf(status, comparison),
  });
  const history = new TrainingHistory();
  const record = new RunRecord();
  trainer.on('metrics', (m) => history.loss.push(m.step, m.loss));
  trainer.on('evaluation', (e) => history.testAccuracy.push(e.step, e.testAccuracy));

  const room = new Room(config.sharing, comparison !== null);
  // The room and the HUD show one run: the page's own, or the comparison twin whose turn it is.
  const runs = followRuns(
    { status, history, twin: null, sharing: config.sharing },
    comparison,
    (run) => {
      const sel = room.setSharing(run.sharing);
      if (sel) status.selection = sel;
    },
  );
  // The kernels' history (bounded): live, the room shows each snapshot; scrubbed back, the kept
  // kernels of that step over the newest snapshot's other parts, while training goes on.
  const kernelHistory = new KernelHistory();
  let newest: Snapshot | null = null;
  const timeline = new TimelinePanel({
    scrub: (step) => {
      const kept = kernelHistory.at(step);
      if (!kept || !newest) return;
      room.queue({ ...newest, step: kept.step, conv1Kernel: kept.conv1, conv2Kernel: kept.conv2 });
      status.kernels.shownStep = kept.step;
    },
    live: () => {
      if (newest) room.queue(newest);
      status.kernels.shownStep = newest?.step ?? null;
    },
  });
  // Kept across a reload: saved to IndexedDB now and then (less often as it grows: one MB a
  // second of interval, at least 5 s), restored under a resumed run's earlier steps.
  const historyStore = HistoryStore.open().catch(() => null);
  const historyWarning = (e: unknown) =>
    status.training.warnings.push(
      `the kernels' history could not be kept: ${e instanceof Error ? e.message : String(e)}`,
    );
  let historySavedAt = 0;
  const saveHistory = () => {
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
        timeline.setSteps(kernelHistory.steps());
      })
      .catch(historyWarning);
  });
  // The selected conv1 kernel's path over the kept steps, drawn in the timeline panel.
  const drawTrail = () => {
    const sel = status.selection;
    if (sel?.layer !== 'conv1') return timeline.showTrail(null, '');
    const trail = kernelTrail(kernelHistory.entriesList(), CONV1.filters, sel.filter);
    timeline.showTrail(trail, `conv1 kernel ${sel.filter}: distance from its first kept value`);
  };
  trainer.on('snapshot', (s) => {
    newest = s;
    kernelHistory.add({ step: s.step, conv1: s.conv1Kernel, conv2: s.conv2Kernel });
    timeline.setSteps(kernelHistory.steps());
    drawTrail();
    if (performance.now() - historySavedAt > Math.max(5000, kernelHistory.bytes / 1000)) {
      saveHistory();
    }
    if (!timeline.live || runs.current().twin !== null) return;
    room.queue(s);
    status.kernels.shownStep = s.step;
  });
  for (const twin of comparison ? Object.values(comparison.twins) : []) {
    twin.client?.on('snapshot', (s) => {
      if (runs.current().twin === twin.mode) room.queue(s);
    });
  }
  // The selected kernel's gradient: its mosaic over the input digit, its board under it.
  const gradientView = new GradientView(room.network.input.mesh, ROOM.texel.input);
  room.stack.station('input').add(gradientView.board);
  gradientView.board.position.set(0, room.stack.take('input', 0.3, 0), 0.001);
  trainer.on('kernelGradient', (g) => gradientView.queue(g));
  const container = document.getElementById('app');
  if (!container) throw new Error('#app missing from index.html');
  const actions = createActions(trainer, status, config, () => {
    history.loss.clear();
    history.testAccuracy.clear();
    record.clear();
  });
  const panel = new VrPanel(status, history, actions, trainer);
  room.scene.add(panel.mesh);
  // The learner's digit: drawn or picked, answered by the worker between steps, shown in the room.
  // During a comparison both twins answer for the same digit (sent first: a drawing is moved).
  const twinAnswers = comparison ? new TwinAnswers(Object.values(comparison.twins), status) : null;
  const digit = new DigitInput(
    (r) => {
      twinAnswers?.send(r);
      trainer.infer?.(r);
    },
    status,
    () => performance.now(),
    (r) => room.queueAnswer(r),
  );
  trainer.onDigit?.({
    inference: (r) => digit.onResult(r),
    heldout: (l) => digit.setHeldoutLabels(l),
  });
  trainer.on('snapshot', (s) => digit.onSnapshot(s));
  trainer.on('evaluation', (e) => digit.setMistakes(e.mistakes ?? [], e.step));
  const roomPad = new RoomPad(room.stack, digit);
  // The pad is part of the input station: the desktop camera frames it too.
  room.network.parts.input.push(roomPad.pad, roomPad.clearButton);
  const digitPanel = new DigitPanel(digit, status);
  panel.mesh.add(digitPanel.mesh);
  let rig: CameraRig | null = null;
  const surface = createRenderSurface(
    container,
    status,
    () => {
      room.reupload();
      panel.reupload();
      gradientView.reupload();
      roomPad.reupload();
      digitPanel.reupload();
    },
    () => rig?.reframe(),
  );
  const { renderer, camera, canvas } = surface;

  const select = (hit: KernelHit, source: SelectionStatus['source']) => {
    const previous = status.selection;
    status.selection = room.select(hit.layer, hit.filter, source);
    if (previous?.layer === hit.layer && previous.filter === hit.filter) {
      // Still the same kernel (the pointer moved over it): keep what has arrived for it.
      status.selection.gradient = previous.gradient ?? null;
      return;
    }
    status.selection.gradient = null;
    gradientView.clear();
    drawTrail();
    trainer.selectKernel?.({ layer: hit.layer, filter: hit.filter });
  };
  const desktop = new DesktopInput(renderer, camera, room, (hit) => select(hit, 'hover'));
  const cameraRig = new CameraRig(
    camera,
    desktop.controls,
    room,
    canvas,
    () => !renderer.xr.isPresenting,
  );
  rig = cameraRig;
  cameraRig.reframe();
  attachKernelKeys(
    canvas,
    kernelGrids(room),
    () => status.selection,
    (k) => select({ ...k, distance: 0 }, 'keyboard'),
  );
  const hands = new Hands(renderer, room.scene, panel);
  const controllers = new Controllers(
    renderer,
    room.scene,
    room,
    panel,
    hands,
    status,
    (hit) => select(hit, 'controller'),
    new DigitTool(roomPad, digitPanel, digit),
  );
  new PadPointer(renderer, camera, desktop.controls, roomPad, digit);
  const passthrough = new Passthrough(renderer, room);
  const hud = new Hud(status, runs, actions, room.network.ranges, config, cameraRig);
  document.body.prepend(hud.root);
  // Move the probe digit: the trainer measures how the maps and the answer follow.
  const shiftPanel = new ShiftPanel((dx, dy) => trainer.shiftProbe?.(dx, dy));
  trainer.on('shiftMeasure', (m) => shiftPanel.show(m));
  // Both are sections of the docked HUD: nothing floats over the room.
  hud.addSection('hud-history', 'Kernels over time').append(timeline.root);
  hud.addSection('hud-shift', 'Move the digit').append(shiftPanel.root);
  const drawPad = new DrawPad(digit, status);
  hud.addSection('hud-draw', 'Your digit').append(drawPad.root);

  const loop = createLoop({
    renderer,
    scene: room.scene,
    camera,
    status,
    // While the context is lost, keep the newest snapshot queued for after the restore.
    frameStart: () => {
      if (renderer.getContext().isContextLost()) return;
      if (room.applyPending(renderer)) governance.markUpload();
      if (gradientView.applyPending(renderer)) governance.markUpload();
    },
    hooks: governance.hooks,
  });
  // Hands before controllers and the panel: fingertips are current when they read them.
  for (const view of [desktop, cameraRig, room, hands, controllers, panel, runs, hud])
    loop.add(view);
  // Epochs, the confusion matrix (panel and room station), model files and the run's report.
  const confusion = new ConfusionStation();
  room.scene.add(confusion.group);
  trainer.on('metrics', (m) => record.onMetrics(m));
  trainer.on('evaluation', (e) => {
    record.onEvaluation(e);
    if (e.confusion) confusion.show(e.step, e.confusion.counts);
  });
  // Choosing a confusion cell shows its digits one by one as the learner's digit.
  const learn = new LearnPanel(status, trainer, record, config, {
    showHeldOutDigit: (index) => digit.show('heldout', index),
  });
  hud.addSection('hud-learn', 'Learning').append(learn.root);
  loop.add(learn);
  // With hand tracking, the index fingertip paints on the room's pad (after Hands in the loop).
  const fingerPainter = new FingerPainter(renderer, hands, roomPad, digit);
  for (const view of [digit, drawPad, roomPad, digitPanel, fingerPainter]) loop.add(view);

  window.addEventListener('keydown', (e) => {
    const t = e.target as HTMLElement | null;
    if (t?.closest('input, select, textarea') || e.ctrlKey || e.metaKey || e.altKey) return;
    const preset = PRESET_KEYS[e.key];
    if (preset) cameraRig.flyTo(preset);
    if (e.code !== 'Space' || t?.closest('button')) return;
    e.preventDefault();
    actions.togglePause();
  });
  // Save the run when the page may be going away.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') {
      trainer.checkpoint();
      saveHistory();
    }
  });
  window.addEventListener('pagehide', () => trainer.checkpoint());

  // The headset takes over the camera's pose; the desktop view comes back as it was.
  const savedPosition = new Vector3();
  await setupXrSession(renderer, status, config.xr === 'emulate', {
    onStart: (session, mode) => {
      governance.xrStarted(session);
      savedPosition.copy(camera.position);
      if (mode === 'immersive-ar') status.xr.passthrough = passthrough.enter(session);
      panel.setVisible(true, camera);
    },
    onEnd: () => {
      governance.xrEnded();
      passthrough.leave();
      status.xr.passthrough = false;
      panel.setVisible(false);
      camera.position.copy(savedPosition);
      desktop.controls.update();
      cameraRig.reframe();
    },
  });

  publishStatus(status, {
    pause: () => trainer.pause(),
    resume: () => trainer.resume(),
    /** Test hook: conv1 kernel checksums of the last two snapshots (trainer e2e test). */
    conv1Checksums: () => trainer.conv1Checksums?.() ?? [],
    /** Test hook: where a kernel is on screen (CSS px). */
    kernelScreenPoint: (layer: ConvLayerId, filter: number) =>
      room.kernelScreenPoint(layer, filter, camera, canvas),
    /** Test hook: where a station is on screen (CSS px of the page). */
    stationScreenRect: (name: StationName) => room.stationScreenRect(name, camera, canvas),
    /** Test hook: what the desktop camera frames, and whether it is flying there. */
    cameraView: () => ({ view: cameraRig.view, flying: cameraRig.flying }),
    /** Test hook: where a kernel is in the room (m, world space). */
    kernelWorldPoint: (layer: ConvLayerId, filter: number) => room.kernelWorldPoint(layer, filter),
    select: (layer: ConvLayerId, filter: number) =>
      select({ layer, filter, distance: 0 }, 'script'),
    /** Test hook: what the selected kernel's gradient view shows (null: nothing yet). */
    gradientView: () => gradientView.state(),
    /** Test hook: what the no-sharing mosaic shows (null with sharing). */
    mosaic: () => room.network.mosaicState(),
    /** Test hook: which run the room and the HUD show (null: the page's own) and its step. */
    shownRun: () => ({ twin: runs.current().twin, step: room.network.shownStep }),
    /** Test hook: where an in-VR panel button is in the room (m, world space). */
    panelButtonWorldPoint: (id: 'toggle' | 'reset', depth?: number) =>
      panel.buttonWorldPoint(id, depth),
    /** Test hook: a hand's index fingertip (m, world space), as the drawing pad reads it. */
    fingertip: (handedness: 'left' | 'right') => {
      const t = hands.fingertip(handedness);
      const p = t.position;
      return { tracked: t.tracked, x: p.x, y: p.y, z: p.z, pinching: t.pinching };
    },
    /** Test hook: where a point of the room's pad (pad units, y down) or its Clear button is. */
    padWorldPoint: (x: number | 'clear', y?: number) => roomPad.worldPoint(x, y),
    /** Test hook: where a button of the in-VR digit wing is (m, world space). */
    digitButtonWorldPoint: (id: DigitButtonId) => digitPanel.buttonWorldPoint(id),
    /** Test hook: where a point of the room's pad is on screen (CSS px). */
    padScreenPoint: (x: number, y: number) => roomPad.screenPoint(x, y, camera, canvas),
    /** Test hook: which answer the room's maps show, and a checksum of conv1's maps. */
    shownDigit: () => room.network.shownDigit(),
    /** Test hook: the strokes drawn so far (pad units: x0, y0, x1, y1... per stroke). */
    strokes: () => digit.strokes.strokes.map((st) => [...st]),
    /** Request-to-answer times (ms) of recent digit requests (latency measurements). */
    inferenceLatencies: () => digit.latencies(),
    /** Script hook: show a digit of the held-out or training set by position. */
    showDigit: (source: 'heldout' | 'train', index: number) => digit.show(source, index),
    /** Test hooks: make the trainer worker fail, or end it without a word (issue 9). */
    trainerFault: (fault: 'hang' | 'throw' | 'reject' | 'loseContext') =>
      trainer.testFault?.(fault),
    killTrainer: () => trainer.killWorker?.(),
  });
  loop.start();
  status.ready = true;
}

main().catch((err: unknown) => {
  // Nothing to show without a renderer (no WebGL 2...): say what stopped the app.
  const message = err instanceof Error ? err.message : String(err);
  console.error('Weightroom did not start:', err);
  showError('Weightroom did not start', [message]);
});
