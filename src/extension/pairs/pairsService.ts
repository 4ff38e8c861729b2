// The pairs on GitHub as this window knows them (ARCHITECTURE.md §Pairs): read at sign-in, on
// Refresh, after each pair action and every minute while the window has focus; kept in globalState
// per host and login so a restart shows the last known pairs at once. The GitHub calls are in
// src/core/pairs/github.ts, loaded with octokit on first use (dist/github.cjs).
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import type { PairAction } from '../../core/pairs/markers';
import type { PairState, PairTopics } from '../../core/pairs/model';
import type { RepoRef } from '../../core/model';
import type { AccountService } from '../account';
import { Disposable } from '../disposable';
import type { PartnersService } from '../partners';

/** Where a pair lives on GitHub (src/core/pairs/github.ts `PairRef`). */
export interface PairRef {
  readonly owner: string;
  readonly name: string;
  readonly number: number;
}

interface Saved {
  readonly pairs: PairState[];
  readonly known: PairRef[];
}

const REFRESH_MS = 60_000;
const MAX_KNOWN = 100;

const sameRef = (a: PairRef, b: PairRef) =>
  a.owner.toLowerCase() === b.owner.toLowerCase() && a.name.toLowerCase() === b.name.toLowerCase() && a.number === b.number;
export const refOfPair = (p: PairState): PairRef => ({ owner: p.repo.owner, name: p.repo.name, number: p.number });

/** The saved record is local data, read as untrusted: anything not shaped like it is dropped. */
function readSaved(raw: unknown): Saved {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Record<keyof Saved, unknown>>;
  const isRef = (x: unknown): x is PairRef => {
    const o = x as Partial<PairRef> | null;
    return typeof o?.owner === 'string' && typeof o.name === 'string' && typeof o.number === 'number';
  };
  const isPair = (x: unknown): x is PairState => {
    const o = x as Partial<PairState> | null;
    return (
      typeof o?.id === 'string' &&
      typeof o.inviter === 'string' &&
      typeof o.invitee === 'string' &&
      typeof o.status === 'string' &&
      typeof o.number === 'number' &&
      typeof o.repo?.owner === 'string' &&
      Array.isArray(o.inviterTopics?.teaches) &&
      Array.isArray(o.inviteeTopics?.teaches)
    );
  };
  return { pairs: Array.isArray(r.pairs) ? r.pairs.filter(isPair) : [], known: Array.isArray(r.known) ? r.known.filter(isRef) : [] };
}

export class PairsService extends Disposable {
  private saved: Saved = { pairs: [], known: [] };
  private key: string | undefined;
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;
  private readonly changed = this._register(new vscode.EventEmitter<readonly PairState[]>());
  /** After each read: the pairs, before PartnersService re-merges (which fires its own event). */
  readonly onDidRefresh = this.changed.event;

  constructor(
    private readonly account: AccountService,
    private readonly partners: PartnersService,
    private readonly memento: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this._register(account.onDidChange(() => this.signedInChanged()));
    const timer = setInterval(() => {
      if (vscode.window.state.focused) void this.refresh();
    }, REFRESH_MS);
    this._register({ dispose: () => clearInterval(timer) });
    this.signedInChanged();
  }

  get pairs(): readonly PairState[] {
    return this.saved.pairs;
  }

  private get me(): { login: string; host: string } | undefined {
    const a = this.account.account;
    return a?.state === 'signedIn' ? { login: a.login, host: a.host } : undefined;
  }

  private signedInChanged(): void {
    const me = this.me;
    const key = me ? `mutualMentor.pairs:${me.host}:${me.login.toLowerCase()}` : undefined;
    if (key === this.key) return;
    this.key = key;
    this.saved = key ? readSaved(this.memento.get<unknown>(key)) : { pairs: [], known: [] };
    this.partners.setPairs(this.saved.pairs, me?.login);
    if (me) void this.refresh();
  }

  /** Reads the pairs from GitHub again; a call during a read waits for one more read after it (shared by all such calls). */
  refresh(extra?: PairRef): Promise<void> {
    if (extra) this.remember(extra);
    if (this.running) {
      this.next ??= this.running.then(() => {
        this.next = undefined;
        return this.refresh();
      });
      return this.next;
    }
    this.running = this.read().finally(() => (this.running = undefined));
    return this.running;
  }

  private async read(): Promise<void> {
    const me = this.me;
    const client = this.account.client;
    if (!me || !client) return;
    try {
      const api = await this.account.pairsApi();
      const pairs = await api.fetchPairs(client, me.host, me.login, this.saved.known, (m) => this.log.warn(`pairs: ${m}`));
      if (this.me?.login !== me.login) return; // signed in as someone else meanwhile
      await this.save({ pairs, known: this.saved.known });
    } catch (error) {
      this.log.warn(`pairs: could not read the pairs on GitHub: ${errorMessage(error)}`);
    }
  }

  private remember(ref: PairRef): void {
    if (this.saved.known.some((k) => sameRef(k, ref))) return;
    this.saved = { ...this.saved, known: [ref, ...this.saved.known].slice(0, MAX_KNOWN) };
  }

  private async save(saved: Saved): Promise<void> {
    this.saved = saved;
    this.partners.setPairs(saved.pairs, this.me?.login);
    this.changed.fire(saved.pairs);
    if (this.key) await this.memento.update(this.key, saved);
  }

  /** The pair at a place on GitHub: as last read, or read now (an issue just created may not be searchable yet). */
  async find(ref: PairRef): Promise<PairState | undefined> {
    const known = this.saved.pairs.find((p) => sameRef(refOfPair(p), ref));
    if (known) return known;
    await this.refresh(ref);
    return this.saved.pairs.find((p) => sameRef(refOfPair(p), ref));
  }

  /** Opens an invitation in `repo` to `invitee` with your topics. Throws what GitHub answered. */
  async invite(repo: RepoRef, invitee: string, topics: PairTopics): Promise<PairState> {
    const me = this.me;
    const client = this.account.client;
    if (!me || !client) throw new Error('not signed in to GitHub');
    const api = await this.account.pairsApi();
    const pair = await api.createInvitation(client, repo, me.login, invitee, topics, (m) => this.log.warn(`pairs: ${m}`));
    this.log.info(`invited @${invitee} to pair: ${pair.url}`);
    this.remember(refOfPair(pair));
    await this.save({ pairs: [pair, ...this.saved.pairs.filter((p) => p.id !== pair.id)], known: this.saved.known });
    return pair;
  }

  /** Writes an answer or change on the pair's issue, then reads the pair again. Throws what GitHub answered. */
  async act(pair: PairState, action: PairAction, topics?: PairTopics): Promise<PairState | undefined> {
    const me = this.me;
    const client = this.account.client;
    if (!me || !client) throw new Error('not signed in to GitHub');
    const api = await this.account.pairsApi();
    const { url } = await api.postPairAction(client, pair, me.login, action, topics);
    this.log.info(`pair ${action} with ${pair.url}: ${url}`);
    await this.refresh(refOfPair(pair));
    return this.saved.pairs.find((p) => p.id === pair.id);
  }
}
