/**
 * The kernels' history on the desktop: a "Training history" range input scrubs back through the
 * kept steps while training continues; "Live" returns to the newest kernels. Nothing here runs
 * per frame: it changes when a snapshot arrives or the learner moves the slider.
 */
import './timeline.css';

export interface TimelineHandlers {
  /** The learner scrubbed to the kept step `step`. */
  scrub(step: number): void;
  /** Back to the newest kernels. */
  live(): void;
}

export class TimelinePanel {
  readonly root = document.createElement('section');
  readonly slider = document.createElement('input');
  readonly liveButton = document.createElement('button');
  private readonly text = document.createElement('span');
  /** The selected conv1 kernel's path: its distance from where it started, over the kept steps. */
  readonly trail = document.createElement('canvas');
  private steps: readonly number[] = [];
  private isLive = true;

  constructor(private readonly handlers: TimelineHandlers) {
    this.root.className = 'wr-panel timeline-panel';
    this.root.id = 'timeline-panel';
    const s = this.slider;
    s.type = 'range';
    s.min = '0';
    s.max = '0';
    s.step = '1';
    s.value = '0';
    s.setAttribute('aria-label', 'Training history');
    s.addEventListener('input', () => this.scrubTo(Number(s.value)));
    this.liveButton.type = 'button';
    this.liveButton.textContent = 'Live';
    this.liveButton.addEventListener('click', () => this.goLive());
    this.text.className = 'timeline-step';
    const title = document.createElement('span');
    title.textContent = 'kernels at';
    this.trail.width = 160;
    this.trail.height = 36;
    this.trail.className = 'timeline-trail';
    this.trail.setAttribute('role', 'img');
    this.trail.setAttribute('aria-label', "Selected kernel's path");
    this.trail.hidden = true;
    this.root.append(title, s, this.text, this.liveButton, this.trail);
    this.render(null);
  }

  get live(): boolean {
    return this.isLive;
  }

  /** The kept steps, oldest first (the slider's positions). */
  get keptSteps(): readonly number[] {
    return this.steps;
  }

  /** The slider's position: the index of the kept step shown (the newest when live). */
  get index(): number {
    return Number(this.slider.value);
  }

  /** The kept steps changed (a snapshot arrived, thinning dropped some). */
  setSteps(steps: readonly number[]): void {
    const shown = this.isLive ? null : this.steps[Number(this.slider.value)];
    this.steps = steps;
    this.slider.max = String(Math.max(0, steps.length - 1));
    if (this.isLive) {
      this.slider.value = this.slider.max;
      this.render(steps[steps.length - 1] ?? null);
    } else if (shown !== undefined && shown !== null) {
      // Keep the slider on the step shown, wherever thinning moved it in the list.
      const i = steps.findIndex((st) => st >= shown);
      this.slider.value = String(i < 0 ? steps.length - 1 : i);
    }
  }

  /**
   * Draws a conv1 kernel's trail (distance from its first kept value at each kept step), or
   * hides it (null: no conv1 kernel selected).
   */
  showTrail(trail: Float32Array | null, title: string): void {
    this.trail.hidden = trail === null;
    const ctx = this.trail.getContext('2d');
    if (!trail || !ctx) return;
    this.trail.title = title;
    const { width: w, height: h } = this.trail;
    ctx.clearRect(0, 0, w, h);
    let max = 0;
    for (const v of trail) max = Math.max(max, v);
    ctx.strokeStyle = '#3dffb5';
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    trail.forEach((v, i) => {
      const x = trail.length > 1 ? (i / (trail.length - 1)) * (w - 2) + 1 : w / 2;
      const y = h - 2 - (max > 0 ? (v / max) * (h - 4) : 0);
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    });
    ctx.stroke();
    this.trail.dataset.points = String(trail.length);
    this.trail.dataset.max = max.toPrecision(3);
  }

  /** Shows the kept step at `index` (the slider, or the in-VR panel's slider, moved there). */
  scrubTo(index: number): void {
    const step = this.steps[index];
    if (step === undefined) return;
    this.slider.value = String(index);
    this.isLive = false;
    this.render(step);
    this.handlers.scrub(step);
  }

  /** Back to the newest kernels ("Live", here or in VR). */
  goLive(): void {
    this.isLive = true;
    this.slider.value = this.slider.max;
    this.render(this.steps[this.steps.length - 1] ?? null);
    this.handlers.live();
  }

  private render(step: number | null): void {
    this.text.textContent = step === null ? '-' : `step ${step}${this.isLive ? ' (live)' : ''}`;
    this.liveButton.disabled = this.isLive;
    this.root.dataset.live = String(this.isLive);
  }
}
