/**
 * Wiring only: config -> trainer worker -> scene -> loop. Each concern lives in its own folder.
 */
import { parseConfig } from './config/parse';
import { showConfigErrors } from './hud/errorPanel';
import { initialStatus, publishStatus } from './status';
import { startTrainer } from './trainerClient';

const DATA_URL = `${import.meta.env.BASE_URL}data/mnist.bin`;

function main(): void {
  const status = initialStatus();
  publishStatus(status);
  const parsed = parseConfig(location.search);
  if (!parsed.ok) {
    status.error = {
      message: parsed.errors.map((e) => e.message).join(' '),
      errors: [...parsed.errors],
    };
    showConfigErrors(parsed.errors);
    return;
  }
  const config = parsed.config;
  status.config = config;
  const trainer = startTrainer(config, DATA_URL, status);
  publishStatus(status, {
    pause: () => trainer.pause(),
    resume: () => trainer.resume(),
  });
  status.ready = true;
}

main();
