// The sync engine: polls on GitHub's schedule (never sooner than X-Poll-Interval), pauses while the
// window is unfocused, fetches now on "Refresh", backs off exponentially (with a cap) when GitHub
// is unreachable or failing, waits for the rate-limit reset when the budget is used up and says
// so, and stops on 401 so the person can sign in again. Clock and timers are injectable for tests.
import type { GitHubClient } from '../github/client';
import { describeProblem } from '../github/problem';
import type { Ask, Reply } from '../model';
import type { AskUpdate } from './replies';
import type { SyncSnapshot } from './snapshot';
import { Synchronizer, type PollReport } from './synchronizer';
import { sameLogin } from './json';
import { Watcher, type ListReplies } from './watcher';
import type { WatchReason, WatchTimes } from './watchSchedule';

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type SyncState =
  | { readonly kind: 'polling' }
  | { readonly kind: 'idle'; readonly lastPollAt: number; readonly nextPollAt: number; readonly pollIntervalSeconds: number }
  | { readonly kind: 'paused' }
  | { readonly kind: 'backoff'; readonly attempt: number; readonly retryAt: number; readonly offline: boolean; readonly message: string }
  | { readonly kind: 'rateLimited'; readonly resetAt: Date; readonly message: string }
  | { readonly kind: 'unauthorized'; readonly message: string }
  | { readonly kind: 'stopped' };

export interface SyncEngineOptions {
  readonly client: GitHubClient;
  /** The asks to keep in sync (both directions); read at every poll. */
  readonly tracked: () => readonly Ask[];
  /** Logins whose ask markers count as asks to you; by default the partners of the tracked asks. */
  readonly partners?: () => readonly string[];
  /** The signed-in login (their own replies are kept in a thread's conversation). */
  readonly me?: string;
  readonly onReplies: (updates: readonly AskUpdate[]) => void;
  readonly onReceivedAsk: (ask: Ask) => void;
  readonly onState: (state: SyncState) => void;
  /** Skipped malformed data, ignored markers, asks GitHub no longer shows. */
  readonly onWarning?: (message: string) => void;
  /** The sync memory of an earlier run (snapshot.ts); without it the first poll fetches every ask. */
  readonly initial?: SyncSnapshot;
  /** The sync memory after each poll, once its replies and received asks were handed over: save it. */
  readonly onSnapshot?: (snapshot: SyncSnapshot) => void;
  /** The host's name, for messages and the repositories of received asks. */
  readonly host?: string;
  readonly now?: () => number;
  readonly timers?: Timers;
  /** Between polls when GitHub sends no X-Poll-Interval (default 60 s). */
  readonly defaultIntervalMs?: number;
  /** First wait after a failure (default 30 s), doubled each time up to `maxBackoffMs` (default 15 min). */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  /** A request taking longer is abandoned and counts as a failure (default 30 s). */
  readonly requestTimeoutMs?: number;
  /**
   * Watching (watcher.ts): the replies the store has per ask, which tell whether an ask is still
   * awaited. Without it nothing is watched and replies come with the notifications poll only.
   */
  readonly repliesOf?: (askId: string) => readonly Reply[];
  /** The watch schedule (default 5 s for two minutes, then 15 s, up to a quarter of an hour). */
  readonly watchTimes?: WatchTimes;
  /** After each conditional check of a watched list (diagnostics, benchmarks). */
  readonly onWatchCheck?: (check: { path: string; status: 200 | 304; answers: number }) => void;
}

/** GitHub's GraphQL rate limit: a RATE_LIMITED error in a 200 answer (octokit throws it), with when it resets. */
function graphqlRateLimit(error: unknown): { resetAt?: Date } | undefined {
  const e = error as {
    message?: unknown;
    errors?: readonly { type?: unknown }[];
    response?: { headers?: Record<string, unknown> };
    headers?: Record<string, unknown>;
  } | null;
  if (!e || (e.message !== 'GraphQL Rate Limit Exceeded' && !e.errors?.some((x) => x.type === 'RATE_LIMITED'))) return undefined;
  const reset = Number((e.response?.headers ?? e.headers)?.['x-ratelimit-reset']);
  return reset ? { resetAt: new Date(reset * 1000) } : {};
}

/** No HTTP answer at all (a dropped connection, DNS, refused): octokit reports it as a 500 without a response. */
function unanswered(error: unknown): boolean {
  const e = error as { status?: unknown; response?: unknown; name?: unknown } | null;
  return e?.name === 'TimeoutError' || e?.name === 'AbortError' || (e?.name === 'HttpError' && e.status === 500 && e.response === undefined);
}

const defaultTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * What keeps replies from arriving, in words, after this state; undefined once they flow again. A problem
 * lasts until a poll succeeds (or sync stops): a poll starting, or the window pausing, does not mean GitHub
 * answers again, and saying so would flicker the notice and send the outbox into the outage.
 */
export function syncProblem(state: SyncState, previous: string | undefined): string | undefined {
  switch (state.kind) {
    case 'rateLimited':
    case 'unauthorized':
    case 'backoff':
      return state.message;
    case 'idle':
    case 'stopped':
      return undefined;
    default:
      return previous;
  }
}

export class SyncEngine {
  private sync: Synchronizer;
  /** The sync memory as of the last poll whose results were handed over. */
  private delivered: SyncSnapshot | undefined;
  private readonly now: () => number;
  private readonly timers: Timers;
  private readonly host: string;
  private running = false;
  private paused = false;
  private timer: unknown;
  private failures = 0;
  /** Earliest time of the next cycle (backoff or rate-limit wait), on top of the poll interval. */
  private holdUntil = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private generation = 0;
  private abort = new AbortController();
  private readonly watcher: Watcher | undefined;

  constructor(private readonly options: SyncEngineOptions) {
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? defaultTimers;
    this.host = options.host ?? 'github.com';
    this.delivered = options.initial;
    this.sync = this.synchronizer();
    const repliesOf = options.repliesOf;
    if (repliesOf) {
      this.watcher = new Watcher({
        client: options.client,
        ask: (id) => options.tracked().find((a) => a.id === id),
        repliesOf,
        onAnswer: (ids, seenAt) => this.fetchWatched(ids, seenAt),
        onListReplies: (lists) => this.deliverListed(lists),
        ...(options.me ? { me: options.me } : {}),
        now: this.now,
        timers: this.timers,
        ...(options.watchTimes ? { times: options.watchTimes } : {}),
        warn: (m) => options.onWarning?.(m),
        ...(options.onWatchCheck ? { onCheck: options.onWatchCheck } : {}),
      });
      this.watcher.pause(); // until start()
    }
  }

  private synchronizer(): Synchronizer {
    const options = this.options;
    return new Synchronizer({
      client: options.client,
      tracked: options.tracked,
      ...(options.partners ? { partners: options.partners } : {}),
      ...(options.me ? { me: options.me } : {}),
      host: this.host,
      now: this.now,
      defaultIntervalMs: options.defaultIntervalMs ?? 60_000,
      warn: (m) => options.onWarning?.(m),
      ...(this.delivered ? { initial: this.delivered } : {}),
      isWatched: (askId) => this.watcher?.isWatched(askId) ?? false,
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
    if (!this.paused) this.watcher?.resume();
  }

  stop(): void {
    this.running = false;
    this.clearTimer();
    this.watcher?.stop();
    this.generation++; // a poll under way when stopped reports nothing
    this.abort.abort();
    this.abort = new AbortController();
    this.options.onState({ kind: 'stopped' });
  }

  /** Stops polling until resume() (the window lost focus). */
  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.clearTimer();
    this.watcher?.pause();
    this.options.onState({ kind: 'paused' });
  }

  /** Polls again, at once if a poll is due. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.schedule(this.dueIn());
    if (this.running) this.watcher?.resume();
  }

  /**
   * Watches these asks' threads closely while someone waits on them (watcher.ts): just sent, open
   * in the Replies panel, on screen. Asks not awaited are left alone. Returns the asks now watched.
   */
  watch(askIds: readonly string[], reason: WatchReason): readonly string[] {
    return this.watcher?.watch(askIds, reason) ?? [];
  }

  isWatched(askId: string): boolean {
    return this.watcher?.isWatched(askId) ?? false;
  }

  /** When the watcher next checks a list (epoch ms), undefined when nothing is watched. */
  get nextWatchAt(): number | undefined {
    return this.watcher?.nextCheckAt;
  }

  /** A watched list changed: its asks are fetched through the batched query, in turn with the polls. */
  private fetchWatched(askIds: readonly string[], seenAt: number | undefined): Promise<void> {
    return this.enqueue(async () => {
      const generation = this.generation;
      const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.options.requestTimeoutMs ?? 30_000)]);
      let report: PollReport;
      try {
        report = await this.sync.fetchAsks(askIds, seenAt, signal);
      } catch (error) {
        // The notifications poll still brings the reply; its failures are the ones reported.
        this.options.onWarning?.(`watching: fetching ${askIds.length} ask(s) failed (${error instanceof Error ? error.message : String(error)})`);
        return;
      }
      if (generation !== this.generation) return;
      if (report.updates.length > 0) this.options.onReplies(report.updates);
      this.delivered = this.sync.snapshot();
      if (this.delivered) this.options.onSnapshot?.(this.delivered);
    });
  }

  /**
   * A watched list showed these asks' conversations: their replies go to the store as they are (no
   * fetch), merged with what it has, in turn with the polls so a poll's older answer never lands after.
   */
  private deliverListed(lists: readonly ListReplies[]): Promise<void> {
    return this.enqueue(() => {
      const repliesOf = this.options.repliesOf;
      if (!repliesOf) return Promise.resolve();
      const updates: AskUpdate[] = [];
      for (const { askId, replies } of lists) {
        const ask = this.options.tracked().find((a) => a.id === askId);
        if (!ask) continue;
        const byId = new Map(repliesOf(askId).map((r) => [r.nodeId, r]));
        for (const r of replies) byId.set(r.nodeId, r); // the list's copy is the newer (an edit)
        const merged = [...byId.values()].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
        updates.push({ askId, replies: merged, resolved: ask.thread?.resolved ?? false, outdated: ask.thread?.outdated ?? false, repliesOnly: true });
        const partners = replies.filter((r) => sameLogin(r.author, ask.partner)).map((r) => Date.parse(r.createdAt));
        if (partners.length > 0) this.sync.cover(askId, Math.max(...partners));
      }
      if (updates.length > 0) this.options.onReplies(updates);
      return Promise.resolve();
    });
  }

  /**
   * "Refresh": fetches every tracked ask now, paused or not. `GET /notifications` is still only
   * asked when X-Poll-Interval allows.
   */
  refreshNow(): Promise<void> {
    this.sync.requestFullRefresh();
    this.holdUntil = 0;
    return this.enqueue(() => this.cycle());
  }

  /** When GitHub next allows `GET /notifications` (epoch ms, by the engine's clock). */
  get nextPollAt(): number {
    return this.sync.nextPollAt;
  }

  /** One poll now, reported (benchmarks, diagnostics); errors are thrown, not handled. */
  pollNow(): Promise<PollReport> {
    return this.enqueue(() => this.runPoll());
  }

  /** Resolves when no poll, watch check or fetch it started is running. */
  async idle(): Promise<void> {
    let chain: Promise<unknown>;
    do {
      chain = this.chain;
      await this.watcher?.idle();
      await chain.catch(() => undefined);
    } while (chain !== this.chain);
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.catch(() => undefined).then(work);
    this.chain = next;
    return next;
  }

  private dueIn(): number {
    return Math.max(0, this.sync.nextPollAt - this.now(), this.holdUntil - this.now());
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(delayMs: number): void {
    this.clearTimer();
    if (!this.running || this.paused) return;
    this.timer = this.timers.setTimeout(
      () => {
        this.timer = undefined;
        void this.enqueue(() => this.cycle());
      },
      Math.max(0, delayMs),
    );
  }

  private async runPoll(): Promise<PollReport> {
    const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.options.requestTimeoutMs ?? 30_000)]);
    const generation = this.generation;
    const report = await this.sync.poll(signal);
    if (generation !== this.generation) {
      // Stopped meanwhile: nothing is reported, so the memory goes back to what was handed over.
      this.sync = this.synchronizer();
      return report;
    }
    if (report.updates.length > 0) this.options.onReplies(report.updates);
    for (const ask of report.received) this.options.onReceivedAsk(ask);
    this.delivered = this.sync.snapshot();
    if (this.delivered) this.options.onSnapshot?.(this.delivered);
    return report;
  }

  private async cycle(): Promise<void> {
    this.options.onState({ kind: 'polling' });
    const started = this.now();
    const generation = this.generation;
    try {
      await this.runPoll();
    } catch (error) {
      if (generation === this.generation) this.failed(error);
      return;
    }
    if (generation !== this.generation) return;
    this.failures = 0;
    this.holdUntil = 0;
    const nextPollAt = this.sync.nextPollAt;
    this.options.onState({ kind: 'idle', lastPollAt: started, nextPollAt, pollIntervalSeconds: this.sync.pollIntervalMs / 1000 });
    this.schedule(this.dueIn());
  }

  private failed(error: unknown): void {
    const limited = graphqlRateLimit(error);
    const problem = limited
      ? { kind: 'rateLimited' as const, message: `The ${this.host} GraphQL rate limit is used up. Mutual Mentor will try again when it resets.`, ...limited }
      : describeProblem(error, this.host);
    if (problem.kind === 'unauthorized') {
      this.running = false;
      this.clearTimer();
      this.options.onState({ kind: 'unauthorized', message: problem.message });
      return;
    }
    if (problem.kind === 'rateLimited') {
      const resetAt = problem.resetAt ?? new Date(this.now() + this.sync.pollIntervalMs);
      this.holdUntil = resetAt.getTime() + 1000;
      this.options.onState({ kind: 'rateLimited', resetAt, message: problem.message });
      this.schedule(this.dueIn());
      return;
    }
    this.failures++;
    const base = this.options.backoffMs ?? 30_000;
    const wait = Math.min(this.options.maxBackoffMs ?? 15 * 60_000, base * 2 ** (this.failures - 1));
    this.holdUntil = this.now() + wait;
    const offline = problem.kind === 'offline' || unanswered(error);
    this.options.onState({
      kind: 'backoff',
      attempt: this.failures,
      retryAt: this.holdUntil,
      offline,
      message:
        offline && problem.kind !== 'offline' ? `Cannot reach ${this.host} (${problem.message}). Mutual Mentor keeps your work and retries.` : problem.message,
    });
    this.schedule(this.dueIn());
  }
}
