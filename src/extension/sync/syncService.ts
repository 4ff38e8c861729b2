// Keeps the asks in the store in step with GitHub while signed in (src/core/sync does the work):
// replies land in the store and the panel, asks addressed to you appear under their partner,
// polling pauses while the window is unfocused, and "Refresh" polls now. Problems are shown in
// words (rate limit with its reset time, offline, a token that stopped working) and logged.
import * as vscode from 'vscode';
import type { Ask } from '../../core/model';
import type { LocalStore } from '../../core/store/store';
import { SyncEngine, type SyncState } from '../../core/sync/poller';
import type { AskUpdate } from '../../core/sync/replies';
import type { AccountService } from '../account';
import { Disposable } from '../disposable';
import type { PartnersService } from '../partners';

export class SyncService extends Disposable {
  private engine: SyncEngine | undefined;
  private lastProblem: string | undefined;
  private readonly changed = this._register(new vscode.EventEmitter<{ askIds: readonly string[]; newReplies: number }>());
  /** Fires when replies or received asks changed the store. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly store: LocalStore,
    private readonly account: AccountService,
    private readonly partners: PartnersService,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this._register(account.onDidChange(() => this.restart()));
    this._register(vscode.window.onDidChangeWindowState((s) => (s.focused ? this.engine?.resume() : this.engine?.pause())));
    this._register({ dispose: () => this.engine?.stop() });
    this.restart();
  }

  /** Polls now (the Refresh command), whatever the poll interval says. */
  async refreshNow(): Promise<void> {
    if (!this.engine) {
      void vscode.window.showWarningMessage('Sign in to GitHub to fetch your partners’ replies.', 'Sign In').then((c) => {
        if (c) void vscode.commands.executeCommand('mutualMentor.signIn');
      });
      return;
    }
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Mutual Mentor: fetching replies…' }, () => this.engine!.refreshNow());
  }

  private restart(): void {
    this.engine?.stop();
    this.engine = undefined;
    const client = this.account.client;
    const me = this.account.account;
    if (!client || me?.state !== 'signedIn') return;
    this.engine = new SyncEngine({
      client,
      host: me.host,
      tracked: () => this.store.asks(),
      partners: () => this.partners.partners.map((p) => p.login),
      onReplies: (updates) => this.onReplies(updates),
      onReceivedAsk: (ask) => this.onReceived(ask),
      onState: (state) => this.onState(state),
      onWarning: (message) => this.log.warn(`sync: ${message}`),
    });
    this.engine.start();
    if (!vscode.window.state.focused) this.engine.pause();
  }

  private onReplies(updates: readonly AskUpdate[]): void {
    let newReplies = 0;
    for (const u of updates) {
      const before = new Set(this.store.replies(u.askId).map((r) => r.nodeId));
      newReplies += u.replies.filter((r) => !before.has(r.nodeId)).length;
      this.store.setReplies(u.askId, u.replies);
    }
    this.log.info(`sync: ${updates.length} ask(s) updated, ${newReplies} new repl${newReplies === 1 ? 'y' : 'ies'}`);
    this.changed.fire({ askIds: updates.map((u) => u.askId), newReplies });
  }

  private onReceived(ask: Ask): void {
    this.store.upsertAsk(ask);
    this.log.info(`sync: @${ask.partner} asked you: ${ask.question.split('\n')[0] ?? ''}`);
    this.changed.fire({ askIds: [ask.id], newReplies: 0 });
  }

  private onState(state: SyncState): void {
    const problem = state.kind === 'rateLimited' || state.kind === 'unauthorized' ? state.message : state.kind === 'backoff' ? state.message : undefined;
    if (problem && problem !== this.lastProblem) {
      this.log.warn(`sync: ${problem}`);
      if (state.kind === 'rateLimited') void vscode.window.showWarningMessage(`Mutual Mentor: ${state.message}`);
      if (state.kind === 'unauthorized') this.account.refresh(); // the account check offers Sign In
    }
    this.lastProblem = problem;
  }
}
