// The GitHub client: octokit (REST + GraphQL) with its throttling and retry plugins, following
// GitHub's retry-after and rate-limit headers, and errors sorted into what a person can act on.
// For a GitHub Enterprise base URL (…/api/v3) octokit sends GraphQL to …/api/graphql itself.
import { Octokit, RequestError } from 'octokit';
import { errorMessage } from '../errors';

export interface ClientOptions {
  readonly apiUrl: string;
  readonly token: string;
  readonly userAgent: string;
  /** Receives a line when a request is throttled or retried (never the token). */
  readonly log?: (message: string) => void;
  /** Retries of a failed request (server error, network) with backoff; octokit's default is 3. */
  readonly retries?: number;
}

export type GitHubClient = Octokit;

export function createGitHubClient(options: ClientOptions): GitHubClient {
  const log = options.log ?? (() => undefined);
  return new Octokit({
    auth: options.token,
    baseUrl: options.apiUrl,
    userAgent: options.userAgent,
    ...(options.retries !== undefined ? { retry: { retries: options.retries } } : {}),
    throttle: {
      onRateLimit: (retryAfter: number, opts: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
        log(`rate limit reached for ${opts.method} ${opts.url}; ${retryCount < 1 ? `retrying in ${retryAfter} s` : 'giving up'}`);
        return retryCount < 1 && retryAfter <= 60;
      },
      onSecondaryRateLimit: (retryAfter: number, opts: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
        log(`secondary rate limit for ${opts.method} ${opts.url}; ${retryCount < 2 ? `retrying in ${retryAfter} s` : 'giving up'}`);
        return retryCount < 2 && retryAfter <= 120;
      },
    },
  });
}

export type GitHubProblem =
  | { readonly kind: 'unauthorized'; readonly message: string }
  | { readonly kind: 'rateLimited'; readonly message: string; readonly resetAt?: Date }
  | { readonly kind: 'offline'; readonly message: string }
  | { readonly kind: 'notFound'; readonly message: string }
  | { readonly kind: 'other'; readonly message: string };

/** Sorts an error from the client into a problem a person can act on, with words for it. */
export function describeProblem(error: unknown, host: string): GitHubProblem {
  if (error instanceof RequestError) {
    const headers = error.response?.headers ?? {};
    if (error.status === 401) return { kind: 'unauthorized', message: `${host} did not accept the token (it may be revoked or expired). Sign in again.` };
    if ((error.status === 403 || error.status === 429) && headers['x-ratelimit-remaining'] === '0') {
      const reset = Number(headers['x-ratelimit-reset']);
      return {
        kind: 'rateLimited',
        message: `The ${host} API rate limit is used up${reset ? ` until ${new Date(reset * 1000).toLocaleTimeString()}` : ''}. Mutual Mentor will try again then.`,
        ...(reset ? { resetAt: new Date(reset * 1000) } : {}),
      };
    }
    if (error.status === 404) return { kind: 'notFound', message: `${host} answered "not found" (or you have no access).` };
    // No HTTP answer at all (refused, reset, DNS): octokit reports a 500 without a response.
    if (error.status === 500 && (error.response === undefined || /fetch failed|ECONNREFUSED|ENOTFOUND|socket/i.test(error.message))) {
      return { kind: 'offline', message: `Cannot reach ${host}. Check your network; Mutual Mentor keeps your work and retries.` };
    }
    return { kind: 'other', message: `${host} answered ${error.status}: ${error.message}` };
  }
  const message = errorMessage(error);
  if (/fetch failed|ECONNREFUSED|ENOTFOUND|ECONNRESET|network|socket/i.test(message)) {
    return { kind: 'offline', message: `Cannot reach ${host}. Check your network; Mutual Mentor keeps your work and retries.` };
  }
  return { kind: 'other', message };
}

export interface Viewer {
  readonly login: string;
  readonly name: string | null;
}

/** The signed-in user; gives up after `timeoutMs` so a host that never answers cannot hang sign-in. */
export async function fetchViewer(client: GitHubClient, timeoutMs = 15_000): Promise<Viewer> {
  const { data } = await client.rest.users.getAuthenticated({ request: { signal: AbortSignal.timeout(timeoutMs) } });
  return { login: data.login, name: data.name ?? null };
}
