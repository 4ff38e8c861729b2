// What the Replies panel shows of a thread: which ask is on screen, the notices above it (just sent,
// GitHub unreachable), and redrawing it from the store when its replies, its file or sync state change.
// The composer (asks/askController.ts) hands the panel over here once an ask is sent or queued.
// Thread buttons on the page do not come here: they go the one way every thread action goes
// (threads/threadActions.ts), and the thread service's changes come back as redraws.
import * as vscode from 'vscode';
import type { Ask } from '../../core/model';
import type { LocalStore } from '../../core/store/store';
import type { SuggestionState } from '../../core/threads/suggestion';
import { Disposable } from '../disposable';
import { threadViewOf } from '../asks/threadView';
import type { ThreadService } from '../threads/threadService';
import type { RepliesViewProvider } from './repliesViewProvider';

export class RepliesPresenter extends Disposable {
  private shownAsk: string | undefined;
  private drawSeq = 0;
  private codeChanged: ReturnType<typeof setTimeout> | undefined;
  /** Said above the thread of an ask just sent, while it is on screen. */
  private sentNotice: { readonly askId: string; readonly text: string } | undefined;
  /** An ask sent from the composer that waits in the outbox while the panel says so: shown as a thread once GitHub has it. */
  private waitingAsk: string | undefined;
  private syncNotice: string | undefined;

  constructor(
    private readonly store: LocalStore,
    private readonly replies: RepliesViewProvider,
    private readonly threads: Pick<ThreadService, 'suggestionStates' | 'replyState'>,
  ) {
    super();
    // Edits to the file of the thread on screen: its suggestions may be applied (or undone) now.
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        const ask = this.shownAsk ? this.store.ask(this.shownAsk) : undefined;
        if (!ask?.anchor || e.contentChanges.length === 0 || !e.document.uri.path.endsWith(`/${ask.anchor.path}`)) return;
        clearTimeout(this.codeChanged);
        this.codeChanged = setTimeout(() => this.refreshShown(), 300);
      }),
    );
    this._register({ dispose: () => clearTimeout(this.codeChanged) });
  }

  /** Shows an ask and the replies the store has for it in the Replies panel. */
  async openAsk(askId: unknown): Promise<void> {
    const ask = typeof askId === 'string' ? this.store.ask(askId) : undefined;
    if (!ask) {
      void vscode.window.showWarningMessage('That ask is no longer in Mutual Mentor’s history.');
      return;
    }
    this.show(ask);
    await this.replies.reveal();
  }

  /** An ask just sent from the composer: its thread, with where it went said above it. */
  showSent(ask: Ask, notice: string): void {
    this.sentNotice = { askId: ask.id, text: notice };
    this.show(ask);
  }

  /** An ask from the composer waits in the outbox: the panel says so, and shows its thread once it is sent. */
  showWaiting(askId: string, title: string, detail: string): void {
    this.shownAsk = undefined;
    this.waitingAsk = askId;
    this.replies.showSent(title, detail, null);
  }

  /** An ask left the outbox: if the panel still says it waits (and holds no draft), its thread replaces that. */
  askDelivered(ask: Ask, notice: string, draftOpen: boolean): void {
    if (this.waitingAsk === ask.id && this.replies.current.kind === 'sent' && !draftOpen) this.showSent(ask, notice);
  }

  /** The cursor rests on an ask: the panel shows it, when it is visible and not holding a draft. */
  followCursor(askId: string): void {
    const current = this.replies.current.kind;
    if (!this.replies.visible || current === 'compose' || (current === 'thread' && this.shownAsk === askId)) return;
    const ask = this.store.ask(askId);
    if (ask) this.show(ask);
  }

  /** What keeps replies from arriving (offline, rate limited), shown above the thread; undefined clears it. */
  setSyncNotice(notice: string | undefined): void {
    if (notice === this.syncNotice) return;
    this.syncNotice = notice;
    this.refreshShown();
  }

  /** Redraws the thread on screen from the store (another window changed it). */
  refreshShown(): void {
    if (this.shownAsk) this.repliesChanged(this.shownAsk);
  }

  /** Refreshes the thread on screen when its replies changed. */
  repliesChanged(askId: string): void {
    const ask = this.shownAsk === askId && this.replies.current.kind === 'thread' ? this.store.ask(askId) : undefined;
    if (ask) this.showThread(ask);
  }

  /** Puts an ask's thread on screen; from then on its changes redraw it (repliesChanged). */
  private show(ask: Ask): void {
    if (this.sentNotice?.askId !== ask.id) this.sentNotice = undefined;
    this.waitingAsk = undefined;
    this.shownAsk = ask.id;
    this.showThread(ask);
  }

  /**
   * Draws the ask's thread from the store. The suggestions are checked against the local file first
   * (async), so a draw that a newer one, or another page, overtook meanwhile is dropped.
   */
  private showThread(ask: Ask): void {
    const seq = ++this.drawSeq;
    const generation = this.replies.generation;
    void this.threads
      .suggestionStates(ask, this.store.replies(ask.id))
      .catch(() => new Map<string, SuggestionState[]>())
      .then((states) => {
        const now = this.store.ask(ask.id);
        if (seq !== this.drawSeq || generation !== this.replies.generation || !now) return;
        this.drawThread(now, states);
      });
  }

  private drawThread(ask: Ask, states: ReadonlyMap<string, readonly SuggestionState[]>): void {
    const replies = this.store.replies(ask.id);
    const sent = this.sentNotice?.askId === ask.id && replies.length === 0 ? this.sentNotice.text : null;
    this.replies.showThread(threadViewOf({ ask, replies, suggestionStates: states, reply: this.threads.replyState(ask.id), notice: this.syncNotice ?? sent }));
  }
}
