// Ranking ways to help a partner (ARCHITECTURE.md §Help first): pure and linear. Each candidate found
// on GitHub (find.ts) gets a score — fit with what you want to learn from the partner first, then
// what the partner asked for (labels, review requests), then freshness — and a reason a person can
// read, e.g. "help wanted · about testing, which you want to learn from @grace".

/** Which search found a candidate (find.ts runs one aliased search per kind). */
export type HelpSearchKind = 'helpWanted' | 'goodFirstIssue' | 'topic' | 'reviewRequested' | 'unreviewed';

/** An open issue or pull request in the partner's repositories, as read from GitHub. */
export interface HelpCandidate {
  /** GitHub's node id. */
  readonly id: string;
  readonly type: 'issue' | 'pullRequest';
  /** `owner/name`. */
  readonly repo: string;
  readonly number: number;
  readonly title: string;
  readonly url: string;
  /** The start of the body (find.ts keeps at most MAX_MATCH_TEXT characters). */
  readonly body: string;
  readonly labels: readonly string[];
  readonly updatedAt: string;
  readonly author: string;
  readonly foundBy: readonly HelpSearchKind[];
}

export interface HelpWish {
  readonly partner: string;
  /** The pair's topics you want to learn from the partner (issue 14's pair agreement). */
  readonly wantToLearn: readonly string[];
}

export interface RankedHelp {
  readonly candidate: HelpCandidate;
  /** The title made safe to show on one line. */
  readonly label: string;
  readonly score: number;
  /** The topics of `wantToLearn` it is about, as the user wrote them. */
  readonly topics: readonly string[];
  readonly reason: string;
}

/** Text beyond this many characters is not read for topics: bounds the work a hostile body can cause. */
export const MAX_MATCH_TEXT = 8_192;
/** At most this many candidates are ranked, and this many returned by default. */
export const MAX_CANDIDATES = 1_000;
export const DEFAULT_LIMIT = 50;
const MAX_LABEL = 160;
const DAY = 86_400_000;

export const HELP_WANTED = 'help wanted';
export const GOOD_FIRST_ISSUE = 'good first issue';

function isWordChar(code: number): boolean {
  // Letters and digits of any script (ASCII fast path), `_`, and `+`/`#` so "c++" and "c#" stay words.
  if (code < 0x80) {
    return (
      (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f || code === 0x2b || code === 0x23
    );
  }
  return /[\p{L}\p{N}]/u.test(String.fromCharCode(code));
}

/**
 * A text as its lower-case words separated by single spaces, with a space at each end, in one pass:
 * `"Flaky  Tests!"` → `" flaky tests "`. A topic occurs as whole words when its own normal form
 * (without the outer spaces trimmed) is a substring.
 */
export function normalWords(value: string, max = MAX_MATCH_TEXT): string {
  const text = value.length > max ? value.slice(0, max) : value;
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const word = i < text.length && isWordChar(text.charCodeAt(i));
    if (word && start < 0) start = i;
    else if (!word && start >= 0) {
      words.push(text.slice(start, i));
      start = -1;
    }
  }
  return words.length === 0 ? ' ' : ` ${words.join(' ').toLowerCase()} `;
}

/** The topics (as given) that occur as whole words, case-insensitively, in a normalised text. */
export function topicsIn(normalised: string, topics: readonly string[]): string[] {
  return topics.filter((topic) => {
    const wanted = normalWords(topic, 200);
    return wanted.length > 2 && normalised.includes(wanted);
  });
}

/** A title for one line: control characters and line breaks become spaces, runs of spaces one, capped. */
export function displayTitle(title: string): string {
  let out = '';
  let space = false;
  for (let i = 0; i < title.length && out.length < MAX_LABEL + 1; i++) {
    const code = title.charCodeAt(i);
    // C0/C1 controls, line/paragraph separators, bidirectional overrides and isolates.
    const blank =
      code <= 0x20 ||
      (code >= 0x7f && code <= 0x9f) ||
      code === 0x2028 ||
      code === 0x2029 ||
      (code >= 0x202a && code <= 0x202e) ||
      (code >= 0x2066 && code <= 0x2069);
    if (blank) {
      space = out.length > 0;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += title.charAt(i);
  }
  return out.length > MAX_LABEL ? `${out.slice(0, MAX_LABEL - 1)}…` : out || '(untitled)';
}

function listed(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function hasLabel(c: HelpCandidate, name: string): boolean {
  return c.labels.some((l) => l.toLowerCase() === name);
}

/** Score and reason of one candidate. */
function rankOne(c: HelpCandidate, wish: HelpWish, now: number): RankedHelp {
  const inTitle = topicsIn(normalWords(`${c.title} ${c.labels.join(' ')}`), wish.wantToLearn);
  const inBody = topicsIn(normalWords(c.body), wish.wantToLearn).filter((t) => !inTitle.includes(t));
  const topics = [...inTitle, ...inBody];
  const parts: string[] = [];
  let score = 0;
  if (c.foundBy.includes('reviewRequested')) {
    score += 30;
    parts.push(`@${wish.partner} asked for your review`);
  } else if (c.foundBy.includes('unreviewed')) {
    score += 12;
    parts.push('waiting for a first review');
  }
  if (hasLabel(c, HELP_WANTED)) {
    score += 25;
    parts.push(HELP_WANTED);
  }
  if (hasLabel(c, GOOD_FIRST_ISSUE)) {
    score += 20;
    parts.push(GOOD_FIRST_ISSUE);
  }
  // Fit with what you want to learn weighs most: a topic in the title or labels, then in the body.
  score += Math.min(inTitle.length, 3) * 40 + Math.min(inBody.length, 3) * 20;
  if (topics.length > 0) parts.push(`about ${listed(topics)}, which you want to learn from @${wish.partner}`);
  // Fresher is better: up to 10 points, falling to 0 over 90 days.
  const updated = Date.parse(c.updatedAt);
  const ageDays = Number.isNaN(updated) ? 90 : Math.max(0, (now - updated) / DAY);
  score += Math.max(0, 10 - ageDays / 9);
  if (parts.length === 0) parts.push(c.type === 'pullRequest' ? `a pull request by @${c.author}` : `an open issue in ${c.repo}`);
  return { candidate: c, label: displayTitle(c.title), score: Math.round(score * 100) / 100, topics, reason: parts.join(' · ') };
}

/**
 * The candidates best first: score, then the more recently updated, then by URL, so equal
 * candidates always come in the same order. At most MAX_CANDIDATES are ranked (a huge answer is
 * cut, not slowed down on) and `limit` returned.
 */
export function rankWaysToHelp(candidates: readonly HelpCandidate[], wish: HelpWish, options: { now?: number; limit?: number } = {}): RankedHelp[] {
  const now = options.now ?? Date.now();
  const seen = new Set<string>();
  const ranked: RankedHelp[] = [];
  for (const c of candidates) {
    if (ranked.length >= MAX_CANDIDATES) break;
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    ranked.push(rankOne(c, wish, now));
  }
  const time = (r: RankedHelp) => {
    const t = Date.parse(r.candidate.updatedAt);
    return Number.isNaN(t) ? 0 : t;
  };
  ranked.sort((a, b) => b.score - a.score || time(b) - time(a) || (a.candidate.url < b.candidate.url ? -1 : a.candidate.url > b.candidate.url ? 1 : 0));
  return ranked.slice(0, options.limit ?? DEFAULT_LIMIT);
}
