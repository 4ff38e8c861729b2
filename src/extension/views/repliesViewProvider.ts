import * as vscode from 'vscode';
import {
  fitThread,
  repliesProtocol,
  type AccountView,
  type ComposeView,
  type EmptyView,
  type RepliesAction,
  type RepliesViewState,
  type ThreadAction,
  type ThreadFields,
  type WebviewAction,
  type WebviewToHost,
} from '../../shared/webviewProtocol';
import { openWebUrl } from '../openExternal';
import { CommandId } from '../../shared/commandIds';
import { SnapshotWebview } from './snapshotWebview';
import { REPLIES_PAGE } from './webviewHtml';

export const REPLIES_VIEW_ID = 'mutualMentor.replies';

const actionCommands: Record<WebviewAction, string> = {
  showExchanges: CommandId.ShowExchanges,
  showLog: CommandId.ShowLog,
  signIn: CommandId.SignIn,
  pairWithPartner: CommandId.PairWithPartner,
  refresh: CommandId.Refresh,
  askAboutSelection: CommandId.AskAboutSelection,
};

/** Why the panel has nothing to show; each reason comes with the button that fixes it. */
export type EmptyReason = 'noAsk' | 'noPartner' | 'signedOut' | 'offline' | 'error';

const NO_ASK = 'No ask selected';
const REPLIES_HERE = 'Replies from your partner show here.';

function emptyView(account: AccountView | null, reason: EmptyReason, problem?: string): EmptyView {
  // Signed out trumps everything else: nothing else can be fixed before signing in.
  const why = account?.state === 'signedOut' && reason !== 'error' && reason !== 'offline' ? 'signedOut' : reason;
  const more = [
    { action: 'showExchanges', label: 'Show Exchanges' },
    { action: 'showLog', label: 'Show Log' },
  ] as const;
  switch (why) {
    case 'signedOut':
      return {
        kind: 'empty',
        tone: 'info',
        title: NO_ASK,
        account,
        detail: `${REPLIES_HERE} Sign in to GitHub to ask your partners and see their replies.`,
        actions: [{ action: 'signIn', label: 'Sign In' }, ...more],
      };
    case 'noPartner':
      return {
        kind: 'empty',
        tone: 'info',
        title: NO_ASK,
        account,
        detail: `${REPLIES_HERE} Pair with another developer on GitHub first: you ask each other about code you are stuck on, and both sides teach.`,
        actions: [{ action: 'pairWithPartner', label: 'Pair with Partner…' }, ...more],
      };
    case 'offline':
      return {
        kind: 'empty',
        tone: 'offline',
        title: 'Offline',
        account,
        detail: problem ?? 'GitHub cannot be reached. What was fetched before shows again once it can; nothing you wrote is lost.',
        actions: [
          { action: 'refresh', label: 'Try Again' },
          { action: 'showLog', label: 'Show Log' },
        ],
      };
    case 'error':
      return {
        kind: 'empty',
        tone: 'error',
        title: 'Something went wrong',
        account,
        detail: problem ?? 'The replies could not be loaded.',
        actions: [
          { action: 'refresh', label: 'Try Again' },
          { action: 'showLog', label: 'Show Log' },
        ],
      };
    case 'noAsk':
      return {
        kind: 'empty',
        tone: 'info',
        title: NO_ASK,
        account,
        detail: `${REPLIES_HERE} Select code you are stuck on and ask your partner about it, or pick an exchange in the Exchanges view.`,
        actions: [{ action: 'askAboutSelection', label: 'Ask About Selection' }, ...more],
      };
  }
}

export type ComposeMessage = Extract<WebviewToHost, { type: 'send' | 'cancel' }>;

/** A thread action is taken only for the thread on screen, and only if that thread offers it. */
function threadOffers(state: RepliesViewState, action: ThreadAction): boolean {
  if (state.kind !== 'thread' || state.askId !== action.askId) return false;
  const reply = (id: string) => state.replies.find((r) => r.nodeId === id);
  switch (action.type) {
    case 'reply':
      return state.canReply && !state.replySending;
    case 'applySuggestion':
      return action.index < (reply(action.replyId)?.suggestions.length ?? 0) && (reply(action.replyId)?.suggestionStates[action.index] ?? 'ready') === 'ready';
    case 'setResolved':
      return state.canResolve;
    case 'markLearned':
      return action.replyId === null || reply(action.replyId) !== undefined;
    case 'revealCode':
      return state.code !== null;
  }
}

/**
 * The Replies webview view. The page asks for a snapshot with `ready` once its script runs; the
 * host answers with the whole current state and sends a new whole snapshot on every change.
 */
export class RepliesViewProvider extends SnapshotWebview<RepliesViewState, RepliesAction> implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private account: AccountView | null = null;
  private empty: { reason: EmptyReason; problem?: string } = { reason: 'noAsk' };
  private readonly composeEmitter = this._register(new vscode.EventEmitter<ComposeMessage>());
  /** Fires when the asker sends or cancels the draft shown. */
  readonly onDidCompose = this.composeEmitter.event;
  private readonly threadEmitter = this._register(new vscode.EventEmitter<ThreadAction>());
  /**
   * Fires when the user acts on the thread on screen: reply, apply a suggestion, resolve, mark as
   * learned, go to the code. Already checked against the thread shown (its askId, replies, canReply…).
   */
  readonly onDidThreadAction = this.threadEmitter.event;

  constructor(extensionUri: vscode.Uri, log: vscode.LogOutputChannel) {
    super(extensionUri, log, REPLIES_PAGE, repliesProtocol, emptyView(null, 'noAsk'));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const page = this.attach(view.webview);
    const disposed = view.onDidDispose(() => {
      this.view = undefined;
      page.dispose();
      disposed.dispose();
    });
    this.log.debug('Replies view resolved');
  }

  /** The panel is on screen. */
  get visible(): boolean {
    return this.view?.visible ?? false;
  }

  /** Why the panel is empty, when it is. */
  get emptyReason(): { readonly reason: EmptyReason; readonly problem?: string } {
    return this.empty;
  }

  /** Shows who the extension is signed in as (a new whole snapshot). */
  setAccount(account: AccountView | null): void {
    this.account = account;
    // The same page with the new account: not a new page, so a thread being drawn meanwhile still lands.
    this.show(
      this.current.kind === 'empty' ? emptyView(account, this.empty.reason, this.empty.problem) : { ...this.current, account },
      this.current.kind !== 'empty',
    );
  }

  /** Nothing to show, and why: no ask picked (default), no partner yet, offline, or an error (with its words). */
  showEmpty(reason: EmptyReason = 'noAsk', problem?: string): void {
    this.empty = { reason, ...(problem === undefined ? {} : { problem }) };
    this.show(emptyView(this.account, reason, problem));
  }

  showLoading(title = 'Loading replies…'): void {
    this.show({ kind: 'loading', account: this.account, title });
  }

  showCompose(view: Omit<ComposeView, 'kind' | 'account'>): void {
    this.show({ kind: 'compose', account: this.account, ...view });
  }

  showThread(view: ThreadFields): void {
    const fitted = fitThread(view);
    // Cutting cannot mend it (an empty ask id, a link that is not a web link): the page will refuse it.
    if (!fitted) this.log.warn(`Replies view: the thread of ask ${view.askId} is malformed; the page will not show it`);
    this.show({ kind: 'thread', account: this.account, ...(fitted ?? view) });
  }

  showSent(title: string, detail: string, url: string | null): void {
    this.show({ kind: 'sent', account: this.account, title, detail, url });
  }

  /** Brings the panel into view (resolving it if it never was). */
  async reveal(): Promise<void> {
    if (this.view) this.view.show(true);
    else await vscode.commands.executeCommand(`${REPLIES_VIEW_ID}.focus`);
  }

  private shown = 0;
  /** Counts the snapshots shown: a draw prepared asynchronously is dropped if another page came meanwhile. */
  get generation(): number {
    return this.shown;
  }

  private show(state: RepliesViewState, samePage = false): void {
    if (!samePage) this.shown++;
    this.setState(state);
  }

  protected override onAction(message: RepliesAction): void {
    switch (message.type) {
      case 'action':
        void vscode.commands.executeCommand(actionCommands[message.action]);
        break;
      case 'send':
      case 'cancel':
        if (this.current.kind === 'compose' && this.current.draftId === message.draftId) this.composeEmitter.fire(message);
        break;
      case 'openExternal':
        void openWebUrl(message.url);
        break;
      case 'reply':
      case 'applySuggestion':
      case 'setResolved':
      case 'markLearned':
      case 'revealCode':
        if (threadOffers(this.current, message)) this.threadEmitter.fire(message);
        else this.log.warn(`Replies view asked for ${message.type} on a thread that does not offer it; ignored`);
    }
  }
}
