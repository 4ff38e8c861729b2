import * as vscode from 'vscode';
import {
  parseWebviewMessage,
  type AccountView,
  type HostToWebview,
  type RepliesViewState,
  type WebviewAction,
} from '../../shared/webviewProtocol';
import { Disposable } from '../disposable';
import { repliesHtml, webviewAssetRoot } from './webviewHtml';

export const REPLIES_VIEW_ID = 'mutualMentor.replies';

const actionCommands: Record<WebviewAction, string> = {
  showExchanges: 'mutualMentor.showExchanges',
  showLog: 'mutualMentor.showLog',
  signIn: 'mutualMentor.signIn',
};

const noAskState: RepliesViewState = {
  kind: 'empty',
  title: 'No ask selected',
  detail:
    'Replies from your partner show here. Select code you are stuck on and ask your partner about it, or pick an exchange in the Exchanges view.',
  actions: [
    { action: 'showExchanges', label: 'Show Exchanges' },
    { action: 'showLog', label: 'Show Log' },
  ],
  account: null,
};

/**
 * The Replies webview view. The page asks for a snapshot with `ready` once its script runs; the
 * host answers with the whole current state and sends a new whole snapshot on every change.
 */
export class RepliesViewProvider extends Disposable implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private state: RepliesViewState = noAskState;
  private readonly renderedEmitter = this._register(new vscode.EventEmitter<RepliesViewState['kind']>());
  /** Fires each time the page reports it rendered a snapshot. */
  readonly onDidRender = this.renderedEmitter.event;

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

  /** Shows who the extension is signed in as (a new whole snapshot). */
  setAccount(account: AccountView | null): void {
    const signIn = { action: 'signIn', label: 'Sign In' } as const;
    const others = noAskState.actions;
    this.state = { ...this.state, account, actions: account?.state === 'signedOut' ? [signIn, ...others] : others };
    this.post({ type: 'snapshot', state: this.state });
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
    }
  }

  private post(message: HostToWebview): void {
    if (this.view && this.ready) void this.view.webview.postMessage(message);
  }
}
