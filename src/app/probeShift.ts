/**
 * Moving the probe digit, wherever it is moved from: the desktop's "Shift right" and "Shift down"
 * ranges (ShiftPanel) and, in VR, the thumbstick with the ray on the input digit or the board
 * beside it (ShiftTool). Every move goes to the page's trainer and, in a comparison, to both twins
 * (TwinShifts); the measures come back to the panel and to the room's board (ShiftBoard).
 */
import type { TwinShifts } from '../compare/twinShift';
import type { Room } from '../scene/room';
import { ShiftBoard } from '../scene/shiftBoard';
import type { TrainerClient } from '../trainerClient';
import { ShiftPanel } from '../ui/shiftPanel';
import { ShiftTool } from '../xr/shiftTool';

export interface ProbeShift {
  readonly panel: ShiftPanel;
  readonly board: ShiftBoard;
  readonly tool: ShiftTool;
}

export function wireProbeShift(
  trainer: TrainerClient,
  twinShifts: TwinShifts | null,
  room: Room,
): ProbeShift {
  // The board stands beside the input digit and is part of its station (the camera frames it).
  const board = new ShiftBoard();
  board.placeIn(room.stack, room.network.input.mesh);
  room.network.parts.input.push(board.mesh);
  const targets = [room.network.input.mesh, board.mesh];
  const tool = new ShiftTool(targets, (dx, dy) => panel.setShift(dx, dy));
  const panel = new ShiftPanel((dx, dy) => {
    trainer.shiftProbe?.(dx, dy);
    twinShifts?.send(dx, dy);
    tool.follow(dx, dy);
  });
  trainer.on('shiftMeasure', (m) => {
    panel.show(m);
    board.show(m);
  });
  return { panel, board, tool };
}
