// The Ledger page, running inside the webview panel. It renders whole snapshots sent by the host and
// keeps the last one in the webview state, so a panel shown again paints at once while the host
// sends a fresh snapshot (the handshake is ../snapshotPage.ts). It only sends messages defined in
// src/shared/ledgerProtocol.ts.
import { ledgerProtocol, type LedgerViewState } from '../../shared/ledgerProtocol';
import { snapshotPage } from '../snapshotPage';
import { renderLedgerPage } from './page';

const page = snapshotPage(ledgerProtocol);
const root = document.getElementById('root');

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
  root.replaceChildren(renderLedgerPage(state, page.post));
  restoreFocus();
}

page.start(render);
