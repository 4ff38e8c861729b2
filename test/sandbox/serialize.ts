// GitHub's JSON shapes for users, repositories and labels, as the official OpenAPI description
// (api.github.com) requires them. The contract tests validate every response against it.
import type { Ctx } from './http';
import type { Label, Repo, User } from './state';

/** GitHub's legacy global node id: base64 of `0<len>:<Type><id>`; decoded by GraphQL's node(id:). */
export function nodeId(type: string, id: number): string {
  return Buffer.from(`0${type.length}:${type}${id}`).toString('base64');
}

export function parseNodeId(value: string): { type: string; id: number } | undefined {
  const m = /^0(\d+):([A-Z]+)(\d+)$/i.exec(Buffer.from(value, 'base64').toString('utf8'));
  if (!m || Number(m[1]) !== m[2].length) return undefined;
  return { type: m[2], id: Number(m[3]) };
}

export type Bases = Pick<Ctx, 'api' | 'web'>;

export function simpleUser(b: Bases, user: User): Record<string, unknown> {
  const url = `${b.api}/users/${user.login}`;
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId('User', user.id),
    avatar_url: `${b.web}/avatars/${user.login}`,
    gravatar_id: '',
    url,
    html_url: `${b.web}/${user.login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: 'User',
    user_view_type: 'public',
    site_admin: false,
  };
}

export function publicUser(b: Bases, user: User, publicRepos: number): Record<string, unknown> {
  return {
    ...simpleUser(b, user),
    name: user.name,
    company: null,
    blog: '',
    location: null,
    email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: publicRepos,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: user.createdAt,
    updated_at: user.createdAt,
  };
}

export function privateUser(b: Bases, user: User, publicRepos: number, privateRepos: number): Record<string, unknown> {
  return {
    ...publicUser(b, user, publicRepos),
    private_gists: 0,
    total_private_repos: privateRepos,
    owned_private_repos: privateRepos,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: false,
    plan: { name: 'free', space: 976562499, collaborators: 0, private_repos: 10000 },
  };
}

function repoUrls(b: Bases, repo: Repo): Record<string, string> {
  const url = `${b.api}/repos/${repo.owner.login}/${repo.name}`;
  return {
    url,
    html_url: `${b.web}/${repo.owner.login}/${repo.name}`,
    archive_url: `${url}/{archive_format}{/ref}`,
    assignees_url: `${url}/assignees{/user}`,
    blobs_url: `${url}/git/blobs{/sha}`,
    branches_url: `${url}/branches{/branch}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    comments_url: `${url}/comments{/number}`,
    commits_url: `${url}/commits{/sha}`,
    compare_url: `${url}/compare/{base}...{head}`,
    contents_url: `${url}/contents/{+path}`,
    contributors_url: `${url}/contributors`,
    deployments_url: `${url}/deployments`,
    downloads_url: `${url}/downloads`,
    events_url: `${url}/events`,
    forks_url: `${url}/forks`,
    git_commits_url: `${url}/git/commits{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    hooks_url: `${url}/hooks`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    issue_events_url: `${url}/issues/events{/number}`,
    issues_url: `${url}/issues{/number}`,
    keys_url: `${url}/keys{/key_id}`,
    labels_url: `${url}/labels{/name}`,
    languages_url: `${url}/languages`,
    merges_url: `${url}/merges`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    pulls_url: `${url}/pulls{/number}`,
    releases_url: `${url}/releases{/id}`,
    stargazers_url: `${url}/stargazers`,
    statuses_url: `${url}/statuses/{sha}`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    tags_url: `${url}/tags`,
    teams_url: `${url}/teams`,
    trees_url: `${url}/git/trees{/sha}`,
  };
}

/** `minimal-repository`: lists and embedded repositories. */
export function minimalRepository(b: Bases, repo: Repo): Record<string, unknown> {
  return {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: `${repo.owner.login}/${repo.name}`,
    owner: simpleUser(b, repo.owner),
    private: repo.isPrivate,
    description: repo.description,
    fork: false,
    ...repoUrls(b, repo),
  };
}

/** `repository` / `full-repository`: GET /repos/{owner}/{repo} and the head/base of a pull request. */
export function fullRepository(b: Bases, repo: Repo, viewer?: User, canWrite = false): Record<string, unknown> {
  const openIssues = [...repo.issues.values()].filter((i) => i.state === 'open').length;
  const cloneUrl = `${b.web}/${repo.owner.login}/${repo.name}.git`;
  return {
    ...minimalRepository(b, repo),
    git_url: cloneUrl.replace(/^https?:/, 'git:'),
    ssh_url: `git@127.0.0.1:${repo.owner.login}/${repo.name}.git`,
    clone_url: cloneUrl,
    svn_url: `${b.web}/${repo.owner.login}/${repo.name}`,
    mirror_url: null,
    homepage: null,
    language: null,
    forks_count: 0,
    forks: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 0,
    default_branch: repo.defaultBranch,
    open_issues_count: openIssues,
    open_issues: openIssues,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: false,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: repo.isPrivate ? 'private' : 'public',
    pushed_at: repo.pushedAt,
    created_at: repo.createdAt,
    updated_at: repo.updatedAt,
    license: null,
    allow_forking: true,
    web_commit_signoff_required: false,
    subscribers_count: 0,
    network_count: 0,
    ...(viewer ? { permissions: { admin: repo.owner.id === viewer.id, maintain: canWrite, push: canWrite, triage: canWrite, pull: true } } : {}),
  };
}

export function label(b: Bases, repo: Repo, l: Label): Record<string, unknown> {
  return {
    id: l.id,
    node_id: nodeId('Label', l.id),
    url: `${b.api}/repos/${repo.owner.login}/${repo.name}/labels/${encodeURIComponent(l.name)}`,
    name: l.name,
    color: l.color,
    default: l.isDefault,
    description: l.description,
  };
}
