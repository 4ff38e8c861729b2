// What a GitHub request's failure means to a person, and the signed-in user: apart from client.ts so
// the code that only reads errors does not load octokit (the extension loads it lazily, on sign-in).
// Errors are recognised by shape, not by class: the request error class may come from another bundle.
import type { RequestError } from '@octokit/request-error';
import { errorMessage } from '../errors';
import type { GitHubClient } from './client';

/** An error octokit's request threw (`HttpError` with a status; `response` when GitHub answered). */
export function isRequestError(error: unknown): error is RequestError {
  return error instanceof Error && error.name === 'HttpError' && typeof (error as { status?: unknown }).status === 'number';
}

export type GitHubProblem =
  | { readonly kind: 'unauthorized'; readonly message: string }
  | { readonly kind: 'rateLimited'; readonly message: string; readonly resetAt?: Date }
  | { readonly kind: 'offline'; readonly message: string }
  | { readonly kind: 'notFound'; readonly message: string }
  | { readonly kind: 'other'; readonly message: string };

/** Sorts an error from the client into a problem a person can act on, with words for it. */
export function describeProblem(error: unknown, host: string): GitHubProblem {
  if (isRequestError(error)) {
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
