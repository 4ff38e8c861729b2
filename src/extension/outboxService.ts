// The one outbox of the window: asks and replies (and, with the ledger, lessons) are saved to disk
// before they are sent and stay until GitHub has them (src/core/outbox.ts). Each kind registers how
// it is sent, looked up on GitHub before a retry, and recorded once sent. A status bar item shows
// what is waiting; clicking it lists the items with Retry and Discard.
import * as vscode from 'vscode';
import { Outbox, describeOutbox } from '../core/outbox';
import type { OutboxItem } from '../core/model';
import type { LocalStore, OutboxEntry } from '../core/store/store';
import type { AccountService } from './account';
import { Disposable } from './disposable';
import { CommandId } from '../shared/commandIds';

export interface OutboxHandler<R> {
  /** Posts the item (the outbox looks it up with `findExisting` first when it may have landed already). */
  send(item: Readonly<OutboxEntry>): Promise<R>;
  findExisting(item: Readonly<OutboxEntry>): Promise<R | undefined>;
  onSent(item: Readonly<OutboxEntry>, result: R): void | Promise<void>;
  /** One line for the outbox list, e.g. "Ask @grace: Why does this…". */
  describe(item: Readonly<OutboxEntry>): string;
}

export class OutboxService extends Disposable {
  readonly outbox: Outbox<unknown>;
  private readonly handlers = new Map<OutboxItem['kind'], OutboxHandler<unknown>>();
  private readonly status = this._register(vscode.window.createStatusBarItem('mutualMentor.outbox', vscode.StatusBarAlignment.Left, 50));
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when an item was added, sent, failed or dropped. */
  readonly onDidChange = this.changed.event;

  constructor(store: LocalStore, account: AccountService, log: vscode.LogOutputChannel) {
    super();
    this.status.name = 'Mutual Mentor outbox';
    this.status.command = CommandId.ShowOutbox;
    this.outbox = new Outbox<unknown>(store, {
      send: (item) => this.handler(item).send(item),
      findExisting: (item) => this.handler(item).findExisting(item),
      onSent: (item, result) => this.handler(item).onSent(item, result),
      onChange: () => this.update(),
      log: (m) => log.info(m), // the outbox says "outbox: …" itself
    });
    this._register({ dispose: () => this.outbox.dispose() });
    this._register(
      account.onDidChange((a) => {
        if (a?.state === 'signedIn') void this.outbox.accountChanged();
      }),
    );
    this.update();
  }

  /** Says how items of a kind are sent. Items of a kind with no handler wait (they came from a newer version). */
  register<R>(kind: OutboxItem['kind'], handler: OutboxHandler<R>): void {
    this.handlers.set(kind, handler);
  }

  private handler(item: Readonly<OutboxEntry>): OutboxHandler<unknown> {
    const handler = this.handlers.get(item.kind);
    if (!handler) throw new Error(`this version of Mutual Mentor cannot send a ${item.kind}`);
    return handler;
  }

  /** Items that could not be sent and were set aside, by id. */
  failedIds(): Set<string> {
    return new Set(
      this.outbox
        .pending()
        .filter((i) => i.failed)
        .map((i) => i.id),
    );
  }

  private update(): void {
    const pending = this.outbox.pending();
    if (pending.length === 0) {
      this.status.hide();
    } else {
      const failed = pending.some((i) => i.failed);
      this.status.text = `${failed ? '$(warning)' : '$(mail)'} ${pending.length}`;
      this.status.tooltip = `Mutual Mentor: ${describeOutbox(pending)}${this.outbox.paused ? ` — ${this.outbox.paused}` : ''}. Click to see them.`;
      this.status.accessibilityInformation = { label: `Mutual Mentor: ${describeOutbox(pending)}` };
      this.status.backgroundColor = failed ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
      this.status.show();
    }
    this.changed.fire();
  }

  /** Lists what waits to be sent; the picked item can be retried now or discarded. */
  async showOutbox(): Promise<void> {
    const pending = this.outbox.pending();
    if (pending.length === 0) {
      void vscode.window.showInformationMessage('Mutual Mentor: nothing is waiting to be sent.');
      return;
    }
    const picked = await vscode.window.showQuickPick(
      pending.map((item) => ({
        label: `${item.failed ? '$(error)' : '$(clock)'} ${this.handlers.get(item.kind)?.describe(item) ?? item.kind}`,
        description: item.failed ? 'could not be sent' : item.attempts > 0 ? `tried ${item.attempts}×` : 'waiting',
        detail: item.lastError,
        item,
      })),
      { title: `Mutual Mentor: ${describeOutbox(pending)}`, placeHolder: 'Pick an item to retry or discard it' },
    );
    if (!picked) return;
    const choice = await vscode.window.showWarningMessage(
      picked.label.replace(/^\$\([\w-]+\) /, ''),
      { modal: true, detail: picked.item.lastError ? `Last error: ${picked.item.lastError}` : 'Not sent yet.' },
      'Retry Now',
      'Discard',
    );
    if (choice === 'Retry Now') await this.outbox.retry(picked.item.id);
    if (choice === 'Discard') await this.outbox.discard(picked.item.id);
  }
}
