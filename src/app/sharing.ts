/**
 * The sharing side of the page: with ?compare=1 the shared and unshared twins from the same seed,
 * and in every mode the sharing panel (both modes' parameter counts, the twins' chart), docked at
 * the right of the room.
 */
import { startComparison, type Comparison } from '../compare/comparison';
import { mountSharingPanel } from '../compare/panel';
import type { Config } from '../config/schema';
import { createDock } from '../ui/dock';

/** From this window width the sharing panel starts open beside the room. */
const SHARING_OPEN_MIN_WIDTH_PX = 1800;

/** Starts the comparison (null without ?compare=1 or outside the app mode) and mounts its panel. */
export function startSharing(
  config: Config,
  dataUrl: string,
  /** The kernels' history's scrubbed step (a cursor on the twins' chart), or null when live. */
  cursorStep?: () => number | null,
): Comparison | null {
  const comparison =
    config.compare && config.mode === 'app'
      ? startComparison(config, dataUrl, { snapshotEvery: config.snapshotEvery })
      : null;
  // The docks: the HUD at the left, the sharing panel at the right; the room between.
  const sharingDock = createDock({ id: 'sharing-dock', side: 'right', title: 'Sharing' });
  document.body.append(sharingDock.root);
  // The room needs the width more than the arithmetic does: the sharing panel starts collapsed
  // on all but very wide windows, unless the page compares (the chart is the point then).
  sharingDock.setCollapsed(!config.compare && window.innerWidth < SHARING_OPEN_MIN_WIDTH_PX);
  mountSharingPanel(sharingDock.body, { sharing: config.sharing, comparison, cursorStep });
  return comparison;
}
