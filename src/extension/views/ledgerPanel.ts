import * as vscode from 'vscode';
import { ledgerProtocol, type LedgerPageAction, type LedgerRequest, type LedgerViewState } from '../../shared/ledgerProtocol';
import { openWebUrl } from '../openExternal';
import { SnapshotWebview } from './snapshotWebview';
import { LEDGER_PAGE } from './webviewHtml';

export const LEDGER_VIEW_TYPE = 'mutualMentor.ledger';
export const LEDGER_TITLE = 'Mutual Mentor: Ledger';

/** A request is taken only when the page on screen offers it. */
function offers(state: LedgerViewState, request: LedgerRequest): boolean {
  switch (request.type) {
    case 'refresh':
      return true;
    case 'export':
      return state.kind === 'ledger';
    case 'action':
      return state.kind === 'empty' && state.action === request.action;
    case 'openAsk':
      return state.kind === 'ledger' && state.partners.some((p) => p.giveBack.some((g) => g.askId === request.askId));
  }
}

/** The links the page shows: the only ones it may open. */
function linksOf(state: LedgerViewState): Set<string> {
  if (state.kind !== 'ledger') return new Set();
  return new Set(state.partners.flatMap((p) => [...p.giveBack.map((g) => g.url), ...p.recent.map((r) => r.url)]));
}

/**
 * The Ledger panel in the editor area: one at a time, created on first show and revealed after.
 * The page asks for a snapshot with `ready` each time it loads (also when shown again after being
 * hidden, as its context is not retained); the host answers with the whole current state.
 */
export class LedgerPanel extends SnapshotWebview<LedgerViewState, LedgerPageAction> {
  private panel: vscode.WebviewPanel | undefined;
  private readonly requestEmitter = this._register(new vscode.EventEmitter<LedgerRequest>());
  /** Fires when the user asks to open an ask, export, refresh or run the empty page's action; checked against the page shown. */
  readonly onDidRequest = this.requestEmitter.event;

  constructor(extensionUri: vscode.Uri, log: vscode.LogOutputChannel) {
    super(extensionUri, log, LEDGER_PAGE, ledgerProtocol, { kind: 'loading' });
    this._register({
      dispose: () => {
        this.panel?.dispose();
      },
    });
  }

  /** Whether the panel exists (it may be in a background tab). */
  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** Shows the state, creating the panel or bringing it to the front. */
  show(state: LedgerViewState): void {
    if (this.panel) {
      this.panel.reveal();
      this.setState(state);
    } else {
      this.setState(state);
      this.panel = this.create();
    }
  }

  /** Sends a new state to an open panel without bringing it to the front; kept for the next show otherwise. */
  update(state: LedgerViewState): void {
    this.setState(state);
  }

  private create(): vscode.WebviewPanel {
    const panel = vscode.window.createWebviewPanel(LEDGER_VIEW_TYPE, LEDGER_TITLE, vscode.ViewColumn.Active, {
      ...this.webviewOptions,
      enableFindWidget: true,
    });
    const page = this.attach(panel.webview);
    const subscriptions = [
      // A hidden page is torn down; it says `ready` again when it is shown and reloads.
      panel.onDidChangeViewState(({ webviewPanel }) => {
        if (!webviewPanel.visible) this.unloaded();
      }),
      panel.onDidDispose(() => {
        this.panel = undefined;
        page.dispose();
        for (const s of subscriptions) s.dispose();
      }),
    ];
    this.log.debug('Ledger panel created');
    return panel;
  }

  protected override onAction(message: LedgerPageAction): void {
    switch (message.type) {
      case 'openExternal':
        if (linksOf(this.current).has(message.url)) void openWebUrl(message.url);
        else this.log.warn('Ledger panel asked to open a link it does not show; ignored');
        break;
      case 'openAsk':
      case 'export':
      case 'refresh':
      case 'action':
        if (offers(this.current, message)) this.requestEmitter.fire(message);
        else this.log.warn(`Ledger panel asked for ${message.type}, which the page shown does not offer; ignored`);
    }
  }
}
