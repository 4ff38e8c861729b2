// Which partner replies the user has not read (src/core/unread.ts does the counting): the seen
// record in globalState, the status bar count, the context keys menus and the walkthrough use, and
// a notification when a partner replies (setting mutualMentor.notifications.replies).
import * as vscode from 'vscode';
import { questionTitle } from '../../core/exchanges';
import type { Ask, Reply } from '../../core/model';
import { arrivedUnread, markRead, parseSeen, pruneSeen, seenEverything, summarizeUnread, type SeenRecord, type UnreadSummary } from '../../core/unread';
import { Disposable } from '../disposable';
import { settings } from '../settings';
import { CommandId } from '../../shared/commandIds';

const SEEN_KEY = 'mutualMentor.seenReplies';

/** What the unread count is computed from (the local store fits). */
export interface RepliesSource {
  asks(): readonly Ask[];
  replies(askId: string): readonly Reply[];
}

const NONE: UnreadSummary = { perAsk: new Map(), total: 0 };

export class UnreadService extends Disposable {
  private seen: SeenRecord | undefined;
  private source: RepliesSource | undefined;
  private current: UnreadSummary = NONE;
  /** Reply ids the store held at the last update: what is not in here arrived since. */
  private known: Set<string> | undefined;
  private readonly contextKeys = new Map<string, boolean>();
  private readonly status = this._register(vscode.window.createStatusBarItem('mutualMentor.unread', vscode.StatusBarAlignment.Left, 49));
  private readonly changed = this._register(new vscode.EventEmitter<UnreadSummary>());
  /** Fires when the unread counts changed. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly me: () => string | undefined,
  ) {
    super();
    this.status.name = 'Mutual Mentor unread replies';
    this.render();
  }

  get summary(): UnreadSummary {
    return this.current;
  }

  unreadOf(askId: string): number {
    return this.current.perAsk.get(askId) ?? 0;
  }

  /** Recounts after the store changed; with `notify`, tells the user about replies that just arrived. */
  update(source: RepliesSource, notify: boolean): void {
    this.source = source;
    const asks = source.asks();
    const repliesOf = (id: string) => source.replies(id);
    if (!this.seen) {
      const stored = this.memento.get<unknown>(SEEN_KEY);
      // Before unread tracking existed everything the store holds was already shown: start from there.
      this.seen = stored === undefined ? seenEverything(asks, repliesOf) : parseSeen(stored);
      if (stored === undefined) void this.save();
    }
    if (asks.length > 0) {
      const pruned = pruneSeen(
        this.seen,
        asks.map((a) => a.id),
      );
      if (Object.keys(pruned).length !== Object.keys(this.seen).length) {
        this.seen = pruned;
        void this.save();
      }
    }
    const arrived = notify && this.known ? arrivedUnread(asks, repliesOf, this.seen, this.known, this.me()) : [];
    this.known = new Set(asks.flatMap((a) => source.replies(a.id).map((r) => r.nodeId)));
    this.recount();
    if (arrived.length > 0) this.notify(arrived);
  }

  /** Marks every reply of the ask as read (opened in the panel, replied to, looked at inline). */
  async markRead(askId: string): Promise<void> {
    if (!this.source || !this.seen || this.unreadOf(askId) === 0) return;
    this.seen = markRead(this.seen, askId, this.source.replies(askId));
    this.recount();
    await this.save();
  }

  async markAllRead(): Promise<void> {
    if (!this.source || !this.seen) return;
    for (const askId of this.current.perAsk.keys()) this.seen = markRead(this.seen, askId, this.source.replies(askId));
    this.recount();
    await this.save();
  }

  private async save(): Promise<void> {
    await this.memento.update(SEEN_KEY, this.seen);
  }

  private recount(): void {
    if (!this.source || !this.seen) return;
    const source = this.source;
    const before = this.current;
    this.current = summarizeUnread(source.asks(), (id) => source.replies(id), this.seen, this.me());
    this.render();
    this.setContext('mutualMentor.hasReplies', (this.known?.size ?? 0) > 0);
    if (before.total !== this.current.total || before.newestAskId !== this.current.newestAskId || !sameCounts(before.perAsk, this.current.perAsk)) {
      this.changed.fire(this.current);
    }
  }

  private render(): void {
    const { total, newestAskId } = this.current;
    this.setContext('mutualMentor.hasUnread', total > 0);
    if (total === 0) {
      this.status.hide();
      return;
    }
    const words = `${total} unread repl${total === 1 ? 'y' : 'ies'} from your partners`;
    this.status.text = `$(comment-discussion) ${total}`;
    this.status.tooltip = `Mutual Mentor: ${words}. Click to open the newest.`;
    this.status.accessibilityInformation = { label: `Mutual Mentor: ${words}`, role: 'button' };
    this.status.command = newestAskId
      ? { command: CommandId.OpenThreadInPanel, title: 'Open the newest unread reply', arguments: [newestAskId] }
      : CommandId.ShowReplies;
    this.status.show();
  }

  private notify(arrived: ReturnType<typeof arrivedUnread>): void {
    if (!settings.notifyReplies()) return;
    const first = arrived[0];
    if (!first) return;
    if (arrived.length === 1) {
      const { ask, replies } = first;
      const authors = [...new Set(replies.map((r) => `@${r.author}`))].join(' and ');
      const about = `“${questionTitle(ask, 60)}”`;
      const text = ask.direction === 'sent' ? `${authors} replied to your ask about ${about}` : `${authors} replied on the ask ${about}`;
      void vscode.window.showInformationMessage(`Mutual Mentor: ${text}`, 'Open').then((choice) => {
        if (choice) void vscode.commands.executeCommand(CommandId.OpenThreadInPanel, ask.id);
      });
      return;
    }
    const count = arrived.reduce((n, a) => n + a.replies.length, 0);
    void vscode.window.showInformationMessage(`Mutual Mentor: ${count} new replies on ${arrived.length} asks`, 'Show Exchanges').then((choice) => {
      if (choice) void vscode.commands.executeCommand(CommandId.ShowExchanges);
    });
  }

  private setContext(key: string, value: boolean): void {
    if (this.contextKeys.get(key) === value) return;
    this.contextKeys.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  }
}

function sameCounts(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
