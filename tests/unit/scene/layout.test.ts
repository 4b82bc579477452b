import { describe, expect, it } from 'vitest';
import { Group } from 'three';
import { ROOM, STATIONS, StationStack } from '../../../src/scene/layout';

describe('StationStack', () => {
  it('stacks items top-down and returns each centre', () => {
    const stack = new StationStack();
    const top = STATIONS.find((s) => s.id === 'conv1')!.top;
    expect(stack.take('conv1', 0.2, 0.05)).toBeCloseTo(top - 0.1);
    expect(stack.take('conv1', 0.1, 0)).toBeCloseTo(top - 0.25 - 0.05);
    // Other stations keep their own cursor.
    const inputTop = STATIONS.find((s) => s.id === 'input')!.top;
    expect(stack.take('input', 0.2, 0)).toBeCloseTo(inputTop - 0.1);
  });

  it('stands every station on the arc, facing the viewer at the centre', () => {
    const stack = new StationStack();
    for (const st of STATIONS) {
      const g = stack.station(st.id);
      expect(Math.hypot(g.position.x, g.position.z)).toBeCloseTo(ROOM.radius);
      // Facing the centre: the group's +z axis points back at the origin.
      const facing = Math.atan2(-g.position.x, -g.position.z);
      expect(g.rotation.y).toBeCloseTo(facing);
    }
    expect(stack.root.children).toHaveLength(STATIONS.length);
  });

  it('places a title above its item and names the item', () => {
    const stack = new StationStack();
    const title = { mesh: new Group(), height: 0.05 };
    const item = { mesh: new Group(), heightM: 0.3 };
    stack.placeTitled('head', title, item, 'dense1');
    expect(item.mesh.name).toBe('dense1');
    expect(title.mesh.position.y).toBeGreaterThan(item.mesh.position.y);
    expect(stack.station('head').children).toContain(item.mesh);
  });
});
