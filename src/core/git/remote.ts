// A git remote URL read as a GitHub repository: which host, which owner/name, and where that host's
// web pages and API live. github.com answers at api.github.com; any other host is taken to be
// GitHub Enterprise Server (<scheme>://<host>/api/v3), which is also how the sandbox is laid out.
// Credentials in a remote URL (https://user:token@host/…) are dropped here and never kept.
import type { RepoRef } from '../model';
import { GITHUB_API } from '../github/hosts';
import { trimEndChar, trimStartChar } from '../strings';

export interface ParsedRemote {
  /** How git reaches the host; the web and API use https, or http when git does. */
  readonly scheme: 'https' | 'http' | 'ssh' | 'git';
  /** Lower-case host name; with the port for http(s), whose port the web shares (an ssh port is not the web's). */
  readonly host: string;
  readonly owner: string;
  readonly name: string;
}

export interface RemoteInfo {
  /** The git remote's name, e.g. "origin". */
  readonly remote: string;
  readonly repo: RepoRef;
  /** Web base, e.g. https://github.com or https://ghe.example.com. */
  readonly webUrl: string;
  /** REST API base, e.g. https://api.github.com or https://ghe.example.com/api/v3. */
  readonly apiUrl: string;
}

const GITHUB_HOSTS = new Set(['github.com', 'www.github.com', 'ssh.github.com']);
const SEGMENT = /^[\w.-]+$/;

function ownerAndName(pathname: string): { owner: string; name: string } | undefined {
  const parts = trimEndChar(trimStartChar(pathname, '/'), '/').split('/');
  if (parts.length !== 2) return undefined;
  const owner = decodeURIComponent(parts[0] ?? '');
  const name = decodeURIComponent(parts[1] ?? '').replace(/\.git$/i, '');
  if (!SEGMENT.test(owner) || !SEGMENT.test(name) || name === '.' || name === '..') return undefined;
  return { owner, name };
}

/**
 * Parses https, http, git and ssh remote URLs (`ssh://[user@]host[:port]/owner/repo.git`) and
 * scp-like ones (`git@host:owner/repo.git`). Undefined for anything else (a local path, `file://`,
 * a path that is not owner/repo).
 */
export function parseRemoteUrl(raw: string): ParsedRemote | undefined {
  const text = raw.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme) {
    const kind =
      scheme === 'https' || scheme === 'http' || scheme === 'git'
        ? scheme
        : scheme === 'ssh' || scheme === 'git+ssh' || scheme === 'ssh+git'
          ? 'ssh'
          : undefined;
    if (!kind) return undefined;
    let url: URL;
    try {
      url = new URL(kind === 'ssh' ? `ssh://${text.slice(text.indexOf('://') + 3)}` : text);
    } catch {
      return undefined;
    }
    if (!url.hostname) return undefined;
    const path = ownerAndName(url.pathname);
    if (!path) return undefined;
    const hostname = url.hostname.toLowerCase();
    const host = (kind === 'https' || kind === 'http') && url.port ? `${hostname}:${url.port}` : hostname;
    return { scheme: kind, host, ...path };
  }
  // scp-like: [user@]host:owner/repo(.git); a one-letter "host" is a Windows drive, not a remote.
  const scp = /^(?:[^@/\s]+@)?([^:/\s]{2,}):(?!\/)(.+)$/.exec(text);
  if (!scp) return undefined;
  const path = ownerAndName(scp[2] ?? '');
  return path && { scheme: 'ssh', host: (scp[1] ?? '').toLowerCase(), ...path };
}

function isGitHubCom(remote: ParsedRemote): boolean {
  return GITHUB_HOSTS.has(remote.host.replace(/:\d+$/, ''));
}

/** The web base of the remote's host: https://github.com, or <scheme>://<host> for GitHub Enterprise. */
export function webUrlForRemote(remote: ParsedRemote): string {
  if (isGitHubCom(remote)) return 'https://github.com';
  return `${remote.scheme === 'http' ? 'http' : 'https'}://${remote.host}`;
}

/** The REST API base of the remote's host: https://api.github.com, or <scheme>://<host>/api/v3. */
export function apiUrlForRemote(remote: ParsedRemote): string {
  if (isGitHubCom(remote)) return GITHUB_API;
  return `${webUrlForRemote(remote)}/api/v3`;
}

/** The repository a parsed remote names, with the host as people write it ("github.com", "127.0.0.1:3000"). */
export function repoRefForRemote(remote: ParsedRemote): RepoRef {
  return { host: isGitHubCom(remote) ? 'github.com' : remote.host, owner: remote.owner, name: remote.name };
}

/** Everything the asks need from a remote, or undefined when its URL is not a GitHub-style repository. */
export function remoteInfo(remoteName: string, url: string): RemoteInfo | undefined {
  const parsed = parseRemoteUrl(url);
  if (!parsed) return undefined;
  return { remote: remoteName, repo: repoRefForRemote(parsed), webUrl: webUrlForRemote(parsed), apiUrl: apiUrlForRemote(parsed) };
}
