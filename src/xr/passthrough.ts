/**
 * Mixed reality: while an `immersive-ar` session runs, the room is drawn over the passthrough
 * camera view. Where the session blends with the world (Quest: 'alpha-blend'), the clear colour
 * is transparent and the room's background and floor grid are hidden; an 'opaque' session keeps
 * them. The network comes nearer, to a comfortable distance in front of the user for a real
 * room (it is laid out on a 2.2 m arc for an empty virtual one). Leaving puts everything back.
 */
import { Color, GridHelper, type Object3D, type Scene, type WebGLRenderer } from 'three';
import type { Room } from '../scene/room';

/** How much nearer the network stands in mixed reality (m): stations about 1.5 m away. */
export const MR_NEARER = 0.7;

export class Passthrough {
  private saved: {
    background: Scene['background'];
    clearColor: Color;
    clearAlpha: number;
    rootX: number;
    rootZ: number;
    floor: Object3D[];
  } | null = null;

  constructor(
    private readonly renderer: WebGLRenderer,
    private readonly room: Room,
  ) {}

  /** Session start in `immersive-ar`. Returns whether the real world shows through. */
  enter(session: XRSession): boolean {
    this.leave();
    const scene = this.room.scene;
    const root = this.room.network.root;
    const floor = scene.children.filter((c) => c instanceof GridHelper && c.visible);
    this.saved = {
      background: scene.background,
      clearColor: this.renderer.getClearColor(new Color()),
      clearAlpha: this.renderer.getClearAlpha(),
      rootX: root.position.x,
      rootZ: root.position.z,
      floor,
    };
    root.position.set(0, root.position.y, MR_NEARER);
    const seeThrough = session.environmentBlendMode !== 'opaque';
    if (seeThrough) {
      scene.background = null;
      this.renderer.setClearColor(0x000000, 0);
      for (const f of floor) f.visible = false;
    }
    return seeThrough;
  }

  /** Session end (or a new session): the virtual room comes back as it was. */
  leave(): void {
    const s = this.saved;
    if (!s) return;
    this.saved = null;
    this.room.scene.background = s.background;
    this.renderer.setClearColor(s.clearColor, s.clearAlpha);
    for (const f of s.floor) f.visible = true;
    const root = this.room.network.root;
    root.position.x = s.rootX;
    root.position.z = s.rootZ;
  }
}
