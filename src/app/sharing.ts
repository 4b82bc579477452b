/**
 * The sharing side of the page: with ?compare=1 the shared and unshared twins from the same seed,
 * and in every mode the sharing panel (both modes' parameter counts, the twins' chart), docked at
 * the right of the room.
 */
import { startComparison, type Comparison } from '../compare/comparison';
import { mountSharingPanel } from '../compare/panel';
import { TwinShifts } from '../compare/twinShift';
import type { Config } from '../config/schema';
import type { StatusStore } from '../status';
import { createDock } from '../ui/dock';

/** From this window width the sharing panel starts open beside the room. */
const SHARING_OPEN_MIN_WIDTH_PX = 1800;

/**
 * Starts the comparison (null without ?compare=1 or outside the app mode) and mounts its panel;
 * `twinShifts` moves both twins' digit and keeps their measures (null without a comparison).
 */
export function startSharing(
  config: Config,
  dataUrl: string,
  status: StatusStore,
  /** The kernels' history's scrubbed step (a cursor on the twins' chart), or null when live. */
  cursorStep?: () => number | null,
): { comparison: Comparison | null; twinShifts: TwinShifts | null } {
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
  // Both twins measure the same moved digit (status.probeTwinsShift), shown side by side.
  const twinShifts = comparison ? new TwinShifts(Object.values(comparison.twins), status) : null;
  mountSharingPanel(sharingDock.body, {
    sharing: config.sharing,
    comparison,
    cursorStep,
    twinShifts,
  });
  return { comparison, twinShifts };
}
