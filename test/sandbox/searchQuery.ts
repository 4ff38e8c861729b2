// GitHub's issue search (`GET /search/issues`, GraphQL `search(type: ISSUE)`): the query syntax —
// free-text words, "quoted phrases", `qualifier:value`, `-qualifier:value` to negate — and its
// matching over the issues and pull requests a viewer may read. Qualifiers follow GitHub's
// documentation ("Searching issues and pull requests"); an unknown qualifier is searched as text.
import type { Issue, SandboxState, User } from './state';

export interface Qualifier {
  readonly name: string;
  readonly value: string;
  readonly negated: boolean;
}

export interface ParsedQuery {
  /** Free-text words and "phrases", lower-cased; all must match. */
  readonly terms: readonly string[];
  /** `-word`: none may match. */
  readonly excludedTerms: readonly string[];
  readonly qualifiers: readonly Qualifier[];
  /** `sort:created-asc` written in the query itself. */
  readonly sort?: { readonly field: string; readonly order: 'asc' | 'desc' };
}

export interface SearchOptions {
  /** `created`, `updated`, `comments` (REST's `sort`); best match when absent. */
  readonly sort?: string | null;
  readonly order?: string | null;
}

export interface ScoredIssue {
  readonly issue: Issue;
  readonly score: number;
}

const KNOWN = new Set([
  'repo',
  'user',
  'org',
  'is',
  'type',
  'state',
  'label',
  'author',
  'assignee',
  'mentions',
  'commenter',
  'involves',
  'review-requested',
  'review',
  'reviewed-by',
  'in',
  'created',
  'updated',
  'closed',
  'comments',
  'no',
  'sort',
  'head',
  'base',
]);

/** Splits a query into terms and qualifiers, honouring double quotes (`label:"help wanted"`, `"open sesame"`). */
interface SearchToken {
  readonly negated: boolean;
  readonly name?: string;
  readonly rawValue?: string;
  readonly phrase?: string;
  readonly word?: string;
}

const isSpace = (c: string) => c.trim() === '';
const isNameChar = (c: string) => /[\w-]/.test(c);

/**
 * GitHub's search syntax split into tokens, left to right in one pass: `-` negates; `name:value`
 * (a value may hold quoted parts), a `"quoted phrase"` (closing quote optional) or a bare word.
 */
function* searchTokens(q: string): Generator<SearchToken> {
  let i = 0;
  while (i < q.length) {
    if (isSpace(q.charAt(i))) {
      i++;
      continue;
    }
    const negated = q.charAt(i) === '-' && i + 1 < q.length && !isSpace(q.charAt(i + 1));
    if (negated) i++;
    let j = i;
    while (j < q.length && isNameChar(q.charAt(j))) j++;
    if (j > i && q.charAt(j) === ':') {
      let k = j + 1;
      while (k < q.length && !isSpace(q.charAt(k))) {
        if (q.charAt(k) === '"') {
          const close = q.indexOf('"', k + 1);
          k = close < 0 ? q.length : close + 1;
        } else k++;
      }
      yield { negated, name: q.slice(i, j), rawValue: q.slice(j + 1, k) };
      i = k;
    } else if (q.charAt(i) === '"') {
      const close = q.indexOf('"', i + 1);
      yield { negated, phrase: q.slice(i + 1, close < 0 ? q.length : close) };
      i = close < 0 ? q.length : close + 1;
    } else {
      let k = i;
      while (k < q.length && !isSpace(q.charAt(k))) k++;
      yield { negated, word: q.slice(i, k) };
      i = k;
    }
  }
}

export function parseSearchQuery(q: string): ParsedQuery {
  const terms: string[] = [];
  const excludedTerms: string[] = [];
  const qualifiers: Qualifier[] = [];
  let sort: ParsedQuery['sort'];
  for (const { negated, name, rawValue, phrase, word } of searchTokens(q)) {
    const value = rawValue?.replace(/"/g, '');
    if (name !== undefined && KNOWN.has(name.toLowerCase())) {
      const v = value ?? '';
      if (name.toLowerCase() === 'sort') {
        const m = /^([\w-]+?)(?:-(asc|desc))?$/.exec(v.toLowerCase());
        if (m) sort = { field: m[1], order: (m[2] as 'asc' | 'desc' | undefined) ?? 'desc' };
        continue;
      }
      qualifiers.push({ name: name.toLowerCase(), value: v, negated });
      continue;
    }
    const text = (name !== undefined ? `${name}:${value ?? ''}` : (phrase ?? word ?? '')).toLowerCase().trim();
    if (!text || (!negated && /^(?:and|or|not)$/i.test(text))) continue;
    (negated ? excludedTerms : terms).push(text);
  }
  return { terms, excludedTerms, qualifiers, ...(sort ? { sort } : {}) };
}

/** Visible text: HTML comments (hidden markers) are not searchable on GitHub. */
function visible(text: string | null): string {
  return (text ?? '').replace(/<!--[\s\S]*?-->/g, ' ');
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
}

/** Whether a term (a word or a phrase) occurs in a text, as whole words in order. */
function occurs(term: string, text: string): boolean {
  const want = words(term);
  if (want.length === 0) return text.toLowerCase().includes(term);
  const have = words(text);
  outer: for (let i = 0; i + want.length <= have.length; i++) {
    for (let j = 0; j < want.length; j++) if (have[i + j] !== want[j]) continue outer;
    return true;
  }
  return false;
}

const MENTION = /(?:^|[^\w`])@([A-Z0-9][A-Z0-9-]{0,38})/gi;

// The logins a text mentions, kept per object that holds the text (an issue, comment or review) for as
// long as its text is the same string: a search runs over every issue the viewer can read, and a
// program's report searches thousands of times (bench/report.ts). An edited body is a new string.
const mentionMemo = new WeakMap<object, { readonly text: string | null; readonly logins: ReadonlySet<string> }>();

function mentioned(holder: object, text: string | null): ReadonlySet<string> {
  const memo = mentionMemo.get(holder);
  if (memo && memo.text === text) return memo.logins;
  const logins = new Set<string>();
  for (const m of visible(text).matchAll(MENTION)) logins.add(m[1]?.toLowerCase() ?? '');
  mentionMemo.set(holder, { text, logins });
  return logins;
}

// The search helpers below loop with `for` and create no closures: they run once per issue and search,
// millions of times for a program's report (tsx names every closure it creates, which costs more than the test).
function mentions(issue: Issue, login: string): boolean {
  if (mentioned(issue, issue.body).has(login)) return true;
  for (const c of issue.comments) if (mentioned(c, c.body).has(login)) return true;
  for (const c of issue.pull?.reviewComments ?? []) if (mentioned(c, c.body).has(login)) return true;
  for (const r of issue.pull?.reviews ?? []) if (mentioned(r, r.body).has(login)) return true;
  return false;
}

function commented(issue: Issue, login: string): boolean {
  for (const c of issue.comments) if (c.user.login.toLowerCase() === login) return true;
  for (const c of issue.pull?.reviewComments ?? []) if (c.user.login.toLowerCase() === login && c.review.state !== 'PENDING') return true;
  return false;
}

function anyLogin(list: readonly User[], login: string): boolean {
  for (const u of list) if (u.login.toLowerCase() === login) return true;
  return false;
}

/** The [start, end) instant range a date qualifier value names: a day, or a second for a full timestamp. */
function instant(value: string): [number, number] | undefined {
  if (value === '*') return undefined;
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const t = Date.parse(day ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(t)) return undefined;
  return [t, t + (day ? 86_400_000 : 1000)];
}

// Times as numbers, kept per text: date qualifiers compare every issue's times, search after search.
const times = new Map<string, number>();
function parsedTime(text: string): number {
  let t = times.get(text);
  if (t === undefined) {
    if (times.size >= 200_000) times.clear();
    times.set(text, (t = Date.parse(text)));
  }
  return t;
}
const ranges = new Map<string, [number, number] | undefined>();
function instantOf(value: string): [number, number] | undefined {
  if (!ranges.has(value)) {
    if (ranges.size >= 10_000) ranges.clear();
    ranges.set(value, instant(value));
  }
  return ranges.get(value);
}

/** `>=2024-01-01`, `<2024-02-01T12:00:00Z`, `2024-01-01..2024-01-31`, `2024-01-01..*`, `2024-01-05`. */
function matchesRange(actual: number, spec: string, parse: (v: string) => [number, number] | undefined): boolean {
  const dots = spec.lastIndexOf('..');
  if (dots > 0 && dots < spec.length - 2) {
    const lo = parse(spec.slice(0, dots));
    const hi = parse(spec.slice(dots + 2));
    return (!lo || actual >= lo[0]) && (!hi || actual < hi[1]);
  }
  const m = /^(>=|<=|[><=])?(.*)$/.exec(spec)!;
  const r = parse(m[2]);
  if (!r) return false;
  switch (m[1]) {
    case '>':
      return actual >= r[1];
    case '>=':
      return actual >= r[0];
    case '<':
      return actual < r[0];
    case '<=':
      return actual < r[1];
    default:
      return actual >= r[0] && actual < r[1];
  }
}

function number(value: string): [number, number] | undefined {
  const n = Number(value);
  return value === '*' || !Number.isFinite(n) ? undefined : [n, n + 1];
}

function matchesQualifier(viewer: User, issue: Issue, name: string, rawValue: string): boolean {
  const value = rawValue.toLowerCase();
  const login = value === '@me' ? viewer.login.toLowerCase() : value;
  const pull = issue.pull;
  switch (name) {
    case 'repo':
      return `${issue.repo.owner.login}/${issue.repo.name}`.toLowerCase() === value;
    case 'user':
    case 'org':
      return issue.repo.owner.login.toLowerCase() === login;
    case 'type':
      return value === 'pr' || value === 'pull-request' ? Boolean(pull) : value === 'issue' ? !pull : false;
    case 'state':
      return issue.state === value;
    case 'is':
      switch (value) {
        case 'issue':
          return !pull;
        case 'pr':
        case 'pull-request':
          return Boolean(pull);
        case 'open':
        case 'closed':
          return issue.state === value;
        case 'merged':
          return Boolean(pull?.merged);
        case 'unmerged':
          return Boolean(pull) && issue.state === 'closed' && !pull!.merged;
        case 'draft':
          return Boolean(pull?.draft);
        case 'locked':
          return issue.locked;
        case 'unlocked':
          return !issue.locked;
        case 'public':
          return !issue.repo.isPrivate;
        case 'private':
          return issue.repo.isPrivate;
        default:
          return false;
      }
    case 'label':
      for (const l of value.split(',')) {
        const want = l.trim();
        for (const x of issue.labels) if (x.name.toLowerCase() === want) return true;
      }
      return false;
    case 'no':
      return value === 'label' ? issue.labels.length === 0 : value === 'assignee' ? issue.assignees.length === 0 : value === 'milestone';
    case 'author':
      return issue.user.login.toLowerCase() === login;
    case 'assignee':
      return anyLogin(issue.assignees, login);
    case 'mentions':
      return mentions(issue, login);
    case 'commenter':
      return commented(issue, login);
    case 'involves':
      return issue.user.login.toLowerCase() === login || anyLogin(issue.assignees, login) || commented(issue, login) || mentions(issue, login);
    case 'review-requested':
      return Boolean(pull) && anyLogin(pull!.requestedReviewers, login);
    case 'review': {
      // review:none (no submitted review yet), review:approved, review:changes_requested.
      const submitted = (pull?.reviews ?? []).filter((r) => r.state !== 'PENDING');
      if (!pull) return false;
      if (value === 'none') return submitted.length === 0;
      if (value === 'approved' || value === 'changes_requested') return submitted.at(-1)?.state === value.toUpperCase();
      return value === 'required';
    }
    case 'reviewed-by':
      for (const r of pull?.reviews ?? []) if (r.state !== 'PENDING' && r.user.login.toLowerCase() === login) return true;
      return false;
    case 'head':
      return pull?.headRef.toLowerCase() === value;
    case 'base':
      return pull?.baseRef.toLowerCase() === value;
    case 'created':
      return matchesRange(parsedTime(issue.createdAt), value, instantOf);
    case 'updated':
      return matchesRange(parsedTime(issue.updatedAt), value, instantOf);
    case 'closed':
      return issue.closedAt !== null && matchesRange(Date.parse(issue.closedAt), value, instant);
    case 'comments':
      return matchesRange(issue.comments.length, value, number);
    default:
      return true; // `in:` is applied to the terms
  }
}

/** Relevance of the text match: title hits weigh most, then body, then comments (GitHub ranks the same way). */
function textScore(issue: Issue, parsed: ParsedQuery): number | undefined {
  const scopes = parsed.qualifiers.filter((x) => x.name === 'in' && !x.negated).flatMap((x) => x.value.toLowerCase().split(','));
  const where = new Set(scopes.length ? scopes : ['title', 'body', 'comments']);
  const fields: [string, number][] = [];
  if (where.has('title')) fields.push([issue.title, 3]);
  if (where.has('body')) fields.push([visible(issue.body), 1]);
  if (where.has('comments')) for (const c of issue.comments) fields.push([visible(c.body), 0.5]);
  let score = 1;
  for (const term of parsed.terms) {
    const hits = fields.filter(([text]) => occurs(term, text)).reduce((n, [, weight]) => n + weight, 0);
    if (hits === 0) return undefined;
    score += hits;
  }
  for (const term of parsed.excludedTerms) if (fields.some(([text]) => occurs(term, text))) return undefined;
  return score;
}

/**
 * The repo:/user:/org: values of a query that name nothing the viewer can see; GitHub refuses such a
 * search with 422 ("cannot be searched either because the resources do not exist or you do not have permission").
 */
export function unsearchable(state: SandboxState, viewer: User, parsed: ParsedQuery): string[] {
  const out: string[] = [];
  for (const x of parsed.qualifiers) {
    if (x.negated) continue;
    if (x.name === 'repo') {
      const [owner = '', name = ''] = x.value.split('/');
      const repo = state.repo(owner, name);
      if (!repo || !state.canRead(viewer, repo)) out.push(x.value);
    } else if ((x.name === 'user' || x.name === 'org') && x.value !== '@me' && !state.user(x.value)) {
      out.push(x.value);
    }
  }
  return out;
}

/** Matches with their relevance scores, in the requested order (best match, then newest, by default). */
export function searchIssueResults(state: SandboxState, viewer: User, q: string, options: SearchOptions = {}): { results: ScoredIssue[]; incomplete: boolean } {
  const parsed = parseSearchQuery(q);
  // Positive repo:/user:/org: qualifiers of one kind are alternatives (GitHub ORs them); others must all hold.
  const alternatives = new Map<string, string[]>();
  const required: Qualifier[] = [];
  for (const x of parsed.qualifiers) {
    const group = x.name === 'org' ? 'user' : x.name;
    if (!x.negated && (group === 'repo' || group === 'user')) alternatives.set(group, [...(alternatives.get(group) ?? []), x.value]);
    else required.push(x);
  }
  // The repo:/user: alternatives depend on the repository only: a repository none names is skipped whole.
  // Qualifiers that read comments are checked last (all must hold, so the order changes only the time).
  const costly = new Set(['involves', 'mentions', 'commenter']);
  required.sort((x, y) => Number(costly.has(x.name)) - Number(costly.has(y.name)));
  const results: ScoredIssue[] = [];
  for (const repo of state.repos.values()) {
    if (!state.canRead(viewer, repo)) continue;
    let first = true;
    for (const issue of repo.issues.values()) {
      if (first && ![...alternatives].every(([name, values]) => values.some((v) => matchesQualifier(viewer, issue, name, v)))) break;
      first = false;
      let ok = true;
      for (const x of required) {
        if (matchesQualifier(viewer, issue, x.name, x.value) === x.negated) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      const score = textScore(issue, parsed);
      if (score !== undefined) results.push({ issue, score });
    }
  }
  const field = options.sort ?? parsed.sort?.field;
  const order = (options.sort ? options.order : (parsed.sort?.order ?? options.order)) === 'asc' ? 1 : -1;
  const key = (r: ScoredIssue): number =>
    field === 'created'
      ? Date.parse(r.issue.createdAt)
      : field === 'updated'
        ? Date.parse(r.issue.updatedAt)
        : field === 'comments'
          ? r.issue.comments.length
          : r.score;
  const newest = (a: ScoredIssue, b: ScoredIssue) => Date.parse(b.issue.createdAt) - Date.parse(a.issue.createdAt) || b.issue.id - a.issue.id;
  results.sort((a, b) => (key(a) - key(b)) * order || newest(a, b));
  return { results, incomplete: false };
}

/** The issues and pull requests the viewer can read that match a GitHub search query. */
export function searchIssues(state: SandboxState, viewer: User, q: string, options: SearchOptions = {}): { issues: Issue[]; incomplete: boolean } {
  const { results, incomplete } = searchIssueResults(state, viewer, q, options);
  return { issues: results.map((r) => r.issue), incomplete };
}
