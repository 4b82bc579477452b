/**
 * Choosing a kernel with the keyboard: the arrow keys move across the kernel grids as they stand
 * in the room, conv1's grid above conv2's in reading order. Left and right step one kernel (and
 * carry over between the layers); up and down step one row, from conv1's last row into conv2's
 * first. A pure function, so the room, its tests and a screen reader's description agree.
 */
import type { ConvLayerId } from '../network';
import type { Room } from './room';

export interface KernelGrid {
  /** Kernels in the layer. */
  readonly count: number;
  /** Kernels per row in the room's atlas. */
  readonly cols: number;
}

export type KernelKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'Home' | 'End';

export const KERNEL_KEYS: readonly string[] = [
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'Home',
  'End',
];

export interface KernelRef {
  readonly layer: ConvLayerId;
  readonly filter: number;
}

/** The kernel a key moves to from `at` (the same one at an edge). */
export function moveKernel(
  at: KernelRef,
  key: KernelKey,
  grids: Readonly<Record<ConvLayerId, KernelGrid>>,
): KernelRef {
  const g = grids[at.layer];
  const f = at.filter;
  const col = f % g.cols;
  switch (key) {
    case 'Home':
      return { layer: at.layer, filter: 0 };
    case 'End':
      return { layer: at.layer, filter: g.count - 1 };
    case 'ArrowRight':
      if (f + 1 < g.count) return { layer: at.layer, filter: f + 1 };
      return at.layer === 'conv1' ? { layer: 'conv2', filter: 0 } : at;
    case 'ArrowLeft':
      if (f > 0) return { layer: at.layer, filter: f - 1 };
      return at.layer === 'conv2' ? { layer: 'conv1', filter: grids.conv1.count - 1 } : at;
    case 'ArrowDown':
      if (f + g.cols < g.count) return { layer: at.layer, filter: f + g.cols };
      return at.layer === 'conv1'
        ? { layer: 'conv2', filter: Math.min(col, grids.conv2.count - 1) }
        : at;
    case 'ArrowUp': {
      if (f - g.cols >= 0) return { layer: at.layer, filter: f - g.cols };
      if (at.layer === 'conv1') return at;
      const c1 = grids.conv1;
      const lastRow = Math.floor((c1.count - 1) / c1.cols) * c1.cols;
      return { layer: 'conv1', filter: Math.min(lastRow + col, c1.count - 1) };
    }
  }
}

/**
 * Keyboard selection on the room's canvas: focusing it (Tab) selects a kernel if none is, and the
 * arrow keys, Home and End move the selection. Returns the function that detaches it.
 */
export function attachKernelKeys(
  canvas: HTMLCanvasElement,
  grids: Readonly<Record<ConvLayerId, KernelGrid>>,
  current: () => KernelRef | null,
  select: (to: KernelRef) => void,
): () => void {
  const onFocus = () => {
    if (!current()) select({ layer: 'conv1', filter: 0 });
  };
  const onKey = (e: KeyboardEvent) => {
    if (!KERNEL_KEYS.includes(e.key)) return;
    e.preventDefault(); // the arrows would scroll or orbit
    select(moveKernel(current() ?? { layer: 'conv1', filter: 0 }, e.key as KernelKey, grids));
  };
  canvas.addEventListener('focus', onFocus);
  canvas.addEventListener('keydown', onKey);
  return () => {
    canvas.removeEventListener('focus', onFocus);
    canvas.removeEventListener('keydown', onKey);
  };
}

/** The room's kernel grids, as the keys move across them. */
export function kernelGrids(room: Room): Record<ConvLayerId, KernelGrid> {
  const a = room.network.kernelAtlases;
  return {
    conv1: { count: a.conv1.grid.count, cols: a.conv1.grid.cols },
    conv2: { count: a.conv2.grid.count, cols: a.conv2.grid.cols },
  };
}
