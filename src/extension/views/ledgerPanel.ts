import * as vscode from 'vscode';
import { parseLedgerMessage, type HostToLedger, type LedgerRequest, type LedgerViewState } from '../../shared/ledgerProtocol';
import { Disposable } from '../disposable';
import { LEDGER_PAGE, webviewAssetRoot, webviewHtml } from './webviewHtml';
import { openWebUrl } from '../openExternal';

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
export class LedgerPanel extends Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private state: LedgerViewState = { kind: 'loading' };
  private readonly requestEmitter = this._register(new vscode.EventEmitter<LedgerRequest>());
  /** Fires when the user asks to open an ask, export, refresh or run the empty page's action; checked against the page shown. */
  readonly onDidRequest = this.requestEmitter.event;
  private readonly renderedEmitter = this._register(new vscode.EventEmitter<LedgerViewState['kind']>());
  /** Fires each time the page reports it rendered a snapshot. */
  readonly onDidRender = this.renderedEmitter.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this._register({
      dispose: () => {
        this.panel?.dispose();
      },
    });
  }

  get current(): LedgerViewState {
    return this.state;
  }

  /** Whether the panel exists (it may be in a background tab). */
  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** Shows the state, creating the panel or bringing it to the front. */
  show(state: LedgerViewState): void {
    this.state = state;
    if (this.panel) {
      this.panel.reveal();
      this.post({ type: 'snapshot', state });
    } else {
      this.panel = this.create();
    }
  }

  /** Sends a new state to an open panel without bringing it to the front; kept for the next show otherwise. */
  update(state: LedgerViewState): void {
    this.state = state;
    this.post({ type: 'snapshot', state });
  }

  private create(): vscode.WebviewPanel {
    const panel = vscode.window.createWebviewPanel(LEDGER_VIEW_TYPE, LEDGER_TITLE, vscode.ViewColumn.Active, {
      enableScripts: true,
      enableFindWidget: true,
      localResourceRoots: [webviewAssetRoot(this.extensionUri)],
    });
    this.ready = false;
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, LEDGER_PAGE);
    const subscriptions = [
      panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)),
      // A hidden page is torn down; it says `ready` again when it is shown and reloads.
      panel.onDidChangeViewState(({ webviewPanel }) => {
        if (!webviewPanel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.ready = false;
        for (const s of subscriptions) s.dispose();
      }),
    ];
    this.log.debug('Ledger panel created');
    return panel;
  }

  private onMessage(raw: unknown): void {
    const message = parseLedgerMessage(raw);
    if (!message) {
      this.log.warn('Ledger panel sent a malformed message; ignored');
      return;
    }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.post({ type: 'snapshot', state: this.state });
        break;
      case 'rendered':
        this.renderedEmitter.fire(message.kind);
        break;
      case 'openExternal':
        if (linksOf(this.state).has(message.url)) void openWebUrl(message.url);
        else this.log.warn('Ledger panel asked to open a link it does not show; ignored');
        break;
      case 'openAsk':
      case 'export':
      case 'refresh':
      case 'action':
        if (offers(this.state, message)) this.requestEmitter.fire(message);
        else this.log.warn(`Ledger panel asked for ${message.type}, which the page shown does not offer; ignored`);
    }
  }

  private post(message: HostToLedger): void {
    if (this.panel && this.ready) void this.panel.webview.postMessage(message);
  }
}
