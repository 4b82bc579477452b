/**
 * What the trainer reports about the probe digit: the snapshot (drawn with the digit moved, when
 * the learner moved it), the shift measure, and the selected kernel's gradient. The probe's move
 * and the selected kernel are kept here, between the messages that set them and the reports.
 */
import type * as tf from '@tensorflow/tfjs';
import type { SharingMode } from '../config/schema';
import {
  type FromWorker,
  type KernelRef,
  kernelGradientTransferables,
  snapshotTransferables,
} from '../protocol';
import { SelectedKernel } from './selectedKernel';
import { measureShift, shiftedDigit } from './shiftProbe';
import { readSnapshot } from './snapshot';

/** The run as the reports read it. */
export interface ProbeView {
  readonly model: tf.Sequential;
  /** The probe digit [1, 28, 28, 1] and its label. */
  readonly probe: tf.Tensor4D;
  readonly probeLabel: number;
  readonly sharing: SharingMode;
  readonly step: number;
}

export class ProbeReports {
  /** The kernel the page selected: its update is kept around each step while selected. */
  readonly kernel = new SelectedKernel();
  /** The probe digit's move [dx, dy]: snapshots show the moved digit, and measure the move. */
  private shift: readonly [number, number] = [0, 0];

  constructor(private readonly post: (msg: FromWorker, transfer?: Transferable[]) => void) {}

  moveProbe(shift: readonly [number, number]): void {
    this.shift = shift;
  }

  /** Selects a kernel (or none); returns whether its gradient should be explained now. */
  selectKernel(kernel: KernelRef | null): boolean {
    this.kernel.select(kernel);
    return kernel !== null;
  }

  async sendSnapshot(view: ProbeView, measureShift = false): Promise<void> {
    const [dx, dy] = this.shift;
    const still = dx === 0 && dy === 0;
    const pixels = still ? null : ((await view.probe.data()) as Float32Array);
    const probe = pixels ? shiftedDigit(pixels, dx, dy) : view.probe;
    try {
      const snapshot = await readSnapshot(view.model, {
        step: view.step,
        sharing: view.sharing,
        probe,
        probeLabel: view.probeLabel,
      });
      this.post({ type: 'snapshot', snapshot }, snapshotTransferables(snapshot));
    } finally {
      if (probe !== view.probe) probe.dispose();
    }
    // Measured while the digit is moved (81 extra digits forward), and once when it moves back.
    if (!still || measureShift) await this.sendShiftMeasure(view);
    await this.sendKernelGradient(view);
  }

  /** How the maps and the answer follow the probe's move (also at no move, so status follows). */
  async sendShiftMeasure(view: ProbeView): Promise<void> {
    const [dx, dy] = this.shift;
    const pixels = (await view.probe.data()) as Float32Array;
    const m = await measureShift(view.model, pixels, view.probeLabel, dx, dy);
    const measure = { ...m, step: view.step, probeLabel: view.probeLabel };
    this.post({ type: 'shiftMeasure', measure }, [
      measure.predictionUnderShift.buffer as ArrayBuffer,
    ]);
  }

  /** The selected kernel's gradient on the probe digit, as a sum over positions (if selected). */
  async sendKernelGradient(view: ProbeView): Promise<void> {
    const g = await this.kernel.report(
      view.model,
      view.sharing,
      view.probe,
      view.probeLabel,
      view.step,
    );
    if (g) this.post({ type: 'kernelGradient', gradient: g }, kernelGradientTransferables(g));
  }
}
