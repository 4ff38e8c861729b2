// Conditional REST GETs: a response with an `ETag` is remembered, the next GET of the same URL (and
// Accept header) sends `If-None-Match`, and GitHub's 304 — which costs no rate-limit point — is
// answered from the cache with the fresh headers. Installed as an octokit `request` hook, so every
// GET through the client benefits; requests that carry their own conditional header are left alone.
//
// Kept in memory only, on purpose: an entry holds the whole response body, while a restart loses
// little without it. The notifications poll uses If-Modified-Since (its cursor is in the saved
// SyncSnapshot), asks are fetched by GraphQL (which has no ETags), and the REST GETs left — a
// subject's node id, once per subject, itself saved in the snapshot — cost one point each on a miss.
import { isRequestError } from '../github/problem';
import type { GitHubClient } from '../github/client';

interface Entry {
  readonly etag: string;
  readonly response: { status: number; url: string; headers: Record<string, unknown>; data: unknown };
}

export interface EtagStats {
  /** GETs answered 304 and served from the cache. */
  hits: number;
  /** GETs that came back with a body. */
  misses: number;
}

/** A bounded least-recently-used map of URL → (ETag, response). */
export class EtagCache {
  private readonly entries = new Map<string, Entry>();
  readonly stats: EtagStats = { hits: 0, misses: 0 };

  constructor(private readonly maxEntries = 500) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry); // most recently used last
    }
    return entry;
  }

  set(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  clear(): void {
    this.entries.clear();
  }
}

const installed = new WeakMap<GitHubClient, EtagCache>();

/** Puts an ETag cache in front of the client's GETs (once per client); returns that cache. */
export function installEtagCache(client: GitHubClient, cache: EtagCache = new EtagCache()): EtagCache {
  const existing = installed.get(client);
  if (existing) return existing;
  installed.set(client, cache);
  client.hook.wrap('request', async (request, options) => {
    const headers = options.headers as Record<string, string | undefined>;
    if (options.method !== 'GET' || headers['if-none-match'] || headers['if-modified-since']) return request(options);
    const { url } = client.request.endpoint.parse(options);
    const key = `${url}\n${headers.accept ?? ''}`;
    const hit = cache.get(key);
    // before-after-hook hands every hook the same options object: the header is added to it in place.
    if (hit) options.headers = { ...options.headers, 'if-none-match': hit.etag };
    try {
      const response = await request(options);
      cache.stats.misses++;
      const etag = (response.headers as Record<string, unknown>).etag;
      if (typeof etag === 'string') cache.set(key, { etag, response: { ...response, headers: { ...response.headers } } });
      return response;
    } catch (error) {
      if (!hit || !isRequestError(error) || error.status !== 304) throw error;
      cache.stats.hits++;
      const fresh = (error.response?.headers ?? {}) as Record<string, unknown>;
      return { ...hit.response, status: 200, headers: { ...hit.response.headers, ...fresh } } as Awaited<ReturnType<typeof request>>;
    }
  });
  return cache;
}
