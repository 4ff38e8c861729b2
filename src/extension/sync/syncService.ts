// Keeps the asks in the store in step with GitHub while signed in (src/core/sync does the work):
// replies land in the store and the panel, asks addressed to you appear under their partner,
// polling pauses while the window is unfocused, and "Refresh" polls now. Problems are shown in
// words (rate limit with its reset time, offline, a token that stopped working) and logged.
// The sync memory is kept in the store per host and login (core/sync/snapshot.ts), so a restart
// fetches only what changed meanwhile.
import * as vscode from 'vscode';
import type { Ask } from '../../core/model';
import type { LocalStore } from '../../core/store/store';
import { SyncEngine, syncProblem, type SyncState } from '../../core/sync/poller';
import type { AskUpdate } from '../../core/sync/replies';
import { applyReceivedAsk, applyReplies } from '../../core/sync/apply';
import { loadSyncSnapshot, saveSyncSnapshot, type SyncAccount, type SyncSnapshot } from '../../core/sync/snapshot';
import { errorMessage, withoutDocLinks } from '../../core/errors';
import type { WatchReason } from '../../core/sync/watchSchedule';
import type { AccountService } from '../account';
import { Disposable } from '../disposable';
import type { PartnersService } from '../partners';
import { CommandId } from '../../shared/commandIds';

export class SyncService extends Disposable {
  private engine: SyncEngine | undefined;
  private lastProblem: string | undefined;
  private lastFetched: Date | undefined;
  private readonly problemChanged = this._register(new vscode.EventEmitter<string | undefined>());
  /** Fires with what keeps replies from arriving (offline, rate limited, signed out), in words, or undefined once they flow again. */
  readonly onDidChangeProblem = this.problemChanged.event;
  /** The store lost cached data when it opened: the first sync of this session must be a full one. */
  private resync: boolean;
  /** Snapshot saves in order, each after the asks and replies it vouches for are on disk. */
  private saving: Promise<void> = Promise.resolve();
  private savedSnapshot: string | undefined;
  private lastIdle: Extract<SyncState, { kind: 'idle' }> | undefined;
  /** Asks to watch asked for before sync could start. */
  private readonly waiting = new Map<string, WatchReason>();
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
    this.resync = store.needsResync;
    this._register(account.onDidChange(() => this.restart()));
    this._register(vscode.window.onDidChangeWindowState((s) => (s.focused ? this.engine?.resume() : this.engine?.pause())));
    this._register({ dispose: () => this.engine?.stop() });
    this.restart();
  }

  /**
   * Watches these asks' threads closely while someone waits on them (core/sync/watcher.ts): a
   * reply shows within seconds instead of at the next notifications poll. Asks not awaited are left alone.
   */
  watch(askIds: readonly string[], reason: WatchReason): void {
    if (!this.engine) {
      // Not signed in yet (the check runs in the background at startup): watched once it is.
      for (const id of askIds) this.waiting.set(id, reason);
      return;
    }
    const started = this.engine.watch(askIds, reason);
    if (started.length > 0) this.log.info(`sync: watching ${started.length} ask(s) (${reason}): ${started.join(', ')}`);
  }

  /** GitHub's notifications interval as of the last poll, and when the next may be made (tests, diagnostics). */
  get pollSchedule(): { readonly intervalSeconds: number; readonly nextPollAt: number } | undefined {
    return this.lastIdle && { intervalSeconds: this.lastIdle.pollIntervalSeconds, nextPollAt: this.lastIdle.nextPollAt };
  }

  /** Whether the ask's thread is being watched now (tests, diagnostics). */
  isWatched(askId: string): boolean {
    return this.engine?.isWatched(askId) ?? false;
  }

  /** Polls now (the Refresh command), whatever the poll interval says. */
  async refreshNow(): Promise<void> {
    if (!this.engine) {
      void vscode.window.showWarningMessage('Sign in to GitHub to fetch your partners’ replies.', 'Sign In').then((c) => {
        if (c) void vscode.commands.executeCommand(CommandId.SignIn);
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
    const who: SyncAccount = { host: me.host, login: me.login };
    const initial = loadSyncSnapshot(this.store, who, (m) => this.log.warn(`sync: ${m}`), { resync: this.resync });
    this.log.info(`sync: ${initial ? 'resuming from the saved sync state' : 'no saved sync state; fetching every ask'} for ${me.login}@${me.host}`);
    this.savedSnapshot = undefined;
    this.engine = new SyncEngine({
      ...(initial ? { initial } : {}),
      onSnapshot: (snapshot) => this.saveSnapshot(who, snapshot),
      client,
      host: me.host,
      me: me.login,
      tracked: () => this.store.asks(),
      repliesOf: (id) => this.store.replies(id),
      partners: () => this.partners.partners.map((p) => p.login),
      onReplies: (updates) => this.onReplies(updates),
      onReceivedAsk: (ask) => this.onReceived(ask),
      onState: (state) => this.onState(state),
      onWarning: (message) => this.log.warn(`sync: ${message}`),
    });
    this.engine.start();
    if (!vscode.window.state.focused) this.engine.pause();
    for (const [id, reason] of this.waiting) this.watch([id], reason);
    this.waiting.clear();
  }

  private onReplies(updates: readonly AskUpdate[]): void {
    const applied = applyReplies(this.store, updates, new Date().toISOString(), (m) => this.log.warn(`ledger: ${m}`));
    const n = applied.newReplies;
    this.log.info(`sync: ${updates.length} ask(s) updated, ${n} new repl${n === 1 ? 'y' : 'ies'}`);
    this.changed.fire(applied);
  }

  private onReceived(ask: Ask): void {
    applyReceivedAsk(this.store, ask);
    this.log.info(`sync: @${ask.partner} asked you: ${ask.question.split('\n')[0] ?? ''}`);
    this.changed.fire({ askIds: [ask.id], newReplies: 0 });
  }

  /**
   * Saves the sync memory once the asks and replies it says are synced are on disk, so a crash in
   * between costs a re-fetch, never a missed reply. A failed write keeps the older snapshot.
   * A poll that only moved the next poll time (an idle 304) writes nothing: after a restart the
   * stale time just lets the first poll go at once, and a 304 is free.
   */
  private saveSnapshot(who: SyncAccount, snapshot: SyncSnapshot): void {
    const json = JSON.stringify({ ...snapshot, nextPollAt: undefined });
    if (json === this.savedSnapshot) return;
    this.savedSnapshot = json;
    this.resync = false; // a full sync has completed: later engines may start from its memory
    this.saving = this.saving.then(async () => {
      try {
        await this.store.flush('asks');
        await this.store.flush('replies');
        saveSyncSnapshot(this.store, who, snapshot);
      } catch (error) {
        this.savedSnapshot = undefined;
        this.log.warn(`sync: the sync state was not saved (${errorMessage(error)})`);
      }
    });
  }

  private onState(state: SyncState): void {
    const problem = syncProblem(state, this.lastProblem);
    if (problem && problem !== this.lastProblem) {
      this.log.warn(`sync: ${problem}`);
      if (state.kind === 'rateLimited') void vscode.window.showWarningMessage(`Mutual Mentor: ${state.message}`);
      if (state.kind === 'unauthorized') this.account.refresh(); // the account check offers Sign In
    }
    if (problem !== this.lastProblem) {
      // GitHub's words without its documentation link, then what the panel shows meanwhile.
      const words = problem && withoutDocLinks(problem);
      this.problemChanged.fire(
        words &&
          `${words} Showing what was fetched${this.lastFetched ? ` at ${this.lastFetched.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}` : ' before'}; nothing you write is lost.`,
      );
    }
    if (state.kind === 'idle') {
      this.lastFetched = new Date(state.lastPollAt);
      this.lastIdle = state;
    }
    this.lastProblem = problem;
  }
}
