/** The worker's check of a message from the render thread. */
import { IMAGE_PIXELS } from '../network';
import {
  type Obj,
  TEST_FAULTS,
  isF32,
  isKernelRef,
  isModelFiles,
  isNum,
  isObj,
  isShift,
  need,
} from './checks';
import { MAX_PROBE_SHIFT, type ToWorker } from './messages';

/** Checks a message that arrived at the worker. Throws ProtocolError naming what is wrong. */
export function parseToWorker(msg: unknown): ToWorker {
  need(isObj(msg) && typeof msg.type === 'string', 'not an object with a type', msg);
  const m = msg as Obj;
  switch (m.type) {
    case 'init':
      need(isObj(m.config), 'config missing', m);
      need(typeof m.dataUrl === 'string', 'dataUrl missing', m);
      break;
    case 'pause':
    case 'resume':
    case 'reset':
    case 'rollBack':
    case 'keepGoing':
      break;
    case 'checkpoint':
      need(
        m.id === undefined || (isNum(m.id) && Number.isInteger(m.id)),
        'id must be an integer',
        m,
      );
      break;
    case 'testFault':
      need(TEST_FAULTS.includes(m.fault as string), 'unknown fault', m);
      break;
    case 'pace': {
      const p = m.pace;
      need(isObj(p), 'pace missing', m);
      need(
        p.maxStepsPerSecond === null || (isNum(p.maxStepsPerSecond) && p.maxStepsPerSecond > 0),
        'maxStepsPerSecond must be null or > 0',
        m,
      );
      need(isNum(p.snapshotEvery) && p.snapshotEvery >= 1, 'snapshotEvery must be >= 1', m);
      break;
    }
    case 'setLearningRate':
      // A number out of range is the trainer's to refuse, with a warning naming the range.
      need(isNum(m.lr), 'lr must be a number', m);
      break;
    case 'selectKernel':
      need(m.kernel === null || isKernelRef(m.kernel), 'kernel must be null or a conv kernel', m);
      break;
    case 'shiftProbe':
      need(
        isShift(m.shift),
        `shift must be [dx, dy], whole pixels in -${MAX_PROBE_SHIFT}..${MAX_PROBE_SHIFT}`,
        m,
      );
      break;
    case 'exportModel':
      break;
    case 'importModel':
      need(isModelFiles(m.files), 'files must hold modelJson text and a weights ArrayBuffer', m);
      break;
    case 'infer': {
      const r = m.request;
      need(isObj(r) && isNum(r.id), 'request.id missing', m);
      if (r.source === 'drawn') {
        need(isF32(r.pixels) && r.pixels.length === IMAGE_PIXELS, 'pixels must be 784 floats', m);
      } else {
        need(r.source === 'heldout' || r.source === 'train', 'unknown request.source', m);
        need(isNum(r.index) && Number.isInteger(r.index) && r.index >= 0, 'request.index', m);
      }
      break;
    }
    default:
      need(false, 'unknown type', m);
  }
  return m as unknown as ToWorker;
}
