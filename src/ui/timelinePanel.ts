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
    this.root.append(title, s, this.text, this.liveButton);
    this.render(null);
  }

  get live(): boolean {
    return this.isLive;
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

  private scrubTo(index: number): void {
    const step = this.steps[index];
    if (step === undefined) return;
    this.isLive = false;
    this.render(step);
    this.handlers.scrub(step);
  }

  private goLive(): void {
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
