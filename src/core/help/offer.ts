// An offer: taking on an issue in a partner's repository (ARCHITECTURE.md §Offers). It lives on
// GitHub as a visible, polite comment on the issue ending with an offer marker
// (`{"kind":"offer","id":…,"helper":"ada","state":"taken"}`); dropping it is a second comment with
// the same id and `"state":"dropped"`. A marker speaks only for its author: an offer counts only in a
// comment written by the helper it names. The work happens on a branch named after the issue
// (`help/12-fix-flaky-test`), which is how asks are linked to the offer; the offer completes when a
// pull request that closes the issue is merged (read in offerRead.ts).
import { appendMarker, scanMarkers, stripMarkers, type Marker } from '../marker';
import { isValidLogin } from '../partners';
import { sameLogin } from '../sync/json';

export type OfferState = 'taken' | 'dropped' | 'completed' | 'gone';

export interface Offer {
  /** The marker's client id (a UUID), shared by the take and the drop comment. */
  readonly id: string;
  /** The issue's GraphQL node id (how the offer is re-read). */
  readonly issueId: string;
  readonly helper: string;
  /** The owner of the issue's repository: who is helped. */
  readonly partner: string;
  /** `owner/name`. */
  readonly repo: string;
  readonly number: number;
  readonly title: string;
  readonly issueUrl: string;
  readonly branch: string;
  readonly topic?: string;
  readonly state: OfferState;
  readonly takenAt: string;
  readonly commentUrl: string;
  /** When it was dropped, completed, or found gone. */
  readonly endedAt?: string;
  /** The helper's words when dropping. */
  readonly dropNote?: string;
  /** The merged pull request that closed the issue. */
  readonly pullRequest?: { readonly url: string; readonly number: number; readonly title: string; readonly mergedAt: string };
}

const MAX_SLUG = 40;

/** `help/<number>-<slug of the title>`: lower-case ASCII letters and digits joined by `-`, in one pass. */
export function offerBranch(number: number, title: string): string {
  let slug = '';
  let dash = false;
  for (let i = 0; i < title.length && slug.length < MAX_SLUG; i++) {
    const c = title.charAt(i).toLowerCase();
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (dash && slug.length > 0) slug += '-';
      slug += c;
      dash = false;
    } else dash = true;
  }
  return `help/${number}${slug ? `-${slug}` : ''}`;
}

/** The issue number an offer branch was named after, or undefined for any other branch. */
export function issueOfBranch(branch: string): number | undefined {
  if (!branch.startsWith('help/')) return undefined;
  let i = 5;
  let n = 0;
  while (i < branch.length && i < 15 && branch.charCodeAt(i) >= 0x30 && branch.charCodeAt(i) <= 0x39) n = n * 10 + (branch.charCodeAt(i++) - 0x30);
  if (i === 5 || (i < branch.length && branch.charAt(i) !== '-')) return undefined;
  return n > 0 ? n : undefined;
}

/** The open offer an ask made on this branch of this repository belongs to (the composer says so). */
export function offerForBranch(offers: readonly Offer[], repo: string, branch: string | undefined): Offer | undefined {
  // By the issue number the branch names, not the whole name: a renamed issue keeps its number.
  const number = branch ? issueOfBranch(branch) : undefined;
  if (number === undefined) return undefined;
  return offers.find((o) => o.state === 'taken' && o.number === number && o.repo.toLowerCase() === repo.toLowerCase());
}

/** The visible comment taking an issue on, with its marker. */
export function offerComment(o: { id: string; helper: string; partner: string; branch: string; topic?: string }): string {
  const why = o.topic ? `; I'd like to learn more about ${o.topic.replace(/[\r\n`]/g, ' ')} along the way` : '';
  const text = [
    `Hi @${o.partner} — I'd like to take this one on${why}.`,
    `I'll work on the branch \`${o.branch}\` and open a pull request that closes this issue. If I get stuck I'll ask here or on the pull request.`,
  ].join('\n\n');
  return appendMarker(text, { v: 1, kind: 'offer', id: o.id, helper: o.helper, state: 'taken', ...(o.topic ? { topic: o.topic } : {}) });
}

/** The visible comment giving an offer back, with the helper's own words when given. */
export function dropComment(offer: Pick<Offer, 'id' | 'helper'>, note?: string): string {
  const said = note?.trim() ? `\n\n> ${note.trim().split('\n').join('\n> ')}` : '';
  const text = `I'm stepping back from this one, so it is free for someone else. Thank you for the chance!${said}`;
  return appendMarker(text, { v: 1, kind: 'offer', id: offer.id, helper: offer.helper, state: 'dropped' });
}

/** A comment on an issue as read from GitHub. */
export interface IssueCommentFact {
  readonly author: string;
  readonly body: string;
  readonly createdAt: string;
  readonly url: string;
}

/** What the comments of one issue say about offers: one entry per offer id, under the trust rule. */
export interface OfferClaim {
  readonly id: string;
  readonly helper: string;
  readonly topic?: string;
  readonly takenAt: string;
  readonly commentUrl: string;
  readonly droppedAt?: string;
  readonly dropNote?: string;
}

/**
 * The offers in an issue's comments, oldest first. A marker counts only when the comment's author is
 * the helper it names; a drop only after a take of the same id by the same helper. Anything else is
 * a warning.
 */
export function offerClaims(comments: readonly IssueCommentFact[], warn: (m: string) => void = () => undefined): OfferClaim[] {
  const claims = new Map<string, OfferClaim>();
  for (const c of comments) {
    const { markers, warnings } = scanMarkers(c.body);
    for (const w of warnings) warn(`${c.url}: ${w}`);
    for (const m of markers.filter((x): x is Marker & { helper: string } => x.kind === 'offer' && x.helper !== undefined)) {
      if (!isValidLogin(m.helper) || !sameLogin(c.author, m.helper)) {
        warn(`${c.url}: an offer marker naming @${m.helper} in a comment by @${c.author}; ignored`);
        continue;
      }
      const before = claims.get(m.id);
      if (m.state === 'dropped') {
        if (!before || !sameLogin(before.helper, m.helper)) warn(`${c.url}: a drop of an offer that was not taken here; ignored`);
        else if (!before.droppedAt) claims.set(m.id, { ...before, droppedAt: c.createdAt, dropNote: stripMarkers(c.body) });
        continue;
      }
      if (before) continue; // the first take counts; a repeated marker (a retried post) adds nothing
      claims.set(m.id, { id: m.id, helper: m.helper, takenAt: c.createdAt, commentUrl: c.url, ...(m.topic ? { topic: m.topic } : {}) });
    }
  }
  return [...claims.values()];
}

/** The offer marker of a comment body the outbox looks for before a retry (same id, same state). */
export function isOfferComment(body: string, id: string, state: 'taken' | 'dropped'): boolean {
  return scanMarkers(body).markers.some((m) => m.kind === 'offer' && m.id === id && (m.state ?? 'taken') === state);
}
