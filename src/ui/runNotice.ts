/**
 * The run notice: what happened to the run when it needs the user, in plain words, with the one
 * or two things they can do. Diverged: "Roll back" or "Keep going". Open in another tab: "Take
 * over here". Not responding, restarted, taken over: said, no button. Below it, whether the
 * browser keeps saved runs for good (persistent storage). Refreshed four times a second from the
 * status store on a timer, not in the frame loop; text is written only when it changed.
 */
import type { StatusStore } from '../status';
import type { TrainerClient } from '../trainerClient';

const REFRESH_MS = 250;

function button(label: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

/** What the notice says for the status now; empty text hides it. */
export function noticeText(status: StatusStore): {
  text: string;
  buttons: 'diverged' | 'blocked' | 'none';
} {
  const t = status.training;
  if (t.state === 'diverged') {
    return {
      text:
        `Training stopped: the run diverged (${t.detail.replace(/^training diverged: /, '')}) ` +
        'Roll back returns to the last good checkpoint at a tenth of the learning rate.',
      buttons: 'diverged',
    };
  }
  if (t.state === 'blocked') {
    const takenOver = t.detail.startsWith('taken over');
    return {
      text: takenOver
        ? 'This run was taken over by another tab: it trains and saves there now.'
        : t.detail.startsWith('taking over')
          ? 'Taking over: waiting for the other tab to save the run.'
          : 'This run is open in another tab, which trains and saves it.',
      buttons: t.detail.startsWith('taking over') ? 'none' : 'blocked',
    };
  }
  if (!t.responding) {
    return {
      text: 'Training is not responding. If it stays silent it restarts from the last checkpoint.',
      buttons: 'none',
    };
  }
  if (t.state === 'error' && t.workerRestarts > 0) {
    return { text: `Training stopped: ${t.detail}`, buttons: 'none' };
  }
  if (t.workerRestarts > 0 && (t.state === 'loading' || t.state === 'warming-up')) {
    return { text: 'Training failed and is restarting from the last checkpoint.', buttons: 'none' };
  }
  return { text: '', buttons: 'none' };
}

/**
 * The in-VR panel's two buttons while the run needs the user: diverged, "Keep going" (its
 * pause/resume button: resuming a diverged run keeps going) and "Roll back" (its reset button);
 * blocked, "Take over here". Null: the button is its usual self.
 */
export function vrRunButton(
  id: 'toggle' | 'reset',
  state: StatusStore['training']['state'],
): 'Keep going' | 'Roll back' | 'Take over here' | null {
  if (state === 'diverged') return id === 'toggle' ? 'Keep going' : 'Roll back';
  if (state === 'blocked' && id === 'toggle') return 'Take over here';
  return null;
}

export function mountRunNotice(
  parent: HTMLElement,
  status: StatusStore,
  trainer: TrainerClient,
): () => void {
  const root = document.createElement('section');
  root.className = 'wr-panel run-notice';
  root.setAttribute('aria-label', 'Run notice');
  const message = document.createElement('p');
  message.setAttribute('role', 'status');
  const controls = document.createElement('div');
  const storage = document.createElement('p');
  storage.className = 'run-notice-storage';
  root.append(message, controls, storage);
  Object.assign(root.style, {
    position: 'fixed',
    // Between the HUD (left) and the sharing panel (right), at the top.
    left: '346px',
    top: '12px',
    maxWidth: '520px',
    // Its own look: the docked HUD's panel styles do not reach a floating element.
    background: 'rgba(13, 15, 19, 0.92)',
    border: '1px solid #2a3140',
    borderRadius: '6px',
    color: '#e8ecf2',
    font: '14px system-ui, sans-serif',
    padding: '8px 12px',
    zIndex: '20',
  });
  parent.append(root);

  const sets = {
    diverged: [
      button('Roll back', () => trainer.rollBack?.()),
      button('Keep going', () => trainer.keepGoing?.()),
    ],
    blocked: [button('Take over here', () => trainer.takeOver?.())],
    none: [],
  };
  let shownButtons: keyof typeof sets | null = null;
  const refresh = () => {
    const { text, buttons } = noticeText(status);
    if (message.textContent !== text) message.textContent = text;
    if (buttons !== shownButtons) {
      controls.replaceChildren(...sets[buttons]);
      shownButtons = buttons;
    }
    const p = status.training.storagePersisted;
    const words =
      p === null
        ? ''
        : p
          ? 'Saved runs: kept by the browser (persistent storage granted).'
          : 'Saved runs: the browser may clear them when space runs low (persistent storage not granted).';
    if (storage.textContent !== words) storage.textContent = words;
    message.hidden = text === '';
    root.hidden = text === '' && words === '';
  };
  refresh();
  const timer = setInterval(refresh, REFRESH_MS);
  return () => {
    clearInterval(timer);
    root.remove();
  };
}
