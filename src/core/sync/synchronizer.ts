// One poll, and the memory between polls: ask GitHub what changed (notifications, 304 when
// nothing did), map the changed threads to the tracked asks they concern, discover asks addressed
// to you, and fetch exactly those in one batched GraphQL query. SyncEngine (poller.ts) decides when.
// The memory survives a restart as a SyncSnapshot (snapshot.ts) taken after each completed poll.
import { isRequestError } from '../github/problem';
import { reviewThreadOf } from '../asks/find';
import type { GitHubClient } from '../github/client';
import type { Ask } from '../model';
import { receivedAsksIn, type Subject } from './discover';
import { installEtagCache } from './etagCache';
import { fetchNodes } from './fetchAsks';
import { record, sameLogin, text, time } from './json';
import { fetchNotifications } from './notifications';
import { askUpdate, type AskUpdate, type Warn } from './replies';
import { SNAPSHOT_LIMITS, SYNC_SNAPSHOT_VERSION, type SyncSnapshot } from './snapshot';

export interface PollReport {
  /** What `GET /notifications` said; `skipped` when X-Poll-Interval had not passed yet. */
  readonly notifications: 'notModified' | 'changed' | 'skipped';
  readonly restRequests: number;
  readonly graphqlRequests: number;
  /** Points the GraphQL queries cost, as GitHub reported. */
  readonly graphqlCost: number;
  /** Node ids asked for in the batched query (asks and discovery subjects). */
  readonly requestedNodeIds: readonly string[];
  readonly updates: readonly AskUpdate[];
  readonly received: readonly Ask[];
  readonly warnings: readonly string[];
  readonly graphqlRemaining?: number;
}

export interface SynchronizerOptions {
  readonly client: GitHubClient;
  readonly tracked: () => readonly Ask[];
  /** Logins whose ask markers count; by default the partners of the tracked asks. */
  readonly partners?: () => readonly string[];
  /** The signed-in login: their own replies in a thread are kept with the partner's. */
  readonly me?: string;
  readonly host: string;
  readonly now: () => number;
  /** Wait between polls when GitHub sends no X-Poll-Interval. */
  readonly defaultIntervalMs: number;
  readonly warn: Warn;
  /** The memory of an earlier run (snapshot()); without it the first poll fetches every tracked ask. */
  readonly initial?: SyncSnapshot;
  /** Whether the watcher is watching the ask now (its new asks' first fetch can wait). */
  readonly isWatched?: (askId: string) => boolean;
}

/** Notification reasons under which a partner's ask to you arrives. */
const DISCOVERY_REASONS = new Set(['review_requested', 'mention', 'assign', 'team_mention']);

const keyOf = (owner: string, name: string, number: number) => `${owner}/${name}#${number}`.toLowerCase();

function subjectKey(ask: Ask): string | undefined {
  const t = ask.target;
  const number = t.kind === 'issue' ? ask.posted?.number : t.pull;
  return number === undefined ? undefined : keyOf(t.repo.owner, t.repo.name, number);
}

interface Discovery {
  readonly subject: Subject;
  readonly url: string;
}

export class Synchronizer {
  private lastModified: string | undefined;
  private intervalMs: number;
  private notBefore = 0;
  private fullRefresh = true;
  private readonly threadSeen = new Map<string, string>();
  private readonly synced = new Set<string>();
  /** Subjects the notifications said changed → when (epoch ms) they last changed. */
  private readonly pending = new Map<string, number>();
  /** Ask id → changes up to this time (epoch ms) were fetched by fetchAsks (the watcher). */
  private readonly covered = new Map<string, number>();
  private readonly discovery = new Map<string, Discovery>();
  private readonly subjectIds = new Map<string, string>();
  /** Whole-PR asks: the pull request's node id and when the ask was made. */
  private readonly pullOf = new Map<string, { readonly id: string; readonly anchorAt?: string }>();
  private readonly threadOf = new Map<string, string>();
  private readonly emitted = new Set<string>();
  private last: SyncSnapshot | undefined;

  constructor(private readonly options: SynchronizerOptions) {
    this.intervalMs = options.defaultIntervalMs;
    installEtagCache(options.client);
    if (options.initial) this.restore(options.initial);
  }

  /** The memory as of the last completed poll (or the initial snapshot); undefined before either. */
  snapshot(): SyncSnapshot | undefined {
    return this.last;
  }

  /** When the next `GET /notifications` may be made (epoch ms). */
  get nextPollAt(): number {
    return this.notBefore;
  }

  get pollIntervalMs(): number {
    return this.intervalMs;
  }

  /** The next poll fetches every tracked ask, changed or not. */
  requestFullRefresh(): void {
    this.fullRefresh = true;
  }

  async poll(signal?: AbortSignal): Promise<PollReport> {
    const { client, host, now } = this.options;
    const warnings: string[] = [];
    const warn: Warn = (m) => {
      warnings.push(m);
      this.options.warn(m);
    };
    let notifications: PollReport['notifications'] = 'skipped';
    let restRequests = 0;
    const started = now();
    if (started >= this.notBefore) {
      const result = await fetchNotifications(client, {
        host,
        warn,
        ...(signal ? { signal } : {}),
        ...(this.lastModified ? { lastModified: this.lastModified } : {}),
        maxPages: this.lastModified ? 10 : 3,
      });
      restRequests += result.requests;
      if (result.pollInterval !== undefined) this.intervalMs = Math.max(result.pollInterval * 1000, 1000);
      this.notBefore = started + this.intervalMs;
      notifications = result.notModified ? 'notModified' : 'changed';
      this.lastModified = result.lastModified ?? this.lastModified;
      for (const t of result.threads) {
        if (this.threadSeen.get(t.id) === t.updatedAt) continue; // listed again (same second as the cursor), not changed
        this.threadSeen.delete(t.id); // kept oldest first, so the snapshot can drop the oldest
        this.threadSeen.set(t.id, t.updatedAt);
        const key = keyOf(t.subject.repo.owner, t.subject.repo.name, t.subject.number);
        this.pending.set(key, Math.max(this.pending.get(key) ?? -Infinity, Date.parse(t.updatedAt)));
        if (DISCOVERY_REASONS.has(t.reason)) this.discovery.set(key, { subject: t.subject, url: t.subjectUrl });
      }
    }

    const tracked = this.options.tracked().filter((a) => a.posted);
    const known = new Set(this.options.tracked().map((a) => a.id));
    let selected = tracked.filter((a) => {
      if (this.fullRefresh || !this.synced.has(a.id)) return true;
      const key = subjectKey(a);
      const changedAt = key === undefined ? undefined : this.pending.get(key);
      // A change the watcher already fetched (watcher.ts) is not fetched again.
      return changedAt !== undefined && !(changedAt <= (this.covered.get(a.id) ?? -Infinity));
    });
    // A new ask being watched (just sent) has its thread read every few seconds (watcher.ts): its
    // first fetch rides along with a query made anyway, or waits for its watch to end — never a
    // query of its own, unless a notification concerns its subject.
    const waits = (a: Ask) => !this.fullRefresh && !this.synced.has(a.id) && this.options.isWatched?.(a.id) === true && !this.pending.has(subjectKey(a) ?? '');
    if (this.discovery.size === 0 && selected.every(waits)) selected = [];
    const discoveries: { subject: Subject; id: string }[] = [];
    for (const [key, d] of this.discovery) {
      const cached = this.subjectIds.get(key);
      if (!cached) restRequests++;
      const id = cached ?? (await this.lookUpSubject(d, warn));
      if (id) {
        this.subjectIds.delete(key); // most recently used last
        this.subjectIds.set(key, id);
        discoveries.push({ subject: d.subject, id });
      }
    }
    const out = await this.fetchSelected(selected, discoveries, known, warn, signal);

    // Everything asked for arrived: what was pending is done.
    for (const ask of selected) this.synced.add(ask.id);
    for (const ask of out.received) this.emitted.add(ask.id);
    this.pending.clear();
    this.discovery.clear();
    this.fullRefresh = false;
    this.last = this.capture(known);
    return { notifications, restRequests, warnings, ...out };
  }

  /**
   * Fetches these tracked asks now, in the one batched query (a watched list changed: watcher.ts),
   * without asking `GET /notifications`. `seenAt` is GitHub's time when the change was seen: a
   * later notification about a change before it, or about a reply this fetch brought, fetches
   * these asks no second time.
   */
  async fetchAsks(askIds: readonly string[], seenAt: number | undefined, signal?: AbortSignal): Promise<PollReport> {
    const warnings: string[] = [];
    const warn: Warn = (m) => {
      warnings.push(m);
      this.options.warn(m);
    };
    const wanted = new Set(askIds);
    const all = this.options.tracked();
    const known = new Set(all.map((a) => a.id));
    const selected = all.filter((a) => a.posted && wanted.has(a.id));
    const out = await this.fetchSelected(selected, [], known, warn, signal);
    const before = seenAt === undefined ? -Infinity : Math.floor(seenAt / 1000) * 1000 - 1000;
    for (const ask of selected) {
      const update = out.updates.find((u) => u.askId === ask.id);
      const newest = Math.max(-Infinity, ...(update?.replies ?? []).filter((r) => sameLogin(r.author, ask.partner)).map((r) => Date.parse(r.createdAt)));
      this.covered.set(ask.id, Math.max(this.covered.get(ask.id) ?? -Infinity, before, newest));
      this.synced.add(ask.id);
    }
    this.last = this.capture(known);
    return { notifications: 'skipped', restRequests: 0, warnings, ...out };
  }

  /**
   * The watcher brought this ask's replies up to `upTo` (epoch ms: its partner's newest reply) from
   * a watched list (watcher.ts): a later notification about that reply fetches it no second time.
   * Only the reply: a change after it (or a thread state the list does not show) is fetched as usual.
   */
  cover(askId: string, upTo: number): void {
    if (!Number.isNaN(upTo)) this.covered.set(askId, Math.max(this.covered.get(askId) ?? -Infinity, upTo));
    this.synced.add(askId); // its replies are in the store: a new ask needs no first fetch now
  }

  /** The batched query for these asks and discovered subjects, read into updates and received asks. */
  private async fetchSelected(
    selected: readonly Ask[],
    discoveries: readonly { subject: Subject; id: string }[],
    known: ReadonlySet<string>,
    warn: Warn,
    signal?: AbortSignal,
  ): Promise<Omit<PollReport, 'notifications' | 'restRequests' | 'warnings'>> {
    let graphqlRequests = 0;
    const ids = new Map<string, Ask[]>();
    for (const ask of selected) {
      const id = await this.nodeIdOf(ask, warn);
      graphqlRequests += id.lookups;
      if (id.id) ids.set(id.id, [...(ids.get(id.id) ?? []), ask]);
    }
    const requested = [...new Set([...ids.keys(), ...discoveries.map((d) => d.id)])];
    let fetched = requested.length ? await fetchNodes(this.options.client, requested, warn, signal) : undefined;
    graphqlRequests += fetched?.requests ?? 0;
    let graphqlCost = fetched?.cost ?? 0;
    const nodes = new Map(fetched?.nodes ?? []);

    // A whole-PR ask seen for the first time answered with its comment: now ask for its pull request.
    const pulls = new Map<string, Ask[]>();
    for (const [id, asks] of ids) {
      const node = record(nodes.get(id));
      if (node?.__typename !== 'IssueComment') continue;
      const pullId = text(record(node.pullRequest)?.id);
      for (const ask of asks) {
        if (!pullId) {
          warn(`ask ${ask.id}: its comment is not on a pull request`);
          continue;
        }
        const anchorAt = time(node.createdAt);
        this.pullOf.set(ask.id, { id: pullId, ...(anchorAt ? { anchorAt } : {}) });
        pulls.set(pullId, [...(pulls.get(pullId) ?? []), ask]);
      }
      ids.delete(id);
    }
    if (pulls.size > 0) {
      fetched = await fetchNodes(this.options.client, [...pulls.keys()], warn, signal);
      graphqlRequests += fetched.requests;
      graphqlCost += fetched.cost;
      for (const [id, node] of fetched.nodes) nodes.set(id, node);
      for (const [id, asks] of pulls) ids.set(id, [...(ids.get(id) ?? []), ...asks]);
      requested.push(...pulls.keys());
    }

    const updates: AskUpdate[] = [];
    for (const [id, asks] of ids) {
      for (const ask of asks) {
        const update = askUpdate(ask, nodes.get(id), warn, this.pullOf.get(ask.id)?.anchorAt, this.options.me);
        if (update) updates.push(update);
      }
    }
    const tracked = this.options.tracked().filter((a) => a.posted);
    const partners = this.options.partners?.() ?? [...new Set(tracked.map((a) => a.partner))];
    const received: Ask[] = [];
    for (const d of discoveries) {
      for (const ask of receivedAsksIn(nodes.get(d.id), d.subject, partners, warn, known)) {
        if (known.has(ask.id) || this.emitted.has(ask.id)) continue;
        received.push(await this.completeReceived(ask, d.id, warn));
        graphqlRequests += ask.target.kind === 'reviewComment' || ask.target.kind === 'fileComment' ? 1 : 0;
      }
    }
    return {
      graphqlRequests,
      graphqlCost,
      requestedNodeIds: requested,
      updates,
      received,
      ...(fetched?.remaining !== undefined ? { graphqlRemaining: fetched.remaining } : {}),
    };
  }

  private restore(s: SyncSnapshot): void {
    this.lastModified = s.lastModified;
    // GitHub asks for about a minute; a saved interval beyond an hour is not trusted to hold polling off.
    if (s.pollIntervalMs !== undefined) this.intervalMs = Math.min(Math.max(s.pollIntervalMs, 1000), 3_600_000);
    // Never later than one interval from now: a clock that moved back must not stop polling.
    if (s.nextPollAt !== undefined) this.notBefore = Math.min(s.nextPollAt, this.options.now() + this.intervalMs);
    for (const [id, at] of s.threadSeen) this.threadSeen.set(id, at);
    for (const id of s.synced) this.synced.add(id);
    for (const [key, id] of s.subjectIds) this.subjectIds.set(key, id);
    for (const [ask, pull] of s.pullOf) this.pullOf.set(ask, pull);
    for (const [ask, thread] of s.threadOf) this.threadOf.set(ask, thread);
    for (const id of s.emitted) this.emitted.add(id);
    this.fullRefresh = false;
    this.last = s;
  }

  /**
   * The memory worth keeping, bounded: entries of asks no longer tracked are forgotten, and of the
   * rest only the newest. A notification thread last updated before the cursor is never listed
   * again (`since`), so it is not worth remembering either.
   */
  private capture(tracked: ReadonlySet<string>): SyncSnapshot {
    const forget = <V>(map: Map<string, V>, keep: (key: string) => boolean) => {
      for (const key of map.keys()) if (!keep(key)) map.delete(key);
    };
    const trim = (items: Map<string, unknown> | Set<string>, max: number) => {
      for (const key of [...items.keys()].slice(0, Math.max(0, items.size - max))) items.delete(key);
    };
    const cursor = this.lastModified ? Date.parse(this.lastModified) : NaN;
    forget(this.threadSeen, (id) => Number.isNaN(cursor) || Date.parse(this.threadSeen.get(id)!) >= cursor);
    trim(this.threadSeen, SNAPSHOT_LIMITS.threadSeen);
    for (const id of this.synced) if (!tracked.has(id)) this.synced.delete(id);
    forget(this.pullOf, (id) => tracked.has(id));
    forget(this.threadOf, (id) => tracked.has(id));
    forget(this.covered, (id) => tracked.has(id));
    trim(this.subjectIds, SNAPSHOT_LIMITS.subjectIds);
    trim(this.emitted, SNAPSHOT_LIMITS.emitted);
    return {
      v: SYNC_SNAPSHOT_VERSION,
      ...(this.lastModified ? { lastModified: this.lastModified } : {}),
      nextPollAt: this.notBefore,
      pollIntervalMs: this.intervalMs,
      threadSeen: [...this.threadSeen],
      synced: [...this.synced],
      subjectIds: [...this.subjectIds],
      pullOf: [...this.pullOf],
      threadOf: [...this.threadOf],
      emitted: [...this.emitted],
    };
  }

  /** The node whose data tells about the ask: its review thread, its issue, or its pull request. */
  private async nodeIdOf(ask: Ask, warn: Warn): Promise<{ id?: string; lookups: number }> {
    const posted = ask.posted!;
    switch (ask.target.kind) {
      case 'issue':
        return { id: posted.nodeId, lookups: 0 };
      case 'pullRequest':
        return { id: this.pullOf.get(ask.id)?.id ?? posted.nodeId, lookups: 0 };
      case 'reviewComment':
      case 'fileComment': {
        const known = posted.threadNodeId ?? this.threadOf.get(ask.id);
        if (known) return { id: known, lookups: 0 };
        const found = await reviewThreadOf(this.options.client, ask.target.repo, ask.target.pull, posted.nodeId);
        if (found) this.threadOf.set(ask.id, found);
        else warn(`ask ${ask.id}: its review thread was not found on GitHub`);
        return { ...(found ? { id: found } : {}), lookups: 1 };
      }
    }
  }

  /** The node id of a notification's issue or pull request (a conditional REST GET, once per subject). */
  private async lookUpSubject(d: Discovery, warn: Warn): Promise<string | undefined> {
    try {
      const response: { data: unknown } = await this.options.client.request({ method: 'GET', url: d.url });
      const id = text(record(response.data)?.node_id);
      if (!id) warn(`${d.url}: no node_id in GitHub's answer`);
      return id;
    } catch (error) {
      if (isRequestError(error) && (error.status === 404 || error.status === 410)) {
        warn(`${d.url}: no longer visible (${error.status})`);
        return undefined;
      }
      throw error;
    }
  }

  /** A received ask ready to track: a review comment's thread, a whole-PR ask's pull request. */
  private async completeReceived(ask: Ask, subjectId: string, warn: Warn): Promise<Ask> {
    const posted = ask.posted!;
    if (ask.target.kind === 'pullRequest' && posted.nodeId !== subjectId) {
      this.pullOf.set(ask.id, { id: subjectId, anchorAt: ask.createdAt });
    }
    if (ask.target.kind !== 'reviewComment' && ask.target.kind !== 'fileComment') return ask;
    const thread = await reviewThreadOf(this.options.client, ask.target.repo, ask.target.pull, posted.nodeId);
    if (!thread) {
      warn(`received ask ${ask.id}: its review thread was not found on GitHub`);
      return ask;
    }
    this.threadOf.set(ask.id, thread);
    return { ...ask, posted: { ...posted, threadNodeId: thread } };
  }
}
