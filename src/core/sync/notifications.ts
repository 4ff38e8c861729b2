// Change detection: `GET /notifications` with `If-Modified-Since` (the previous `Last-Modified`).
// GitHub answers 304 — at no rate-limit cost — when nothing changed, and tells how long to wait
// before the next poll (`X-Poll-Interval`). After the first poll only threads updated since the
// previous `Last-Modified` are listed (`since`), read ones included (`all`), so a thread the person
// already read on github.com is not missed.
import { isRequestError } from '../github/problem';
import type { GitHubClient } from '../github/client';
import type { RepoRef } from '../model';
import type { Subject } from './discover';
import { record, text, time } from './json';
import type { Warn } from './replies';

export interface ThreadChange {
  /** The notification thread id. */
  readonly id: string;
  readonly reason: string;
  readonly updatedAt: string;
  readonly subject: Subject;
  /** The REST URL of the issue or pull request. */
  readonly subjectUrl: string;
}

export interface NotificationsResult {
  readonly notModified: boolean;
  /** The list's `Last-Modified`: the next poll's `If-Modified-Since`. */
  readonly lastModified?: string;
  /** `X-Poll-Interval` in seconds, when GitHub sent one. */
  readonly pollInterval?: number;
  readonly threads: readonly ThreadChange[];
  /** HTTP requests made (pages). */
  readonly requests: number;
}

export interface NotificationsOptions {
  readonly lastModified?: string;
  readonly host: string;
  readonly signal?: AbortSignal;
  /** Pages of 50 threads read at most (the first poll lists every unread thread). */
  readonly maxPages?: number;
  readonly warn: Warn;
}

const SUBJECT = /\/repos\/([^/]+)\/([^/]+)\/(?:issues|pulls)\/(\d+)$/;

/** The repository and number a notification's `subject.url` points at. */
export function subjectOfUrl(url: string, host: string): { repo: RepoRef; number: number } | undefined {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const m = SUBJECT.exec(pathname);
  if (!m) return undefined;
  return { repo: { host, owner: decodeURIComponent(m[1] ?? ''), name: decodeURIComponent(m[2] ?? '') }, number: Number(m[3]) };
}

/** The thread changes in one page of `GET /notifications`; malformed entries are skipped with a warning. */
export function parseThreads(data: unknown, host: string, warn: Warn): ThreadChange[] {
  if (!Array.isArray(data)) {
    warn('GET /notifications did not answer a list; ignored');
    return [];
  }
  const out: ThreadChange[] = [];
  for (const raw of data) {
    const t = record(raw);
    const subject = record(t?.subject);
    const id = text(t?.id);
    const reason = text(t?.reason);
    const updatedAt = time(t?.updated_at);
    const url = text(subject?.url);
    const where = url ? subjectOfUrl(url, host) : undefined;
    if (!id || !reason || !updatedAt || !url) {
      warn(`skipped a notification thread with missing fields (${JSON.stringify(raw)?.slice(0, 120)})`);
      continue;
    }
    if (!where) continue; // a commit, release or discussion: never an ask
    out.push({ id, reason, updatedAt, subject: where, subjectUrl: url });
  }
  return out;
}

function header(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** The `rel="next"` URL of a `Link` header, read part by part (no backtracking on a hostile header). */
export function nextLink(link: string | undefined): string | undefined {
  for (const part of (link ?? '').split(',')) {
    const [target = '', ...params] = part.split(';').map((p) => p.trim());
    if (target.startsWith('<') && target.endsWith('>') && target.length > 2 && params.includes('rel="next"')) return target.slice(1, -1);
  }
  return undefined;
}

export async function fetchNotifications(client: GitHubClient, options: NotificationsOptions): Promise<NotificationsResult> {
  const { lastModified, host, signal, warn } = options;
  const params = lastModified ? { all: true, since: new Date(lastModified).toISOString().replace(/\.\d{3}Z$/, 'Z'), per_page: 50 } : { per_page: 50 };
  let response;
  try {
    response = await client.request('GET /notifications', {
      ...params,
      headers: lastModified ? { 'if-modified-since': lastModified } : {},
      ...(signal ? { request: { signal } } : {}),
    });
  } catch (error) {
    if (isRequestError(error) && error.status === 304) {
      const headers = error.response?.headers as Record<string, unknown> | undefined;
      const interval = Number(header(headers, 'x-poll-interval'));
      return { notModified: true, ...(lastModified ? { lastModified } : {}), ...(interval > 0 ? { pollInterval: interval } : {}), threads: [], requests: 1 };
    }
    throw error;
  }
  const headers = response.headers as Record<string, unknown>;
  const interval = Number(header(headers, 'x-poll-interval'));
  const modified = header(headers, 'last-modified') ?? lastModified;
  const threads = parseThreads(response.data, host, warn);
  let requests = 1;
  let next = nextLink(header(headers, 'link'));
  while (next && requests < (options.maxPages ?? 10)) {
    const page = await client.request({ method: 'GET', url: next, ...(signal ? { request: { signal } } : {}) });
    requests++;
    threads.push(...parseThreads(page.data, host, warn));
    next = nextLink(header(page.headers, 'link'));
  }
  return { notModified: false, ...(modified ? { lastModified: modified } : {}), ...(interval > 0 ? { pollInterval: interval } : {}), threads, requests };
}
