/**
 * The messages between the render thread (main) and the trainer (a module Web Worker). Both sides
 * import this file and nothing else of each other. Everything that crosses is plain data;
 * Float32Arrays are transferred, never shared or copied by structured clone.
 *
 * Every message is checked on arrival (`parseToWorker` / `parseFromWorker`): a malformed message
 * is an error the receiver reports, never something it silently drops.
 *
 * The parts live in src/protocol/: the message types (messages.ts), the shared checks
 * (checks.ts), each direction's parser (toWorker.ts, fromWorker.ts) and the transfer lists
 * (transferables.ts). Importers name this file only.
 */
export * from './protocol/messages';
export { CONV1_POSITIONS_LENGTH, ProtocolError, SNAPSHOT_LENGTHS } from './protocol/checks';
export { parseToWorker } from './protocol/toWorker';
export { parseFromWorker } from './protocol/fromWorker';
export {
  inferenceTransferables,
  kernelGradientTransferables,
  snapshotTransferables,
} from './protocol/transferables';
