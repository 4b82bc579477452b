// Placeholder until the trainer lands (issue 3).
import { parseToWorker } from '../protocol';
self.addEventListener('message', (e: MessageEvent<unknown>) => {
  parseToWorker(e.data);
  self.postMessage({
    type: 'state',
    state: 'idle',
    detail: 'trainer not built yet',
    progress: null,
  });
});
