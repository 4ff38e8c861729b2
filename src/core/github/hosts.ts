// Where a GitHub host's API lives: github.com answers at api.github.com; GitHub Enterprise Server
// (and the sandbox, which mimics it) at <host>/api/v3 for REST (and <host>/api/graphql for GraphQL).

import { trimEndChar } from '../strings';
export const GITHUB_API = 'https://api.github.com';

/** Normalises a REST API base URL: trims trailing slashes; an empty value means github.com. */
export function normalizeApiUrl(value: string | undefined): string {
  const trimmed = trimEndChar((value ?? '').trim(), '/');
  if (!trimmed) return GITHUB_API;
  const url = new URL(trimmed); // throws on a malformed value; callers report it
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`not an http(s) URL: ${trimmed}`);
  return trimmed;
}

/** The host name shown to people ("github.com", "ghe.example.com", "127.0.0.1:3000"). */
export function displayHost(apiUrl: string): string {
  if (apiUrl === GITHUB_API) return 'github.com';
  return new URL(apiUrl).host;
}

/** VS Code's authentication provider for a host: `github` for github.com, `github-enterprise` for the configured GHES. */
export function authProviderFor(apiUrl: string, githubEnterpriseUri: string | undefined): 'github' | 'github-enterprise' | undefined {
  if (apiUrl === GITHUB_API) return 'github';
  if (!githubEnterpriseUri) return undefined;
  try {
    return new URL(githubEnterpriseUri).host === new URL(apiUrl).host ? 'github-enterprise' : undefined;
  } catch {
    return undefined;
  }
}
