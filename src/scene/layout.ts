/**
 * Where everything stands in the room, in metres, declared once. The network is laid along an
 * arc around the viewer (who stands at the origin, eyes ~1.6 m up, facing -z): input on the
 * left, outputs on the right, every station facing the centre, about 1.5 m tall, all within
 * ~2.2 m.
 */
import { Group, type Object3D } from 'three';

/**
 * Stations from left to right, in the order data flows. Inside a station, data flows top to
 * bottom: conv1's kernels, the maps they make, the pooled maps; then conv2's the same way; then
 * dense1 and the outputs.
 */
export type StationId = 'input' | 'conv1' | 'conv2' | 'head';

export interface StationLayout {
  readonly id: StationId;
  /** Width the station occupies along the arc (m). */
  readonly width: number;
  /** Height of the top edge of its first label (m). */
  readonly top: number;
}

export const ROOM = {
  /** Radius of the arc the stations stand on (m). */
  radius: 2.2,
  /** Gap between neighbouring stations along the arc (m). */
  gap: 0.3,
  /** Vertical space between one item of a station and the next label (m). */
  itemGap: 0.05,
  /** Space between a label and the plane under it (m). */
  labelGap: 0.012,
  /** Metres per texel of each texture (so tiles read as pixels of a sensible size). */
  texel: {
    input: 0.015,
    conv1Kernels: 0.017,
    conv1Maps: 0.0031,
    pool1: 0.0055,
    conv2Kernels: 0.0028,
    conv2Maps: 0.0041,
    pool2: 0.0062,
    dense1: 0.016,
  },
  /** Output bars: total width and the height of a bar at probability 1 (m). */
  output: { width: 0.6, barHeight: 0.36 },
  /** How far the controls may move the network towards or away from the viewer (m). */
  reach: { closer: 1.4, farther: 1.0 },
  /** Desktop camera: where it stands and what it looks at. */
  desktopCamera: {
    fov: 55,
    position: [0, 1.5, 1.2] as const,
    target: [0, 1.38, -2.2] as const,
  },
  /**
   * Desktop framing: margins inside the canvas in CSS pixels (the bottom keeps clear of the
   * Enter VR button), and how long a camera preset's flight takes.
   */
  framing: { marginPx: { left: 16, right: 16, top: 12, bottom: 72 }, flightS: 0.6 },
  background: 0x0d0f13,
} as const;

export const STATIONS: readonly StationLayout[] = [
  { id: 'input', width: 0.45, top: 1.85 },
  { id: 'conv1', width: 0.72, top: 2.0 },
  { id: 'conv2', width: 0.76, top: 2.05 },
  { id: 'head', width: 0.62, top: 2.0 },
];

/** Angle (radians from -z, positive to the viewer's right) of the centre of each station. */
export function stationAngles(
  stations: readonly StationLayout[],
  radius: number,
  gap: number,
): number[] {
  const total = stations.reduce((s, st) => s + st.width, 0) + gap * (stations.length - 1);
  const out: number[] = [];
  let along = -total / 2;
  for (const st of stations) {
    out.push((along + st.width / 2) / radius);
    along += st.width + gap;
  }
  return out;
}

/**
 * The stations as groups on the arc, each a column that fills top-down: a view asks for the next
 * `height` metres of a station and gets the centre y of its slot. Every view that stands in a
 * station (the network's planes, the outputs, the legend) takes its place here, in the order
 * they are added.
 */
export class StationStack {
  /** Everything that moves when the user pulls the network closer or pushes it away. */
  readonly root = new Group();
  private readonly groups = new Map<StationId, Group>();
  /** Next free height (m) in each station, top-down. */
  private readonly cursor = new Map<StationId, number>();

  constructor(stations: readonly StationLayout[] = STATIONS) {
    const angles = stationAngles(stations, ROOM.radius, ROOM.gap);
    stations.forEach((st, i) => {
      const g = new Group();
      g.name = `station-${st.id}`;
      const a = angles[i] ?? 0;
      g.position.set(ROOM.radius * Math.sin(a), 0, -ROOM.radius * Math.cos(a));
      g.rotation.y = -a; // face the viewer at the centre
      this.groups.set(st.id, g);
      this.cursor.set(st.id, st.top);
      this.root.add(g);
    });
  }

  station(id: StationId): Group {
    const g = this.groups.get(id);
    if (!g) throw new Error(`station ${id} missing`);
    return g;
  }

  /**
   * Stacks an item of `height` under the previous one in a station; returns its centre y.
   * `after` is the space left below it.
   */
  take(id: StationId, height: number, after: number): number {
    const top = this.cursor.get(id) ?? 0;
    this.cursor.set(id, top - height - after);
    return top - height / 2;
  }

  /** Places a title and the item under it in a station (the title's name goes on the item). */
  placeTitled(
    id: StationId,
    title: { readonly mesh: Object3D; readonly height: number },
    item: { readonly mesh: Object3D; readonly heightM: number },
    name: string,
  ): void {
    const g = this.station(id);
    title.mesh.position.set(0, this.take(id, title.height, ROOM.labelGap), 0.001);
    g.add(title.mesh);
    item.mesh.name = name;
    item.mesh.position.set(0, this.take(id, item.heightM, ROOM.itemGap), 0);
    g.add(item.mesh);
  }
}
