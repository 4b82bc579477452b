/**
 * ?mode=naive (scripts/bench/): a peer that trains on the render thread, loaded only in that
 * mode. A failure says so on the error panel, like the app itself.
 */
import type { Config } from '../config/schema';
import type { StatusStore } from '../status';
import { showError } from '../ui/errorPanel';

export async function startNaiveMode(
  config: Config,
  dataUrl: string,
  status: StatusStore,
): Promise<void> {
  const { runNaivePeer, naiveStatusWriter } = await import('../bench/naivePeer');
  runNaivePeer(config, dataUrl, undefined, {
    onBatch: naiveStatusWriter(status),
    onBackend: (b) => (status.backend = b),
  }).catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    status.error = { message };
    showError('The naive benchmark mode failed', [message]);
  });
}
