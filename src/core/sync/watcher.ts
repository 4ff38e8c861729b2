// Watching: while someone waits on an answer, that ask's thread is looked at far more often than
// the notifications poll may be (GitHub's X-Poll-Interval is 60 s), with conditional REST GETs of
// the list an answer lands in (watchEndpoints.ts): unchanged, GitHub answers 304, which costs no
// rate-limit point. When a list brings something new from the partner, the list itself is the reply
// data when it holds the whole conversation after the ask (`onListReplies`, watchEndpoints.ts'
// `listReplies`): the 200 that showed the answer already paid for it, so nothing more is asked.
// Otherwise (a review, a full page) the ask is fetched through the sync's batched GraphQL path
// (`onAnswer`). The schedule is watchSchedule.ts; an ask no longer awaited (answered, resolved, gone) stops being
// watched. Paused and resumed with the notifications poll (window focus). Clock and timers injectable.
import { isRequestError } from '../github/problem';
import type { GitHubClient } from '../github/client';
import type { Ask, Reply } from '../model';
import { sameLogin } from './json';
import { listReplies, newAnswers, watchEndpoints, type WatchEndpoint } from './watchEndpoints';
import { WatchSchedule, type WatchReason, type WatchTimes } from './watchSchedule';
import type { Timers } from './poller';

export interface WatcherOptions {
  readonly client: GitHubClient;
  /** The ask with this id as the store has it now (undefined when gone). */
  readonly ask: (askId: string) => Ask | undefined;
  /** The replies the store has for the ask (the partner's and your own), any order. */
  readonly repliesOf: (askId: string) => readonly Reply[];
  /**
   * A watched list brought new answers for these asks: fetch them (the sync's batched query).
   * `seenAt` is GitHub's clock (its `Date` header) when it answered: every change before it is in.
   */
  readonly onAnswer: (askIds: readonly string[], seenAt: number | undefined) => Promise<void>;
  /**
   * A watched list brought new answers and holds the whole conversation after each of these asks:
   * its replies (the partner's and yours, oldest first) for the store, with no further request.
   * Without it every answer goes to `onAnswer`.
   */
  readonly onListReplies?: (lists: readonly ListReplies[], seenAt: number | undefined) => Promise<void>;
  /** The signed-in login: their own comments on a list are part of the conversation. */
  readonly me?: string;
  readonly now: () => number;
  readonly timers: Timers;
  readonly times?: WatchTimes;
  readonly warn?: (message: string) => void;
  /** After each check of a list, for logs, tests and benchmarks. */
  readonly onCheck?: (check: { path: string; status: 200 | 304; answers: number }) => void;
}

/** What a changed list showed of one ask's conversation (watchEndpoints.ts' `listReplies`). */
export interface ListReplies {
  readonly askId: string;
  readonly replies: readonly Reply[];
}

/** Still waiting on the partner: the newest message in the thread is yours (no reply yet, or your answer to theirs). */
export function isAwaited(ask: Ask, replies: readonly Reply[]): boolean {
  if (!ask.posted || ask.thread?.resolved) return false;
  let newest: Reply | undefined;
  for (const r of replies) if (!newest || Date.parse(r.createdAt) >= Date.parse(newest.createdAt)) newest = r;
  return newest ? !sameLogin(newest.author, ask.partner) : ask.direction === 'sent';
}

/**
 * Lists kept with their ETag (most recently used last), so a re-opened ask's first check is a free
 * 304 too. A list holds at most 100 items, so 100 lists are a few megabytes at worst.
 */
const MAX_LISTS = 100;

export class Watcher {
  private readonly schedule: WatchSchedule;
  private readonly lists = new Map<string, { readonly etag: string; readonly data: unknown }>();
  /** Answers that already led to a fetch: not fetched again if a later list still shows them. */
  private readonly fetched = new Set<string>();
  private timer: unknown;
  private paused = false;
  private stopped = false;
  private busy: Promise<void> = Promise.resolve();

  constructor(private readonly options: WatcherOptions) {
    this.schedule = new WatchSchedule(options.times);
  }

  /** Watches these asks (starting each one's window over) if they are awaited. */
  watch(askIds: readonly string[], reason: WatchReason): string[] {
    const started: string[] = [];
    for (const id of askIds) {
      const ask = this.options.ask(id);
      if (!ask || !isAwaited(ask, this.options.repliesOf(id))) continue;
      this.schedule.watch(id, this.options.now(), reason);
      started.push(id);
    }
    if (started.length > 0) this.arm();
    return started;
  }

  unwatch(askId: string): void {
    this.schedule.unwatch(askId);
    this.arm();
  }

  isWatched(askId: string): boolean {
    return this.schedule.isWatched(askId);
  }

  get watched(): readonly string[] {
    return this.schedule.watched;
  }

  /** When the next check is due (epoch ms), undefined when nothing is watched. */
  get nextCheckAt(): number | undefined {
    return this.schedule.nextDueAt();
  }

  pause(): void {
    this.paused = true;
    this.disarm();
  }

  resume(): void {
    this.paused = false;
    this.arm();
  }

  /** Stops for good: nothing is watched any more. */
  stop(): void {
    this.stopped = true;
    this.schedule.clear();
    this.disarm();
  }

  /** Resolves when no check is running. */
  async idle(): Promise<void> {
    await this.busy;
  }

  private disarm(): void {
    if (this.timer !== undefined) this.options.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    this.disarm();
    const next = this.schedule.nextDueAt();
    if (this.paused || this.stopped || next === undefined) return;
    this.timer = this.options.timers.setTimeout(
      () => {
        this.timer = undefined;
        this.busy = this.busy
          .then(() => this.check())
          .catch((error: unknown) => this.options.warn?.(`watching: ${error instanceof Error ? error.message : String(error)}`))
          .finally(() => this.arm());
      },
      Math.max(0, next - this.options.now()),
    );
  }

  /** One round: every due ask's lists, asked conditionally; new answers fetched together. */
  private async check(): Promise<void> {
    if (this.paused || this.stopped) return;
    const due: Ask[] = [];
    for (const id of this.schedule.takeDue(this.options.now())) {
      const ask = this.options.ask(id);
      if (ask && isAwaited(ask, this.options.repliesOf(id))) due.push(ask);
      else this.schedule.unwatch(id);
    }
    const lists = new Map<string, { endpoint: WatchEndpoint; asks: Ask[] }>();
    for (const ask of due) {
      for (const endpoint of watchEndpoints(ask)) {
        const entry = lists.get(endpoint.path) ?? { endpoint, asks: [] };
        entry.asks.push(ask);
        lists.set(endpoint.path, entry);
      }
    }
    const answered = new Set<string>();
    const shown = new Map<string, Reply[]>();
    let seenAt: number | undefined;
    for (const { endpoint, asks } of lists.values()) {
      const result = await this.ask(endpoint);
      if (result === 'stop') return;
      if (!result) continue;
      if (result.date !== undefined) seenAt = Math.min(seenAt ?? result.date, result.date);
      // The list is read for every watched ask on it, due or not, changed (200) or not (304, read
      // from the copy kept with the ETag): asks on one list share its ETag, so an answer that came
      // while another ask was checked, or before this one was watched, is not missed.
      const sharing = this.schedule.watched.flatMap((id) => {
        const other = asks.some((a) => a.id === id) ? undefined : this.options.ask(id);
        return other && watchEndpoints(other).some((e) => e.path === endpoint.path) ? [other] : [];
      });
      let answers = 0;
      for (const ask of [...asks, ...sharing]) {
        const known = new Set([ask.posted!.nodeId, ...this.options.repliesOf(ask.id).map((r) => r.nodeId), ...this.fetched]);
        const fresh = newAnswers(ask, endpoint, result.data, known);
        answers += fresh.length;
        if (fresh.length === 0) continue;
        for (const id of fresh) this.fetched.add(id);
        const replies = this.options.onListReplies && !answered.has(ask.id) ? listReplies(ask, endpoint, result.data, this.options.me) : undefined;
        if (replies) {
          shown.set(ask.id, [...(shown.get(ask.id) ?? []), ...replies]);
        } else {
          answered.add(ask.id); // fetched whole by the batched query, whatever another list showed
          shown.delete(ask.id);
        }
      }
      this.options.onCheck?.({ path: endpoint.path, status: result.changed ? 200 : 304, answers });
    }
    if (shown.size > 0)
      await this.options.onListReplies?.(
        [...shown].map(([askId, replies]) => ({ askId, replies })),
        seenAt,
      );
    if (answered.size > 0) await this.options.onAnswer([...answered], seenAt);
    // Answered now: no need to look again (the next round would find them no longer awaited).
    for (const id of [...answered, ...shown.keys()]) {
      const ask = this.options.ask(id);
      if (!ask || !isAwaited(ask, this.options.repliesOf(id))) this.schedule.unwatch(id);
    }
  }

  /**
   * One conditional GET: the list (from the answer, or from the copy kept with the ETag on a 304),
   * undefined on a passing failure, 'stop' when watching must stop.
   */
  private async ask(endpoint: WatchEndpoint): Promise<{ data: unknown; changed: boolean; date?: number } | undefined | 'stop'> {
    const kept = this.lists.get(endpoint.path);
    const dateOf = (headers: Record<string, unknown> | undefined) => {
      const date = typeof headers?.date === 'string' ? Date.parse(headers.date) : NaN;
      return Number.isNaN(date) ? {} : { date };
    };
    try {
      const response = await this.options.client.request({
        method: 'GET',
        url: endpoint.path,
        headers: { accept: endpoint.accept, ...(kept ? { 'if-none-match': kept.etag } : {}) },
      });
      const headers = response.headers as Record<string, unknown>;
      this.lists.delete(endpoint.path);
      if (typeof headers.etag === 'string') this.lists.set(endpoint.path, { etag: headers.etag, data: response.data });
      while (this.lists.size > MAX_LISTS) this.lists.delete(this.lists.keys().next().value as string);
      return { data: response.data, changed: true, ...dateOf(headers) };
    } catch (error) {
      if (kept && isRequestError(error) && error.status === 304) {
        this.lists.delete(endpoint.path); // most recently used last
        this.lists.set(endpoint.path, kept);
        return { data: kept.data, changed: false, ...dateOf(error.response?.headers) };
      }
      const status = isRequestError(error) ? error.status : undefined;
      // Signed out, or a rate limit: the notifications poll reports it and waits; watching just stops.
      if (status === 401 || status === 403 || status === 429) {
        this.options.warn?.(`watching stopped: GitHub answered ${status} for ${endpoint.path}`);
        this.schedule.clear();
        return 'stop';
      }
      this.options.warn?.(`watching: ${endpoint.path} failed (${error instanceof Error ? error.message : String(error)}); tried again at the next check`);
      return undefined;
    }
  }
}
