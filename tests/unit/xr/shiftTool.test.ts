import { Mesh, MeshBasicMaterial, PlaneGeometry, Raycaster, Vector3 } from 'three';
import { describe, expect, test } from 'vitest';
import { ShiftTool } from '../../../src/xr/shiftTool';

/** A 1 m plane 2 m ahead (-z), and rays that hit it or pass above it. */
function setup() {
  const digit = new Mesh(new PlaneGeometry(1, 1), new MeshBasicMaterial());
  digit.position.set(0, 0, -2);
  digit.updateMatrixWorld(true);
  const moves: [number, number][] = [];
  const tool = new ShiftTool([digit], (dx, dy) => moves.push([dx, dy]));
  const on = new Raycaster(new Vector3(0, 0, 0), new Vector3(0, 0, -1));
  const off = new Raycaster(new Vector3(0, 0, 0), new Vector3(0, 1, 0));
  return { tool, moves, on, off };
}

describe('ShiftTool', () => {
  test('with the ray on the digit, a flick moves it and the stick is taken from locomotion', () => {
    const { tool, moves, on } = setup();
    expect(tool.take(0, on, 1, 0)).toBe(true);
    expect(tool.take(0, on, 1, 0)).toBe(true);
    expect(tool.take(0, on, 0, 0)).toBe(true);
    expect(tool.take(0, on, 0, 1)).toBe(true);
    expect(moves).toEqual([
      [1, 0],
      [1, 1],
    ]);
  });

  test('with the ray elsewhere, the stick is locomotion’s and the digit stays', () => {
    const { tool, moves, off } = setup();
    expect(tool.take(0, off, 1, -1)).toBe(false);
    expect(moves).toEqual([]);
  });

  test('a stick already pushed when the ray arrives must rest before it moves the digit', () => {
    const { tool, moves, on, off } = setup();
    tool.take(1, off, 0, -1); // moving the network forward...
    expect(tool.take(1, on, 0, -1)).toBe(true); // ...and sweeping onto the digit
    expect(moves).toEqual([]);
    tool.take(1, on, 0, 0);
    tool.take(1, on, 0, -1);
    expect(moves).toEqual([[0, -1]]);
  });

  test('the next flick starts from where the desktop ranges moved the digit', () => {
    const { tool, moves, on } = setup();
    tool.follow(4, -2);
    tool.take(0, on, 1, 0); // already at the edge: nothing to move
    tool.take(0, on, 0, 0);
    tool.take(0, on, -1, 0);
    expect(moves).toEqual([[3, -2]]);
  });
});
