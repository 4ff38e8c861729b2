// The Ledger page, running inside the webview panel. It renders whole snapshots sent by the host and
// keeps the last one in the webview state, so a panel shown again paints at once while the host
// sends a fresh snapshot. It only sends messages defined in src/shared/ledgerProtocol.ts.
import { parseLedgerHostMessage, parseLedgerViewState, type LedgerToHost, type LedgerViewState } from '../../shared/ledgerProtocol';
import { renderLedgerPage } from './page';

interface VsCodeApi {
  postMessage(message: LedgerToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root');
const post = (message: LedgerToHost) => vscode.postMessage(message);

/** Puts focus back on the control (by id) that had it, so a new snapshot does not throw the user out. */
function focusSnapshot(): () => void {
  const active = document.activeElement;
  const id = active instanceof HTMLElement && active.id && root?.contains(active) ? active.id : undefined;
  return () => {
    if (id) document.getElementById(id)?.focus({ preventScroll: true });
  };
}

function render(state: LedgerViewState): void {
  if (!root) return;
  const restoreFocus = focusSnapshot();
  root.replaceChildren(renderLedgerPage(state, post));
  restoreFocus();
  vscode.setState({ view: state });
  post({ type: 'rendered', kind: state.kind });
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseLedgerHostMessage(event.data);
  if (!message) {
    console.warn('Mutual Mentor: ignored a malformed message from the host');
    return;
  }
  render(message.state);
});

const saved = vscode.getState();
const restored = typeof saved === 'object' && saved !== null ? parseLedgerViewState((saved as { view?: unknown }).view) : undefined;
if (restored) render(restored);
post({ type: 'ready' });
