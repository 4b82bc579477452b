/**
 * With tracked hands on IWER's emulated Meta Quest 3, the index fingertip paints on the room's
 * drawing pad (src/xr/fingerPainter.ts): hovering in front of the pad draws nothing, touching it and
 * sliding along draws a stroke, and the network answers for the drawn digit.
 */
import { expect, status, test, waitForStatus } from './fixtures';
import { RAISED, enter, frames, hook, pose, useInput, type Point } from './xrDevice';

const URL = '/?autostart=0&backend=wasm';

const minus = (a: Point, b: Point): Point => ({ x: a.x - b.x, y: a.y - b.y, z: a.z - b.z });
const plus = (a: Point, b: Point): Point => ({ x: a.x + b.x, y: a.y + b.y, z: a.z + b.z });
const times = (a: Point, k: number): Point => ({ x: a.x * k, y: a.y * k, z: a.z * k });
function cross(a: Point, b: Point): Point {
  return { x: a.y * b.z - a.z * b.y, y: a.z * b.x - a.x * b.z, z: a.x * b.y - a.y * b.x };
}
const unit = (a: Point): Point => times(a, 1 / Math.hypot(a.x, a.y, a.z));

test('with tracked hands the index fingertip touching the pad paints a stroke and the network answers', async ({
  xrPage: page,
}) => {
  test.setTimeout(240_000);
  await enter(page, URL, /^Enter VR/);
  await useInput(page, 'hand');
  await pose(page, 'hand', 'right', RAISED);
  await frames(page, 3);
  const tip = await hook<Point & { tracked: boolean }>(page, 'fingertip', 'right');
  expect(tip.tracked, 'the fingertip is tracked').toBe(true);
  const tipFromHand = minus(tip, RAISED);
  // The pad's own axes, from its corners: right x up points out of the pad, towards the user.
  const padAt = (u: number, v: number) => hook<Point>(page, 'padWorldPoint', u, v);
  const right = minus(await padAt(1, 0.5), await padAt(0, 0.5));
  const up = minus(await padAt(0.5, 0), await padAt(0.5, 1));
  const out = unit(cross(right, up));
  const fingertipAt = (p: Point) => pose(page, 'hand', 'right', minus(p, tipFromHand));

  // Hovering 6 cm in front of the pad draws nothing.
  await fingertipAt(plus(await padAt(0.3, 0.3), times(out, 0.06)));
  await frames(page, 3);
  expect(await hook<number[][]>(page, 'strokes')).toEqual([]);

  // Touch, slide down and right along the surface, and lift the finger out.
  for (let i = 0; i <= 6; i++) {
    await fingertipAt(await padAt(0.3 + i * 0.06, 0.3 + i * 0.06));
    await frames(page, 2);
  }
  await fingertipAt(plus(await padAt(0.66, 0.66), times(out, 0.06)));
  await frames(page, 3);
  const strokes = await hook<number[][]>(page, 'strokes');
  expect(strokes.length, 'one stroke').toBe(1);
  // Points are (x, y) pairs in pad units: the stroke runs from the first touch to the last.
  const stroke = strokes[0]!;
  expect(stroke.length).toBeGreaterThanOrEqual(8);
  expect(stroke[0]).toBeCloseTo(0.3, 2);
  expect(stroke[stroke.length - 2]).toBeCloseTo(0.66, 2);

  await waitForStatus(
    page,
    (s) => s.probe?.source === 'drawn',
    'the network answering for the finger-drawn digit',
    120_000,
  );
  expect((await status(page)).probe?.label).toBeNull();
});
