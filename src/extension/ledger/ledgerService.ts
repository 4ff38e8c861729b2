// The two-way ledger in VS Code: lessons (from synced threads) and help found on GitHub each way,
// aggregated per partner (src/core/ledger) and shown in the Ledger panel; a gentle note when a pair
// has gone one-sided, with a concrete way to give back; export as Markdown, CSV or JSON.
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { answersIn, findGiveBack, unansweredAsks, type GiveBackItem } from '../../core/ledger/giveBack';
import { findHelp, type HelpCursors } from '../../core/ledger/help';
import { findHistory } from '../../core/ledger/history';
import { driftAll, type DriftSettings, type LedgerEvent } from '../../core/ledger/ledger';
import { toCsv, toJson, toMarkdown } from '../../core/ledger/export';
import { ledgerView } from '../../core/ledger/view';
import type { LocalStore } from '../../core/store/store';
import type { LedgerExportFormat, LedgerRequest, LedgerViewState } from '../../shared/ledgerProtocol';
import type { AccountService } from '../account';
import { Disposable } from '../disposable';
import type { PartnersService } from '../partners';
import { settings } from '../settings';
import { CommandId } from '../../shared/commandIds';
import type { LedgerPanel } from '../views/ledgerPanel';

const NOTIFIED = 'mutualMentor.driftNotified';
const extensions: Record<LedgerExportFormat, string> = { markdown: 'md', csv: 'csv', json: 'json' };

export class LedgerService extends Disposable {
  private giveBack = new Map<string, readonly GiveBackItem[]>();
  private refreshing: Promise<void> | undefined;
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when a refresh brought lessons or help from GitHub into the store. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly store: LocalStore,
    private readonly account: AccountService,
    private readonly partners: PartnersService,
    private readonly panel: LedgerPanel,
    private readonly memento: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
    private readonly openAsk: (askId: string) => Promise<void>,
  ) {
    super();
    this._register(panel.onDidRequest((r) => void this.onRequest(r)));
  }

  private me(): { login: string; host: string } | undefined {
    const a = this.account.account;
    return a?.state === 'signedIn' ? { login: a.login, host: a.host } : undefined;
  }

  private helpKey(me: { login: string; host: string }, partner: string): string {
    return `help:${me.host}/${me.login}/${partner}`.toLowerCase();
  }

  private driftSettings(): DriftSettings {
    return {
      windowDays: Math.max(1, settings.ledgerWindowDays()),
      minEvents: Math.max(1, settings.ledgerMinEvents()),
      oneSidedShare: Math.min(1, Math.max(0.5, settings.ledgerOneSidedShare())),
    };
  }

  /** Lessons and help from the store, and the answers the exchange history shows (each once, by id). */
  events(): LedgerEvent[] {
    const me = this.me();
    const asks = this.store.asks();
    const all = [...this.store.ledgerEvents(), ...(me ? answersIn(asks, (id) => this.store.replies(id), me.login) : [])];
    // Between you and your partners only: someone else's lesson in a shared thread is not your ledger.
    const pair = new Set(this.partners.partners.map((p) => p.login.toLowerCase()));
    const mine = me?.login.toLowerCase();
    const between = (e: LedgerEvent) =>
      (e.from.toLowerCase() === mine && pair.has(e.to.toLowerCase())) || (e.to.toLowerCase() === mine && pair.has(e.from.toLowerCase()));
    return [...new Map(all.filter(between).map((e) => [e.id, e])).values()];
  }

  /** What the panel shows now, from what is known locally. */
  view(): LedgerViewState {
    const me = this.me();
    if (!me)
      return {
        kind: 'empty',
        title: 'Sign in to see your ledger',
        detail: 'The ledger is rebuilt from GitHub: lessons in your threads, pull requests merged and reviews each way.',
        action: 'signIn',
      };
    const partners = this.partners.partners.map((p) => p.login);
    if (partners.length === 0)
      return {
        kind: 'empty',
        title: 'No partner yet',
        detail: 'Pair with another developer to start a two-way ledger of what you teach each other.',
        action: 'pairWithPartner',
      };
    const giveBack = new Map<string, readonly GiveBackItem[]>();
    for (const p of partners)
      giveBack.set(p, [...unansweredAsks(this.store.asks(), (id) => this.store.replies(id), me.login, p), ...(this.giveBack.get(p.toLowerCase()) ?? [])]);
    // The pair's topics on GitHub (theirs to teach you, theirs to learn from you) are listed even before any lesson.
    const declared = new Map(this.partners.partners.map((p) => [p.login.toLowerCase(), [...p.teaches, ...p.learns]]));
    return ledgerView(this.events(), me.login, giveBack, this.driftSettings(), Date.now(), declared);
  }

  /** Opens the Ledger panel, then brings in what GitHub has that is new. */
  async show(): Promise<void> {
    this.panel.show(this.view());
    await this.refresh();
  }

  /** Fetches help each way for every partner (from the saved cursors) and give-back suggestions for one-sided pairs. */
  refresh(): Promise<void> {
    if (this.refreshing) return this.refreshing;
    const run = Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Mutual Mentor: updating the ledger…' }, () => this.fetch()),
    ).finally(() => {
      this.refreshing = undefined;
      this.panel.update(this.view());
      this.changed.fire();
    });
    this.refreshing = run;
    return run;
  }

  private async fetch(): Promise<void> {
    const me = this.me();
    const client = this.account.client;
    if (!me || !client) return;
    const problems: string[] = [];
    for (const partner of this.partners.partners) {
      const key = this.helpKey(me, partner.login);
      try {
        const cursors = parseCursors(this.store.cursor(key));
        const found = await findHelp(client, me.login, partner.login, { ...(cursors ? { cursors } : {}), exchangeLabel: settings.exchangeLabel() });
        this.store.putLedgerEvents(found.events);
        this.store.setCursor(key, JSON.stringify(found.cursors));
        for (const w of found.warnings) this.log.warn(`ledger: ${w}`);
        // Lessons and answered asks in every mentoring thread of the pair: a fresh machine gets them too.
        const history = await findHistory(client, me.login, partner.login, { label: settings.exchangeLabel() });
        this.store.putLedgerEvents(history.events);
        for (const w of history.warnings) this.log.warn(`ledger: ${w}`);
        this.log.info(
          `ledger: @${partner.login}: ${found.events.length} help and ${history.events.length} lesson/answer event(s) in ${found.requests + history.requests} request(s), cost ${found.cost + history.cost}`,
        );
      } catch (error) {
        problems.push(`@${partner.login}: ${errorMessage(error)}`);
      }
    }
    const drift = driftAll(this.events(), me.login, this.driftSettings(), Date.now());
    for (const partner of this.partners.partners) {
      const d = drift.get(partner.login.toLowerCase());
      if (d?.state !== 'receiving') {
        this.giveBack.delete(partner.login.toLowerCase());
        continue;
      }
      try {
        this.giveBack.set(partner.login.toLowerCase(), await findGiveBack(client, me.login, partner.login, partner.learns));
      } catch (error) {
        problems.push(`give-back for @${partner.login}: ${errorMessage(error)}`);
      }
    }
    if (problems.length) {
      this.log.warn(`ledger: ${problems.join('; ')}`);
      void vscode.window
        .showWarningMessage(`Mutual Mentor could not update all of the ledger from GitHub (${problems[0]}). What is known is shown.`, 'Show Log')
        .then((c) => {
          if (c) this.log.show();
        });
    }
  }

  /**
   * After sync: when a pair has gone one-sided (you received much more than you gave), say so once
   * per window, gently, with the first concrete way to give back. Off with a setting.
   */
  async checkDrift(): Promise<void> {
    const me = this.me();
    if (!me || !settings.driftNotifications()) return;
    const driftSettings = this.driftSettings();
    const drift = driftAll(this.events(), me.login, driftSettings, Date.now());
    const notified = this.memento.get<Record<string, number>>(NOTIFIED, {});
    for (const partner of this.partners.partners) {
      const d = drift.get(partner.login.toLowerCase());
      const last = notified[partner.login.toLowerCase()] ?? 0;
      // Only once the help each way was read from GitHub: lessons and answers alone tell half the story.
      const known = this.store.cursor(this.helpKey(me, partner.login)) !== undefined;
      if (!known || d?.state !== 'receiving' || Date.now() - last < driftSettings.windowDays * 86_400_000) continue;
      await this.memento.update(NOTIFIED, { ...notified, [partner.login.toLowerCase()]: Date.now() });
      const first = unansweredAsks(this.store.asks(), (id) => this.store.replies(id), me.login, partner.login)[0];
      const choice = await vscode.window.showInformationMessage(
        `@${partner.login} has helped you ${d.received} times in the last ${driftSettings.windowDays} days, and you them ${d.given}. ${first ? `They asked you: “${first.title}”.` : 'The ledger has ideas for giving back.'}`,
        ...(first ? ['Answer It'] : []),
        'Show Ledger',
      );
      if (choice === 'Answer It' && first?.askId) await this.openAsk(first.askId);
      if (choice === 'Show Ledger') await this.show();
      return; // one note at a time
    }
  }

  /** Writes the history and ledger as a file; without a target, asks where. */
  async export(format: LedgerExportFormat, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const me = this.me();
    if (!me) {
      void vscode.window.showWarningMessage('Sign in to GitHub to export your ledger.');
      return undefined;
    }
    const events = this.events();
    const text = format === 'csv' ? toCsv(events) : format === 'json' ? toJson(events, me.login) : toMarkdown(events, me.login, new Date().toISOString());
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri =
      target ??
      (await vscode.window.showSaveDialog({
        title: 'Export the mentoring ledger',
        saveLabel: 'Export',
        filters: { [format === 'markdown' ? 'Markdown' : format.toUpperCase()]: [extensions[format]] },
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `mentoring-ledger.${extensions[format]}`) } : {}),
      }));
    if (!uri) return undefined;
    try {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    } catch (error) {
      void vscode.window.showErrorMessage(`Mutual Mentor could not write ${uri.fsPath}: ${errorMessage(error)}`);
      return undefined;
    }
    if (!target) {
      void vscode.window.showInformationMessage(`Exported ${events.length} entries to ${vscode.workspace.asRelativePath(uri)}.`, 'Open').then(async (c) => {
        if (c) await vscode.window.showTextDocument(uri);
      });
    }
    return uri;
  }

  private async onRequest(request: LedgerRequest): Promise<void> {
    switch (request.type) {
      case 'openAsk':
        return this.openAsk(request.askId);
      case 'export':
        await this.export(request.format);
        return;
      case 'refresh':
        return this.refresh();
      case 'action':
        await vscode.commands.executeCommand(request.action === 'signIn' ? CommandId.SignIn : CommandId.PairWithPartner);
        this.panel.update(this.view());
    }
  }
}

function parseCursors(raw: string | undefined): HelpCursors | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(value)) if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(v)) out[k] = v;
    return out;
  } catch {
    return undefined; // a damaged cursor means fetching everything again, never a crash
  }
}
