/**
 * Draws strokes on a 2D canvas as the person drew them (white on black, round pen): the desktop
 * pad and the room's pad show the same thing. What the network reads is preprocessed separately.
 */
import type { Stroke } from './strokes';

/** Clears a square canvas of `size` px and draws the strokes with a pen `pen` px wide. */
export function drawStrokes(
  g: CanvasRenderingContext2D,
  strokes: readonly Stroke[],
  size: number,
  pen: number,
): void {
  g.fillStyle = '#000';
  g.fillRect(0, 0, size, size);
  g.strokeStyle = '#fff';
  g.lineWidth = pen;
  g.lineCap = 'round';
  g.lineJoin = 'round';
  for (const s of strokes) {
    g.beginPath();
    g.moveTo(s[0]! * size, s[1]! * size);
    // A single point still leaves a dot.
    if (s.length === 2) g.lineTo(s[0]! * size + 0.01, s[1]! * size);
    for (let i = 2; i + 1 < s.length; i += 2) g.lineTo(s[i]! * size, s[i + 1]! * size);
    g.stroke();
  }
}
