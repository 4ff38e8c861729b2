import * as vscode from 'vscode';
import {
  isWebUrl,
  parseWebviewMessage,
  type AccountView,
  type ComposeView,
  type EmptyView,
  type HostToWebview,
  type RepliesViewState,
  type ThreadView,
  type WebviewAction,
  type WebviewToHost,
} from '../../shared/webviewProtocol';
import { Disposable } from '../disposable';
import { repliesHtml, webviewAssetRoot } from './webviewHtml';

export const REPLIES_VIEW_ID = 'mutualMentor.replies';

const actionCommands: Record<WebviewAction, string> = {
  showExchanges: 'mutualMentor.showExchanges',
  showLog: 'mutualMentor.showLog',
  signIn: 'mutualMentor.signIn',
  pairWithPartner: 'mutualMentor.pairWithPartner',
};

function emptyView(account: AccountView | null): EmptyView {
  const actions: EmptyView['actions'] = [
    ...(account?.state === 'signedOut' ? [{ action: 'signIn', label: 'Sign In' } as const] : []),
    { action: 'showExchanges', label: 'Show Exchanges' },
    { action: 'showLog', label: 'Show Log' },
  ];
  return {
    kind: 'empty',
    title: 'No ask selected',
    detail: 'Replies from your partner show here. Select code you are stuck on and ask your partner about it, or pick an exchange in the Exchanges view.',
    actions,
    account,
  };
}

export type ComposeMessage = Extract<WebviewToHost, { type: 'send' | 'cancel' }>;

/**
 * The Replies webview view. The page asks for a snapshot with `ready` once its script runs; the
 * host answers with the whole current state and sends a new whole snapshot on every change.
 */
export class RepliesViewProvider extends Disposable implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private account: AccountView | null = null;
  private state: RepliesViewState = emptyView(null);
  private readonly renderedEmitter = this._register(new vscode.EventEmitter<RepliesViewState['kind']>());
  /** Fires each time the page reports it rendered a snapshot. */
  readonly onDidRender = this.renderedEmitter.event;
  private readonly composeEmitter = this._register(new vscode.EventEmitter<ComposeMessage>());
  /** Fires when the asker sends or cancels the draft shown. */
  readonly onDidCompose = this.composeEmitter.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    view.webview.options = { enableScripts: true, localResourceRoots: [webviewAssetRoot(this.extensionUri)] };
    view.webview.html = repliesHtml(view.webview, this.extensionUri);
    const subscriptions = [
      view.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)),
      view.onDidDispose(() => {
        this.view = undefined;
        this.ready = false;
        for (const s of subscriptions) s.dispose();
      }),
    ];
    this.log.debug('Replies view resolved');
  }

  get current(): RepliesViewState {
    return this.state;
  }

  /** Shows who the extension is signed in as (a new whole snapshot). */
  setAccount(account: AccountView | null): void {
    this.account = account;
    this.show(this.state.kind === 'empty' ? emptyView(account) : { ...this.state, account });
  }

  showEmpty(): void {
    this.show(emptyView(this.account));
  }

  showCompose(view: Omit<ComposeView, 'kind' | 'account'>): void {
    this.show({ kind: 'compose', account: this.account, ...view });
  }

  showThread(view: Omit<ThreadView, 'kind' | 'account'>): void {
    this.show({ kind: 'thread', account: this.account, ...view });
  }

  showSent(title: string, detail: string, url: string | null): void {
    this.show({ kind: 'sent', account: this.account, title, detail, url });
  }

  /** Brings the panel into view (resolving it if it never was). */
  async reveal(): Promise<void> {
    if (this.view) this.view.show(true);
    else await vscode.commands.executeCommand(`${REPLIES_VIEW_ID}.focus`);
  }

  private show(state: RepliesViewState): void {
    this.state = state;
    this.post({ type: 'snapshot', state });
  }

  private onMessage(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.log.warn('Replies view sent a malformed message; ignored');
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
      case 'action':
        void vscode.commands.executeCommand(actionCommands[message.action]);
        break;
      case 'send':
      case 'cancel':
        if (this.state.kind === 'compose' && this.state.draftId === message.draftId) this.composeEmitter.fire(message);
        break;
      case 'openExternal':
        if (isWebUrl(message.url)) void vscode.env.openExternal(vscode.Uri.parse(message.url));
        break;
    }
  }

  private post(message: HostToWebview): void {
    if (this.view && this.ready) void this.view.webview.postMessage(message);
  }
}
