// Keeps every view in step with the store: the Exchanges tree, inline threads, the open Ledger page,
// the CodeLens and diagnostics (through ask placement), the Replies panel's thread and the outbox's
// marks in the tree. Each source of change (a sent ask, a thread action, sync, the ledger, another
// window) says what changed; this decides what is redrawn (ARCHITECTURE.md §From GitHub to the screen).
import type { LocalStore } from '../core/store/store';
import type { AskController } from './asks/askController';
import type { InlineThreads } from './comments/inlineThreads';
import type { UnreadService } from './comments/unreadService';
import { Disposable } from './disposable';
import type { LedgerService } from './ledger/ledgerService';
import type { AskPlacement } from './lsp/askPlacement';
import type { OutboxService } from './outboxService';
import type { SyncService } from './sync/syncService';
import type { WatchSignals } from './sync/watchSignals';
import type { ThreadService } from './threads/threadService';
import type { ExchangesTreeProvider } from './views/exchangesTreeProvider';
import type { LedgerPanel } from './views/ledgerPanel';
import type { RepliesPresenter } from './views/repliesPresenter';

export interface RedrawParts {
  readonly store: LocalStore;
  readonly me: () => string | undefined;
  readonly unread: UnreadService;
  readonly exchanges: ExchangesTreeProvider;
  readonly threads: InlineThreads;
  readonly ledger: LedgerService;
  readonly ledgerPanel: LedgerPanel;
  readonly placement: AskPlacement;
  readonly presenter: RepliesPresenter;
  readonly outboxes: OutboxService;
  readonly controller: AskController;
  readonly threadService: ThreadService;
  readonly sync: SyncService;
  readonly watching: WatchSignals;
}

export class Redraws extends Disposable {
  constructor(private readonly p: RedrawParts) {
    super();
    const { store, controller, threadService, sync, ledger, placement, presenter, unread, outboxes, watching } = p;
    this._register(
      controller.onDidChange(() => {
        this.outboxChanged();
        this.storeChanged(false);
        watching.asksChanged();
      }),
    );
    this._register(
      threadService.onDidChange((id) => {
        this.storeChanged(false);
        presenter.repliesChanged(id);
      }),
    );
    this._register(
      sync.onDidChange(({ askIds }) => {
        this.storeChanged(true);
        placement.refreshCounts(); // new replies change the CodeLens and diagnostics' counts
        for (const id of askIds) presenter.repliesChanged(id);
        void ledger.checkDrift();
      }),
    );
    this._register(
      ledger.onDidChange(() => {
        this.show();
        this.ledgerChanged();
      }),
    );
    this._register(placement.onDidChange(() => this.show()));
    this._register(
      sync.onDidChangeProblem((notice) => {
        presenter.setSyncNotice(notice);
        // GitHub answers again: what waits in the outbox goes now, not after its backoff.
        if (notice === undefined) void outboxes.outbox.githubAnswersAgain();
      }),
    );
    this._register(
      unread.onDidChange(() => {
        this.show();
        placement.refreshCounts(); // the CodeLens and diagnostics say "unread" until this
      }),
    );
    // Another window wrote the store (a new ask, replies it synced): show what it wrote.
    this._register(
      store.onExternalChange((names) => {
        this.storeChanged(names.includes('replies'));
        presenter.refreshShown();
      }),
    );
  }

  /** The first draw, once the store is read. */
  drawAll(): void {
    this.outboxChanged();
    this.storeChanged(false);
  }

  /** Everything that shows asks, redrawn from the store and the unread counts. */
  private show(): void {
    const { store, unread, exchanges, threads, ledger, me } = this.p;
    const list = store.asks();
    const { perAsk, total } = unread.summary;
    exchanges.update(() => {
      exchanges.setAsks(list, (id) => store.replies(id).length);
      exchanges.setLedger(me(), ledger.events());
      exchanges.setUnread(perAsk, total);
    });
    void threads.update(list, (id) => store.replies(id), perAsk);
  }

  /** The Ledger page, when open, follows every change of what it counts (answers, lessons, help). */
  private ledgerChanged(): void {
    if (this.p.ledgerPanel.isOpen) this.p.ledgerPanel.update(this.p.ledger.view());
  }

  private storeChanged(notify: boolean): void {
    this.p.unread.update(this.p.store, notify);
    this.show();
    this.p.placement.schedule();
    this.ledgerChanged();
  }

  private outboxChanged(): void {
    const pending = this.p.outboxes.outbox.pending();
    this.p.exchanges.setOutboxState(new Set(pending.filter((i) => !i.failed).map((i) => i.id)), new Set(pending.filter((i) => i.failed).map((i) => i.id)));
  }
}
