/**
 * The HUD inside the room for a headset: a CanvasTexture plane placed within reach in front of
 * the viewer when a session starts (panelPose.ts), a little below eye level and tilted to face
 * them; a controller's squeeze or a hand's pinch-and-drag moves it. Redrawn a few times a second
 * (a canvas redraw and upload are not per-frame work), only while presenting. Two buttons, hit by
 * a controller ray, a hand's pinch or a fingertip: pause/resume and reset (reset asks for a second
 * press, since a headset cannot show window.confirm).
 */
import {
  type Camera,
  type CanvasTexture,
  Euler,
  Mesh,
  MeshBasicMaterial,
  PlaneGeometry,
  Vector3,
} from 'three';
import type { Actions } from '../ui/actions';
import { frameLine, num, pct, softwareWarning, stateLine } from '../ui/format';
import type { TrainingHistory } from '../ui/history';
import { drawSparkline } from '../ui/sparkline';
import type { View } from '../loop';
import { refreshTurns } from '../ui/refreshTurns';
import { selectionSentence } from '../scene/selection';
import type { StatusStore } from '../status';
import { canvasBoxWorldPoint, panelTexture } from './panelCanvas';
import { PANEL_PX, PANEL_SIZE, panelPoseInFront, type PanelPose } from './panelPose';
import type { TrainerClient } from '../trainerClient';
import { vrRunButton } from '../ui/runNotice';
import {
  canvasFont,
  clip,
  paintButton,
  paintPanelBackground,
  panelButtonLook,
  wrapText,
} from '../ui/canvasText';

const W = PANEL_PX.width;
const H = PANEL_PX.height;
const REFRESH_S = 0.25;
/** Frames to wait after a session starts before the headset's pose is known. */
const PLACE_AFTER_FRAMES = 2;
// Scratch for placing the panel (once per session, but kept off the heap anyway).
const headPos = new Vector3();
const headEuler = new Euler(0, 0, 0, 'YXZ');
const pose: PanelPose = { x: 0, y: 0, z: 0, yaw: 0, pitch: 0 };

/** Seconds a first press on Reset stays armed. */
const RESET_ARM_S = 4;

interface Button {
  readonly id: 'toggle' | 'reset';
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}
const BUTTONS: readonly Button[] = [
  { id: 'toggle', x: 40, y: 540, w: 300, h: 76 },
  { id: 'reset', x: 370, y: 540, w: 300, h: 76 },
];

export class VrPanel implements View {
  readonly mesh: Mesh<PlaneGeometry, MeshBasicMaterial>;
  private readonly canvas = document.createElement('canvas');
  private readonly texture: CanvasTexture;
  private clock = REFRESH_S;
  private time = 0;
  private resetArmedUntil = -1;
  /** The headset's camera while the panel waits to be placed in front of it. */
  private placeBefore: Camera | null = null;
  private placeIn = 0;

  constructor(
    private readonly status: StatusStore,
    private readonly history: TrainingHistory,
    private readonly actions: Actions,
    /** Diverged: the buttons become Keep going / Roll back; blocked: Take over here. */
    private readonly run?: Pick<TrainerClient, 'rollBack' | 'takeOver'>,
  ) {
    this.canvas.width = W;
    this.canvas.height = H;
    this.texture = panelTexture(this.canvas);
    this.texture.anisotropy = 4;
    this.mesh = new Mesh(
      new PlaneGeometry(PANEL_SIZE.width, PANEL_SIZE.height),
      new MeshBasicMaterial({ map: this.texture, toneMapped: false, transparent: true }),
    );
    this.mesh.name = 'vr-panel';
    this.mesh.rotation.order = 'YXZ';
    this.mesh.visible = false;
  }

  /** Puts the panel at `pose` (once per session, in front of the viewer). */
  place(pose: PanelPose): void {
    this.mesh.position.set(pose.x, pose.y, pose.z);
    this.mesh.rotation.set(pose.pitch, pose.yaw, 0, 'YXZ');
    this.mesh.updateMatrixWorld();
  }

  /** Shows or hides the panel; shown with `head`, it is placed in front of the headset. */
  setVisible(on: boolean, head: Camera | null = null): void {
    this.mesh.visible = on;
    this.clock = REFRESH_S; // draw on the next frame
    this.placeBefore = on ? head : null;
    this.placeIn = PLACE_AFTER_FRAMES;
  }

  /** Per frame: redraw at most every REFRESH_S, and only while shown. */
  update(dt: number): void {
    this.time += dt;
    if (!this.mesh.visible) return;
    if (this.placeBefore && --this.placeIn <= 0) {
      const head = this.placeBefore;
      this.placeBefore = null;
      head.updateMatrixWorld();
      headPos.setFromMatrixPosition(head.matrixWorld);
      headEuler.setFromRotationMatrix(head.matrixWorld, 'YXZ');
      this.place(panelPoseInFront(pose, headPos.x, headPos.y, headPos.z, headEuler.y));
    }
    this.clock += dt;
    // Due, and no other periodic refresh ran this frame (else the next frame: refreshTurns.ts).
    if (this.clock < REFRESH_S || !refreshTurns.take(this.clock - REFRESH_S)) return;
    this.clock = 0;
    this.draw();
  }

  /** A controller, pinch or fingertip pressed the panel at `uv`; returns the button hit, if any. */
  press(u: number, v: number): Button['id'] | null {
    const x = u * W;
    const y = (1 - v) * H;
    const b = BUTTONS.find((b) => x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h);
    if (!b) return null;
    const runAction = vrRunButton(b.id, this.status.training.state);
    if (runAction === 'Roll back') this.run?.rollBack?.();
    else if (runAction === 'Take over here') this.run?.takeOver?.();
    else if (b.id === 'toggle') this.actions.togglePause();
    else if (this.time < this.resetArmedUntil) {
      this.resetArmedUntil = -1;
      void this.actions.reset(true);
    } else this.resetArmedUntil = this.time + RESET_ARM_S;
    this.clock = REFRESH_S;
    return b.id;
  }

  private draw(): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    const s = this.status;
    const t = s.training;
    paintPanelBackground(ctx, W, H);
    ctx.textBaseline = 'alphabetic';
    ctx.textAlign = 'left';
    ctx.fillStyle = '#e8ecf2';
    ctx.font = canvasFont(PANEL_PX.title, 700);
    ctx.fillText('Weightroom', 40, 62);
    const stateX = 40 + ctx.measureText('Weightroom').width + 28;
    ctx.font = canvasFont(PANEL_PX.body, 600);
    ctx.fillStyle = t.state === 'running' ? '#3dffb5' : t.state === 'error' ? '#ff6b6b' : '#ffa828';
    ctx.fillText(clip(stateLine(s), 44), stateX, 62);

    ctx.font = canvasFont(PANEL_PX.body);
    ctx.fillStyle = '#c8d0dc';
    ctx.fillText(`step ${t.step}`, 40, 118);
    ctx.fillText(`${num(t.stepsPerSecond, 1)} steps/s`, 280, 118);
    ctx.fillText(`loss ${num(t.lossSmoothed ?? t.loss, 3)}`, 520, 118);
    ctx.fillText(`test ${pct(t.testAccuracy)}`, 770, 118);

    ctx.font = canvasFont(PANEL_PX.small);
    ctx.fillStyle = '#8a93a0';
    ctx.fillText('loss', 40, 160);
    ctx.fillText('test accuracy', 530, 160);
    drawSparkline(ctx, 40, 170, 450, 90, this.history.loss, {
      color: '#ffa828',
      range: null,
      lineWidth: 3,
    });
    drawSparkline(ctx, 530, 170, 450, 90, this.history.testAccuracy, {
      color: '#3dffb5',
      range: [0, 1],
      lineWidth: 3,
    });

    ctx.font = canvasFont(PANEL_PX.small);
    ctx.fillStyle = '#aab2bf';
    ctx.fillText(clip(frameLine(s), 80), 40, 305);
    const rate = s.xr.frameRate ? ` · headset ${s.xr.frameRate} Hz` : '';
    ctx.fillText(clip(`${s.render.drawCalls} draw calls${rate}`, 80), 40, 340);
    let y = 385;
    const soft = softwareWarning(s);
    if (soft) {
      ctx.fillStyle = '#ffd9a0';
      y = wrapText(ctx, soft, 40, y, W - 80, 30, 2);
    }
    ctx.fillStyle = '#d8fff0';
    const sel = s.selection
      ? selectionSentence(s.selection)
      : 'Point at a kernel (upper rows) and pull the trigger to see weight sharing.';
    wrapText(ctx, sel, 40, y + 6, W - 80, 30, 3);

    for (const b of BUTTONS) {
      const armed = b.id === 'reset' && this.time < this.resetArmedUntil;
      const look = panelButtonLook(b.id === 'toggle' ? '#3dffb5' : '#ff9b6b', 32);
      const text =
        vrRunButton(b.id, t.state) ??
        (b.id === 'toggle'
          ? t.state === 'running' || t.state === 'warming-up'
            ? 'Pause'
            : 'Resume'
          : armed
            ? 'Press again: reset'
            : 'Reset');
      paintButton(ctx, b, text, armed ? { ...look, fill: '#ff6b6b', textColor: '#0d0f13' } : look);
    }
    ctx.font = canvasFont(PANEL_PX.small);
    ctx.fillStyle = '#8a93a0';
    // Squeeze (controller) or pinch (hand) and drag: on the panel it moves the panel. The stick
    // with the ray on the input digit moves the digit a pixel a flick (xr/shiftTool.ts).
    ctx.fillText('Stick / grab + drag:', 700, 560);
    ctx.fillText('moves network, panel;', 700, 588);
    ctx.fillText('on the digit, moves it', 700, 616);
    this.texture.needsUpdate = true;
  }

  /**
   * Where a button's centre is in the room (world space, m), or `depth` m in front of it along the
   * panel's normal: a test hook for aiming a ray or a fingertip.
   */
  buttonWorldPoint(id: Button['id'], depth = 0): { x: number; y: number; z: number } {
    const b = BUTTONS.find((x) => x.id === id);
    if (!b) throw new Error(`no panel button ${id}`);
    return canvasBoxWorldPoint(this.mesh, this.canvas, b, depth);
  }

  reupload(): void {
    this.texture.needsUpdate = true;
  }

  dispose(): void {
    this.texture.dispose();
    this.mesh.geometry.dispose();
    this.mesh.material.dispose();
  }
}
