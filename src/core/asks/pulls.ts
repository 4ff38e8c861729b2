// The pull request facts routing needs, over REST: the open pull request of a branch
// (`GET /repos/{o}/{r}/pulls?head=owner:branch&state=open`) and its files with their patches.
import type { GitHubClient } from '../github/client';
import type { RepoRef } from '../model';
import type { PullSnapshot } from './route';

export interface PullSummary {
  readonly repo: RepoRef;
  readonly number: number;
  readonly headSha: string;
  readonly author: string;
  readonly url: string;
}

/** The open pull request whose head is `headOwner:branch`, in `repo`; undefined when there is none. */
export async function findOpenPull(client: GitHubClient, repo: RepoRef, headOwner: string, branch: string): Promise<PullSummary | undefined> {
  const { data } = await client.rest.pulls.list({ owner: repo.owner, repo: repo.name, head: `${headOwner}:${branch}`, state: 'open', per_page: 10 });
  const pull = data.find((p) => p.head.ref === branch) ?? data[0];
  if (!pull) return undefined;
  return { repo, number: pull.number, headSha: pull.head.sha, author: pull.user?.login ?? '', url: pull.html_url };
}

/** A pull request by number. */
export async function getPull(client: GitHubClient, repo: RepoRef, number: number): Promise<PullSummary> {
  const { data } = await client.rest.pulls.get({ owner: repo.owner, repo: repo.name, pull_number: number });
  return { repo, number, headSha: data.head.sha, author: data.user.login, url: data.html_url };
}

/** The pull request with its files and patches (GitHub lists at most 3000 files). */
export async function fetchPullSnapshot(client: GitHubClient, pull: PullSummary): Promise<PullSnapshot> {
  const files = await client.paginate(client.rest.pulls.listFiles, { owner: pull.repo.owner, repo: pull.repo.name, pull_number: pull.number, per_page: 100 });
  return { ...pull, files: files.map((f) => (f.patch === undefined ? { filename: f.filename } : { filename: f.filename, patch: f.patch })) };
}
