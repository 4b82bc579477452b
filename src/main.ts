/**
 * Wiring only: config -> trainer worker -> room (scene) -> desktop HUD / XR -> one frame loop.
 * Each concern lives in its own folder (what this page builds from them, in src/app/); this page
 * connects them in order and publishes window.weightroom.
 */
import { parseConfig } from './config/parse';
import type { Config } from './config/schema';
import { showConfigErrors, showError } from './ui/errorPanel';
import { createActions } from './ui/actions';
import { TrainingHistory } from './ui/history';
import { followRuns } from './ui/watchedRun';
import { Hud } from './hud/hud';
import { DrawPad } from './hud/drawPad';
import { RunRecord } from './hud/runReport';
import { createLoop } from './loop';
import type { CameraRig } from './scene/cameraRig';
import { GradientView } from './scene/gradientView';
import { precompile } from './scene/precompile';
import { ROOM } from './scene/layout';
import { createRenderSurface } from './scene/renderer';
import { Room } from './scene/room';
import { initialStatus, publishStatus } from './status';
import { startGovernance } from './telemetry/governance';
import { trainingRunOf } from './telemetry/trainingRun';
import { startTrainer } from './trainerClient';
import { installEmulator } from './xr/emulate';
import { FingerPainter } from './xr/fingerPainter';
import { VrPanel } from './xr/vrPanel';
import { HistorySlider } from './xr/historySlider';
import { startAppTrainer } from './app/appTrainer';
import { wireHeadset } from './app/headset';
import { kernelSelector } from './app/kernelSelection';
import { wireKernelTimeline } from './app/kernelTimeline';
import { wireLearnerDigit } from './app/learnerDigit';
import { wireLearning } from './app/learning';
import { startNaiveMode } from './app/naiveMode';
import { attachPageKeys } from './app/pageKeys';
import { publishApp } from './app/publish';
import { wireProbeShift } from './app/probeShift';
import { wireRoomInput } from './app/roomInput';
import { saveOnLeave } from './app/saveOnLeave';
import { startSharing } from './app/sharing';

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
  const trainer = startAppTrainer(config, DATA_URL, status);
  // ?compare=1: shared and unshared twins from the same seed, plotted in the sharing panel.
  const { comparison, twinShifts } = startSharing(config, DATA_URL, status, () => {
    // The kernels' history scrubbed back: a cursor on the comparison chart at the step shown.
    const k = status.kernels;
    return k.shownStep !== null && k.shownStep !== k.step ? k.shownStep : null;
  });
  if (config.mode === 'naive') await startNaiveMode(config, DATA_URL, status);
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
  const timeline = wireKernelTimeline(trainer, comparison, room, runs, status, history);
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
  // The history slider above the in-VR panel drives the same timeline.
  const historySlider = new HistorySlider(panel.mesh, timeline.panel);
  const learnerDigit = wireLearnerDigit(trainer, comparison, status, room, panel);
  const { digit, roomPad, digitPanel } = learnerDigit;
  // Moving the probe digit: desktop ranges, the VR thumbstick, the room's board, both twins.
  const probeShift = wireProbeShift(trainer, twinShifts, room);
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
      historySlider.reupload();
      probeShift.board.reupload();
    },
    () => rig?.reframe(),
  );
  const { renderer, camera } = surface;

  const select = kernelSelector(status, room, gradientView, trainer, timeline.drawTrail);
  const input = wireRoomInput(
    surface,
    room,
    panel,
    status,
    select,
    learnerDigit,
    historySlider,
    probeShift.tool,
  );
  const { desktop, cameraRig, hands, controllers } = input;
  rig = cameraRig;
  const hud = new Hud(status, runs, actions, room.network.ranges, config, cameraRig);
  document.body.prepend(hud.root);
  // Move the probe digit: the trainer measures how the maps and the answer follow.
  const shiftPanel = probeShift.panel;
  // Both are sections of the docked HUD: nothing floats over the room.
  hud.addSection('hud-history', 'Kernels over time').append(timeline.panel.root);
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
      status.kernels.shownMapsStep = room.network.mapsStep; // per frame: a number, no allocation
      if (gradientView.applyPending(renderer)) governance.markUpload();
    },
    hooks: governance.hooks,
  });
  // Hands before controllers and the panel: fingertips are current when they read them.
  for (const view of [desktop, cameraRig, room, hands, controllers, panel, runs, hud])
    loop.add(view);
  loop.add(historySlider);
  // Epochs, the confusion matrix (panel and room station), model files and the run's report.
  const learn = wireLearning(trainer, status, record, config, room, digit);
  hud.addSection('hud-learn', 'Learning').append(learn.root);
  loop.add(learn);
  // With hand tracking, the index fingertip paints on the room's pad (after Hands in the loop).
  const fingerPainter = new FingerPainter(renderer, hands, roomPad, digit);
  for (const view of [digit, drawPad, roomPad, digitPanel, fingerPainter]) loop.add(view);

  attachPageKeys(cameraRig, actions);
  saveOnLeave(trainer, timeline.save);
  const emulated = config.xr === 'emulate';
  await wireHeadset({ ...input, surface, room, status, emulated, governance, panel });
  publishApp(status, {
    trainer,
    room,
    surface,
    select,
    gradientView,
    runs,
    panel,
    input,
    learnerDigit,
    historySlider,
    probeShift,
    frameStarts: loop.frameStarts,
  });
  // Hidden materials (a selected kernel's views) compile now, not at the first selection.
  precompile(renderer, room.scene, camera).catch((e: unknown) => console.warn('precompile', e));
  loop.start();
  status.ready = true;
}

main().catch((err: unknown) => {
  // Nothing to show without a renderer (no WebGL 2...): say what stopped the app.
  const message = err instanceof Error ? err.message : String(err);
  console.error('Weightroom did not start:', err);
  showError('Weightroom did not start', [message]);
});
