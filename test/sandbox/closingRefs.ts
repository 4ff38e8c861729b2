// GitHub's closing keywords ("Linking a pull request to an issue using a keyword"): a pull request into
// the repository's default branch whose body says `closes #12`, `Fixes: #12` or `resolves owner/repo#12`
// (close, closes, closed, fix, fixes, fixed, resolve, resolves, resolved; any case) is linked to the
// issue — GraphQL's `Issue.closedByPullRequestsReferences` — and merging it closes the issue. Read in
// one pass over the words of the body (no backtracking on hostile text).
import type { Issue, SandboxState, User } from './state';
import { timestamp } from './state';

const KEYWORDS = new Set(['close', 'closes', 'closed', 'fix', 'fixes', 'fixed', 'resolve', 'resolves', 'resolved']);

const isBlank = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** The issue references (`{ repo?: 'owner/name', number }`) that follow a closing keyword in a text. */
export function closingReferences(text: string): { repo?: string; number: number }[] {
  const refs: { repo?: string; number: number }[] = [];
  const words: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && isBlank(text.charAt(i))) i++;
    const start = i;
    while (i < text.length && !isBlank(text.charAt(i))) i++;
    if (i > start) words.push(text.slice(start, i));
  }
  for (let w = 0; w + 1 < words.length; w++) {
    let keyword = words[w].toLowerCase();
    if (keyword.endsWith(':')) keyword = keyword.slice(0, -1);
    if (!KEYWORDS.has(keyword)) continue;
    let ref = words[w + 1];
    while (ref.length > 0 && ',.;)'.includes(ref.charAt(ref.length - 1))) ref = ref.slice(0, -1);
    const hash = ref.indexOf('#');
    const digits = ref.slice(hash + 1);
    if (hash < 0 || digits === '' || digits.length > 9 || [...digits].some((c) => c < '0' || c > '9')) continue;
    const repo = ref.slice(0, hash);
    if (repo !== '' && repo.split('/').length !== 2) continue;
    refs.push({ ...(repo ? { repo: repo.toLowerCase() } : {}), number: Number(digits) });
  }
  return refs;
}

/** Whether a pull request's body links it to this issue (same repository, into the default branch). */
export function closes(pull: Issue, issue: Issue): boolean {
  if (!pull.pull || issue.pull || pull.repo !== issue.repo || pull.pull.baseRef !== pull.repo.defaultBranch) return false;
  const full = `${issue.repo.owner.login}/${issue.repo.name}`.toLowerCase();
  return closingReferences(pull.body ?? '').some((r) => r.number === issue.number && (!r.repo || r.repo === full));
}

/** The pull requests linked to an issue by closing keywords; closed (merged) ones only when asked for. */
export function closingPulls(issue: Issue, includeClosed: boolean): Issue[] {
  return [...issue.repo.issues.values()].filter((p) => closes(p, issue) && (includeClosed || p.state === 'open'));
}

/** After a merge into the default branch: the open issues it links to are closed as completed, by the merger. */
export function closeLinkedIssues(state: SandboxState, pull: Issue, by: User): Issue[] {
  const closed: Issue[] = [];
  for (const issue of pull.repo.issues.values()) {
    if (issue.state !== 'open' || !closes(pull, issue)) continue;
    const now = timestamp();
    issue.state = 'closed';
    issue.stateReason = 'completed';
    issue.closedAt = now;
    issue.closedBy = by;
    issue.updatedAt = now;
    state.notify(issue, by);
    closed.push(issue);
  }
  return closed;
}
