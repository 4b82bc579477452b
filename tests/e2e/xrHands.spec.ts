/**
 * Tracked hands on IWER's emulated Meta Quest 3 (src/xr/hands.ts, src/xr/controllers.ts): a pinch
 * aimed at a kernel selects it with a ray from the hand; the index fingertip pokes the in-VR
 * panel's buttons; pinch-and-drag carries the network; and the headset can switch between
 * controllers and hands in the middle of a session, both working after each switch.
 *
 * Training is not started (?autostart=0, WASM backend for when the panel starts it): nothing
 * competes with the frames for the GPU.
 */
import { expect, status, test, waitForStatus } from './fixtures';
import { RAISED, enter, frames, hook, pinch, pose, tap, useInput, type Point } from './xrDevice';

const URL = '/?autostart=0&backend=wasm';

function minus(a: Point, b: Point): Point {
  return { x: a.x - b.x, y: a.y - b.y, z: a.z - b.z };
}

test('with tracked hands, a pinch aimed at a kernel selects it, the index fingertip pokes a panel button, and pinch-and-drag moves the network', async ({
  xrPage: page,
}) => {
  test.setTimeout(300_000);
  await enter(page, URL, /^Enter VR/);
  await useInput(page, 'hand');

  // Pinch, aimed at conv1's kernel 7: the hand's ray selects it.
  const kernel = await hook<Point>(page, 'kernelWorldPoint', 'conv1', 7);
  const networkBefore = await hook<Point>(page, 'kernelWorldPoint', 'conv1', 0);
  await pose(page, 'hand', 'right', RAISED, kernel);
  await tap(page, 'hand', 'right');
  const picked = await waitForStatus(
    page,
    (s) => s.selection?.layer === 'conv1' && s.selection.filter === 7,
    'the kernel selected by a pinch',
    30_000,
  );
  expect(picked.selection?.source).toBe('controller');
  // A tap is not a drag: the network stayed where it was.
  expect(await hook<Point>(page, 'kernelWorldPoint', 'conv1', 0)).toEqual(networkBefore);

  // The index fingertip pokes the panel's Resume button: training starts.
  expect((await status(page)).training.state).not.toBe('running');
  await pose(page, 'hand', 'right', RAISED);
  await frames(page, 3);
  const tip = await hook<Point & { tracked: boolean }>(page, 'fingertip', 'right');
  expect(tip.tracked, 'the fingertip is tracked').toBe(true);
  const tipFromHand = minus(tip, RAISED);
  const front = await hook<Point>(page, 'panelButtonWorldPoint', 'toggle', 0.05);
  const touching = await hook<Point>(page, 'panelButtonWorldPoint', 'toggle', -0.005);
  await pose(page, 'hand', 'right', minus(front, tipFromHand));
  await frames(page, 3);
  const hovering = await hook<Point>(page, 'fingertip', 'right');
  expect(hovering.x).toBeCloseTo(front.x, 3);
  expect(hovering.z).toBeCloseTo(front.z, 3);
  // Hovering 5 cm in front presses nothing.
  expect((await status(page)).training.state).toMatch(/idle|paused/);
  await pose(page, 'hand', 'right', minus(touching, tipFromHand));
  await waitForStatus(
    page,
    (s) => ['loading', 'warming-up', 'running'].includes(s.training.state),
    'training started by the fingertip on the panel button',
    60_000,
  );
  // Pull the finger back out and poke again: it pauses.
  await pose(page, 'hand', 'right', minus(front, tipFromHand));
  await waitForStatus(page, (s) => s.training.state === 'running', 'training running', 180_000);
  await pose(page, 'hand', 'right', minus(touching, tipFromHand));
  await waitForStatus(
    page,
    (s) => s.training.state === 'paused',
    'paused by a second poke',
    60_000,
  );

  // Pinch and drag, aimed up and away from the panel: the network follows the hand on the floor.
  const up = (p: Point): Point => ({ x: p.x, y: p.y + 1.5, z: p.z - 1 });
  await pose(page, 'hand', 'right', RAISED, up(RAISED));
  await frames(page, 3);
  const rest = await hook<Point>(page, 'kernelWorldPoint', 'conv1', 0);
  await pinch(page, 'right', 1);
  await frames(page, 4);
  const drag = { x: 0.2, y: 0.05, z: 0.3 };
  const to = { x: RAISED.x + drag.x, y: RAISED.y + drag.y, z: RAISED.z + drag.z };
  await pose(page, 'hand', 'right', to, up(to));
  await frames(page, 4);
  const moved = await hook<Point>(page, 'kernelWorldPoint', 'conv1', 0);
  expect(moved.x - rest.x).toBeCloseTo(drag.x, 3);
  expect(moved.z - rest.z).toBeCloseTo(drag.z, 3);
  expect(moved.y).toBeCloseTo(rest.y, 6);
  await pinch(page, 'right', 0);
  await frames(page, 3);
  await pose(page, 'hand', 'right', RAISED, up(RAISED));
  await frames(page, 4);
  expect(await hook<Point>(page, 'kernelWorldPoint', 'conv1', 0)).toEqual(moved);
  // The drag selected nothing new.
  expect((await status(page)).selection?.filter).toBe(7);
});

test('controllers and hands switch in the middle of a session and both select kernels after each switch', async ({
  xrPage: page,
}) => {
  test.setTimeout(240_000);
  await enter(page, URL, /^Enter VR/);
  const selects = async (kind: 'controller' | 'hand', filter: number) => {
    const k = await hook<Point>(page, 'kernelWorldPoint', 'conv1', filter);
    await pose(page, kind, 'right', RAISED, k);
    await tap(page, kind, 'right');
    await waitForStatus(
      page,
      (s) => s.selection?.layer === 'conv1' && s.selection.filter === filter,
      `kernel ${filter} selected with the ${kind}`,
      30_000,
    );
  };
  expect((await status(page)).xr).toMatchObject({ controllers: 2, hands: 0 });
  await selects('controller', 3);
  await useInput(page, 'hand');
  await selects('hand', 9);
  await useInput(page, 'controller');
  await selects('controller', 12);
  await useInput(page, 'hand');
  await selects('hand', 20);
});
