/**
 * Publishes window.weightroom: status() with pause and resume, and the hooks through which tests,
 * the benchmark and scripts ask where things are and drive the app as a user or headset would.
 */
import type { ConvLayerId, StationName } from '../network';
import type { GradientView } from '../scene/gradientView';
import type { RenderSurface } from '../scene/renderer';
import type { Room } from '../scene/room';
import { publishStatus, type StatusStore } from '../status';
import type { SampleRing } from '../telemetry/ring';
import type { TrainerClient } from '../trainerClient';
import type { RunFollower } from '../ui/watchedRun';
import type { DigitButtonId } from '../xr/digitPanel';
import type { HistorySlider } from '../xr/historySlider';
import type { VrPanel } from '../xr/vrPanel';
import type { SelectKernel } from './kernelSelection';
import type { LearnerDigit } from './learnerDigit';
import type { RoomInput } from './roomInput';
import type { ProbeShift } from './probeShift';
import { Vector3 } from 'three';

export interface PublishedParts {
  readonly trainer: TrainerClient;
  readonly room: Room;
  readonly surface: RenderSurface;
  readonly select: SelectKernel;
  readonly gradientView: GradientView;
  readonly runs: RunFollower;
  readonly panel: VrPanel;
  readonly input: RoomInput;
  readonly learnerDigit: LearnerDigit;
  readonly historySlider?: HistorySlider;
  readonly probeShift: ProbeShift;
  /** The frame loop's frame-callback starts (performance.now(), ms). */
  readonly frameStarts?: SampleRing;
}

export function publishApp(status: StatusStore, p: PublishedParts): void {
  const { trainer, room } = p;
  const { camera, canvas } = p.surface;
  const { cameraRig, hands } = p.input;
  const { digit, roomPad, digitPanel } = p.learnerDigit;
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
      p.select({ layer, filter, distance: 0 }, 'script'),
    /** Test hook: what the selected kernel's gradient view shows (null: nothing yet). */
    gradientView: () => p.gradientView.state(),
    /** Test hook: shader programs compiled so far (selecting a kernel must add none). */
    shaderPrograms: () => p.surface.renderer.info.programs?.length ?? 0,
    /** Test hook: what the room's moved-digit board shows. */
    shiftBoard: () => p.probeShift.board.state(),
    /** Test hook: the input digit's centre (m, world space), where the VR thumbstick moves it. */
    inputWorldPoint: () => room.network.input.mesh.getWorldPosition(new Vector3()),
    /** Test hook: what the no-sharing mosaic shows (null with sharing). */
    mosaic: () => room.network.mosaicState(),
    /** Test hook: which run the room and the HUD show (null: the page's own) and its step. */
    shownRun: () => ({ twin: p.runs.current().twin, step: room.network.shownStep }),
    /** Test hook: where an in-VR panel button is in the room (m, world space). */
    panelButtonWorldPoint: (id: 'toggle' | 'reset', depth?: number) =>
      p.panel.buttonWorldPoint(id, depth),
    /** Test hook: a hand's index fingertip (m, world space), as the drawing pad reads it. */
    fingertip: (handedness: 'left' | 'right') => {
      const t = hands.fingertip(handedness);
      const pos = t.position;
      return { tracked: t.tracked, x: pos.x, y: pos.y, z: pos.z, pinching: t.pinching };
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
    /** Test hook: where the in-VR history slider's Live or a kept index is (m, world space). */
    historySliderWorldPoint: (target: 'live' | number) => p.historySlider?.worldPoint(target),
    /** Test hook: how many kept steps the history slider spans. */
    historySliderCount: () => p.historySlider?.keptCount ?? 0,
    /** Bench hook: the kept frame-callback starts (performance.now(), ms), oldest first. */
    frameStarts: () => {
      const ring = p.frameStarts;
      const out: number[] = [];
      if (ring) for (let i = 0; i < ring.length; i++) out.push(ring.at(i));
      return out;
    },
  });
}
