/** The render thread's check of a message from the worker. */
import { activationSize } from '../network';
import {
  ACTIVATION_KEYS,
  PROBE_SOURCES,
  CONV1_POSITIONS_LENGTH,
  type Obj,
  SNAPSHOT_ARRAYS,
  SNAPSHOT_LENGTHS,
  TRAINING_STATES,
  isConfusion,
  isF32,
  isKernelRef,
  isModelFiles,
  isNum,
  isObj,
  isShift,
  need,
  needLength,
} from './checks';
import type { FromWorker } from './messages';

/** Checks a message that arrived from the worker. Throws ProtocolError naming what is wrong. */
export function parseFromWorker(msg: unknown): FromWorker {
  need(isObj(msg) && typeof msg.type === 'string', 'not an object with a type', msg);
  const m = msg as Obj;
  switch (m.type) {
    case 'state':
      need(TRAINING_STATES.includes(m.state as string), 'unknown state', m);
      need(typeof m.detail === 'string', 'detail missing', m);
      need(m.progress === null || isNum(m.progress), 'progress must be null or a number', m);
      break;
    case 'backend': {
      const b = m.backend;
      need(isObj(b) && typeof b.name === 'string' && typeof b.renderer === 'string', 'backend', m);
      break;
    }
    case 'metrics':
      need(isObj(m.metrics) && isNum((m.metrics as Obj).step), 'metrics.step', m);
      need(isObj(m.memory), 'memory', m);
      break;
    case 'snapshot': {
      const s = m.snapshot;
      need(isObj(s) && isNum(s.step), 'snapshot.step', m);
      need(s.sharing === 'conv' || s.sharing === 'none', 'snapshot.sharing', m);
      for (const k of SNAPSHOT_ARRAYS) {
        need(isF32(s[k]), `snapshot.${k} is not a Float32Array`, m);
        needLength(s[k], SNAPSHOT_LENGTHS[k], `snapshot.${k}`, m);
      }
      need(isObj(s.activations), 'snapshot.activations', m);
      const acts = s.activations as Obj;
      for (const k of ACTIVATION_KEYS) {
        need(isF32(acts[k]), `snapshot.activations.${k}`, m);
        needLength(acts[k], activationSize(k), `snapshot.activations.${k}`, m);
      }
      if (s.sharing === 'none') {
        need(isF32(s.conv1Positions), 'snapshot.conv1Positions is not a Float32Array', m);
        needLength(s.conv1Positions, CONV1_POSITIONS_LENGTH, 'snapshot.conv1Positions', m);
      } else {
        need(s.conv1Positions === null, 'snapshot.conv1Positions must be null with sharing', m);
      }
      break;
    }
    case 'evaluation': {
      need(isObj(m.evaluation) && isNum((m.evaluation as Obj).testAccuracy), 'evaluation', m);
      const c = (m.evaluation as Obj).confusion;
      need(c === undefined || isConfusion(c), 'evaluation.confusion', m);
      const ta = (m.evaluation as Obj).trainAccuracy;
      need(ta === undefined || isNum(ta), 'evaluation.trainAccuracy', m);
      break;
    }
    case 'modelExported':
      need(isModelFiles(m.files) && isNum(m.step), 'files/step', m);
      break;
    case 'modelImported':
      need(isNum(m.step) && typeof m.name === 'string', 'step/name', m);
      break;
    case 'modelRefused':
      need(typeof m.message === 'string', 'message', m);
      break;
    case 'checkpointSaved':
      need(typeof m.key === 'string' && isNum(m.step), 'key/step', m);
      need(typeof m.record === 'string', 'record', m);
      break;
    case 'checkpointDone':
      need(isNum(m.id) && isNum(m.step) && typeof m.saved === 'boolean', 'id/step/saved', m);
      break;
    case 'runStarted':
      need(typeof m.key === 'string', 'key', m);
      need(m.resumedFrom === null || isNum(m.resumedFrom), 'resumedFrom', m);
      need(isNum(m.lr) && m.lr > 0, 'lr', m);
      break;
    case 'heartbeat':
      need(isNum(m.step), 'step', m);
      need(m.chunks === undefined || isNum(m.chunks), 'chunks', m);
      break;
    case 'fault':
      need(typeof m.message === 'string', 'message', m);
      break;
    case 'warning':
      need(typeof m.message === 'string', 'message', m);
      break;
    case 'kernelGradient': {
      const g = m.gradient;
      need(isObj(g) && isNum(g.step) && isKernelRef(g), 'gradient.step/layer/filter', m);
      need(isNum(g.positions) && g.positions >= 1, 'gradient.positions', m);
      need(isF32(g.contributions) && isF32(g.magnitudes), 'gradient arrays', m);
      need(g.sum === null || isF32(g.sum), 'gradient.sum', m);
      need(g.update === null || isF32(g.update), 'gradient.update', m);
      need(typeof g.sumRelativeError === 'number', 'gradient.sumRelativeError', m);
      need(isNum(g.ms) && g.ms >= 0, 'gradient.ms', m);
      break;
    }
    case 'shiftMeasure': {
      const r = m.measure;
      need(isObj(r) && isNum(r.step) && isShift(r.shift), 'measure.step/shift', m);
      need(typeof r.conv1 === 'number' && typeof r.conv2 === 'number', 'measure.conv1/conv2', m);
      need(isF32(r.predictionUnderShift), 'measure.predictionUnderShift', m);
      break;
    }
    case 'inference': {
      const r = m.result;
      need(isObj(r) && isNum(r.id) && isNum(r.step) && isNum(r.prediction), 'result', m);
      need(PROBE_SOURCES.includes(r.source as string), 'result.source', m);
      need(isObj(r.activations), 'result.activations', m);
      const acts = r.activations as Obj;
      for (const k of ACTIVATION_KEYS) need(isF32(acts[k]), `result.activations.${k}`, m);
      break;
    }
    case 'heldout':
      need(m.labels instanceof Uint8Array, 'labels is not a Uint8Array', m);
      break;
    default:
      need(false, 'unknown type', m);
  }
  return m as unknown as FromWorker;
}
