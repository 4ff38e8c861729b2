// What the outbox does after a failed send: sort the error into wait / retry / stop / give up,
// compute the backoff, and say in words what is waiting.
import { describeProblem } from './github/problem';
import type { OutboxEntry } from './store/store';

export type SendProblem =
  /** The token was refused: stop the whole queue until the account changes. Attempts are not counted. */
  | { readonly kind: 'unauthorized'; readonly message: string }
  /** The rate limit is used up: the whole queue waits until `until` (epoch ms). Attempts are not counted. */
  | { readonly kind: 'rateLimited'; readonly message: string; readonly until: number }
  /**
   * Worth another try later: server errors, dropped connections, timeouts, secondary rate limits.
   * `retryAfterMs` when GitHub said how long to wait (then the whole queue waits); `counts` is false
   * when the item is not at fault (offline, told to wait), so it never gives up for that.
   */
  | { readonly kind: 'retry'; readonly message: string; readonly retryAfterMs?: number; readonly counts: boolean }
  /** GitHub refused this item for good (422 validation, 404, 403 …): keep it for the user to see. */
  | { readonly kind: 'fatal'; readonly message: string };

interface ErrorLike {
  readonly status?: unknown;
  readonly response?: { readonly headers?: Record<string, unknown> };
}

function statusOf(error: unknown): number | undefined {
  const status = (error as ErrorLike | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** GitHub's `retry-after`, in ms: seconds, or an HTTP date. */
function retryAfterOf(error: unknown, now: number): number | undefined {
  const raw = (error as ErrorLike | null)?.response?.headers?.['retry-after'];
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(String(raw));
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function classifySendError(error: unknown, host: string, now: number): SendProblem {
  const problem = describeProblem(error, host);
  switch (problem.kind) {
    case 'unauthorized':
      return { kind: 'unauthorized', message: problem.message };
    case 'rateLimited':
      return { kind: 'rateLimited', message: problem.message, until: problem.resetAt?.getTime() ?? now + 60_000 };
    case 'offline':
      return { kind: 'retry', message: problem.message, counts: false };
    default:
      break;
  }
  const retryAfterMs = retryAfterOf(error, now);
  if (retryAfterMs !== undefined) return { kind: 'retry', message: problem.message, retryAfterMs, counts: false };
  const status = statusOf(error);
  // No status: not an HTTP answer (a bug, an abort). 5xx includes network failures octokit wraps as 500.
  if (status === undefined || status >= 500 || status === 408 || status === 429) {
    return { kind: 'retry', message: problem.message, counts: true };
  }
  return { kind: 'fatal', message: problem.message };
}

export interface BackoffOptions {
  /** First delay (the delay doubles with each attempt). Default 2 s. */
  readonly baseMs?: number;
  /** Longest delay. Default 15 min. */
  readonly maxMs?: number;
  /** Counted failures (server errors, timeouts) before an item is marked failed. Default 10. */
  readonly maxAttempts?: number;
}

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so delays spread
 * out between clients and still never shrink from one attempt to the next.
 */
export function backoffDelay(attempts: number, options: BackoffOptions, random: () => number): number {
  const base = options.baseMs ?? 2000;
  const max = options.maxMs ?? 15 * 60_000;
  const delay = Math.min(max, base * 2 ** Math.max(0, attempts - 1));
  return Math.round(delay / 2 + (random() * delay) / 2);
}

const nouns: Record<OutboxEntry['kind'], readonly [string, string]> = {
  ask: ['ask', 'asks'],
  reply: ['reply', 'replies'],
  lesson: ['lesson', 'lessons'],
};

function countByKind(items: readonly Readonly<OutboxEntry>[]): string {
  const parts = (['ask', 'reply', 'lesson'] as const).flatMap((kind) => {
    const n = items.filter((i) => i.kind === kind).length;
    return n ? [`${n} ${nouns[kind][n === 1 ? 0 : 1]}`] : [];
  });
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? '');
}

/**
 * The outbox in words, e.g. "2 asks waiting to send", "1 ask and 1 reply waiting to send; 1 lesson
 * could not be sent", or "Nothing waiting to send".
 */
export function describeOutbox(items: readonly Readonly<OutboxEntry>[]): string {
  const waiting = items.filter((i) => !i.failed);
  const failed = items.filter((i) => i.failed);
  const parts = [
    ...(waiting.length ? [`${countByKind(waiting)} waiting to send`] : []),
    ...(failed.length ? [`${countByKind(failed)} could not be sent`] : []),
  ];
  return parts.join('; ') || 'Nothing waiting to send';
}
