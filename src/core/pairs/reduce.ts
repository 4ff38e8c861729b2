// The pair state from its issue and comments, a pure function (ARCHITECTURE.md §Pairs). A marker
// speaks only for its author (ARCHITECTURE.md §Markers): the invitation counts only in an issue
// written by the inviter it names; an acceptance or a decline only from the invitee; topics, pause,
// resume and end only from one of the two sides, and topics only for the side that wrote them.
// Everything else — a third login pasting an acceptance, a second invitation, a marker for another
// pair, a change after the pair ended — is ignored with a warning.
import { sameLogin } from '../sync/json';
import type { PairComment, PairIssue, PairState, PairStatus, PairTopics } from './model';
import { scanPairMarkers, type ActionMarker } from './markers';

/** Comments read per pair: a pair needs a handful; a flooded issue costs bounded work. */
export const MAX_PAIR_COMMENTS = 500;

type Warn = (message: string) => void;

interface Draft {
  status: PairStatus;
  by?: string;
  inviterTopics: PairTopics;
  inviteeTopics: PairTopics;
  updatedAt: string;
}

/** Which statuses an action may follow, and who may write it. */
const RULES: Readonly<Record<ActionMarker['action'], { readonly from: readonly PairStatus[]; readonly who: 'invitee' | 'either' }>> = {
  accept: { from: ['invited'], who: 'invitee' },
  decline: { from: ['invited'], who: 'invitee' },
  topics: { from: ['invited', 'accepted', 'paused'], who: 'either' },
  pause: { from: ['accepted'], who: 'either' },
  resume: { from: ['paused'], who: 'either' },
  end: { from: ['invited', 'accepted', 'paused'], who: 'either' },
};

const NEXT: Readonly<Record<ActionMarker['action'], PairStatus | undefined>> = {
  accept: 'accepted',
  decline: 'declined',
  topics: undefined,
  pause: 'paused',
  resume: 'accepted',
  end: 'ended',
};

function apply(draft: Draft, m: ActionMarker, author: string, isInviter: boolean, at: string): string | undefined {
  const rule = RULES[m.action];
  if (rule.who === 'invitee' && isInviter) return `only the invitee can ${m.action} a pair; written by the inviter @${author}`;
  if (!rule.from.includes(draft.status)) return `${m.action} after the pair was ${draft.status}`;
  if (m.topics) {
    if (isInviter) draft.inviterTopics = m.topics;
    else draft.inviteeTopics = m.topics;
  }
  const next = NEXT[m.action];
  if (next) {
    draft.status = next;
    if (next === 'accepted') delete draft.by;
    else draft.by = author;
  }
  draft.updatedAt = at;
  return undefined;
}

/**
 * The pair an issue carries, or undefined when it carries none that counts (no invitation marker, or
 * one written by someone other than the inviter it names). Comments are read oldest first.
 */
export function reducePair(issue: PairIssue, comments: readonly PairComment[], warn: Warn): PairState | undefined {
  const where = `${issue.repo.owner}/${issue.repo.name}#${issue.number}`;
  const scan = scanPairMarkers(issue.body);
  for (const w of scan.warnings) warn(`${where}: ${w}`);
  const invitations = scan.markers.filter((m) => m.kind === 'pair');
  const invitation = invitations[0];
  if (!invitation) return undefined;
  if (invitations.length > 1) warn(`${where}: more than one pair invitation in the issue; only the first counts`);
  if (!sameLogin(invitation.inviter, issue.author)) {
    warn(
      `${where}: ignored a pair invitation naming @${invitation.inviter} as inviter but written by @${issue.author} (a marker counts only from the side it speaks for)`,
    );
    return undefined;
  }
  if (sameLogin(invitation.inviter, invitation.invitee)) {
    warn(`${where}: ignored a pair invitation to its own author`);
    return undefined;
  }
  const draft: Draft = { status: 'invited', inviterTopics: invitation.topics, inviteeTopics: { teaches: [], learns: [] }, updatedAt: issue.createdAt };
  const ordered = [...comments].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id - b.id)).slice(0, MAX_PAIR_COMMENTS);
  if (comments.length > MAX_PAIR_COMMENTS) warn(`${where}: more than ${MAX_PAIR_COMMENTS} comments; the rest are not read`);
  for (const comment of ordered) {
    const found = scanPairMarkers(comment.body);
    const actions = found.markers.filter((m): m is ActionMarker => m.kind === 'action');
    const isInviter = sameLogin(comment.author, invitation.inviter);
    const isSide = isInviter || sameLogin(comment.author, invitation.invitee);
    if (!isSide) {
      if (actions.length > 0 || found.markers.length > 0)
        warn(
          `${comment.url}: ignored a pair marker written by @${comment.author}, who is not a side of this pair (a marker counts only from the side it speaks for)`,
        );
      continue;
    }
    for (const w of found.warnings) warn(`${comment.url}: ${w}`);
    if (found.markers.some((m) => m.kind === 'pair')) warn(`${comment.url}: a pair invitation in a comment does not count`);
    // One action per comment: the first that names this pair.
    const action = actions.find((m) => m.pair === invitation.id);
    if (!action) {
      if (actions.length > 0) warn(`${comment.url}: a pair marker for another pair; ignored`);
      continue;
    }
    const problem = apply(draft, action, comment.author, isInviter, comment.createdAt);
    if (problem) warn(`${comment.url}: ignored: ${problem}`);
  }
  if (issue.state === 'closed' && (draft.status === 'invited' || draft.status === 'accepted' || draft.status === 'paused')) {
    draft.status = 'ended';
    delete draft.by;
    draft.updatedAt = issue.updatedAt;
  }
  return {
    id: invitation.id,
    repo: issue.repo,
    number: issue.number,
    url: issue.url,
    inviter: invitation.inviter,
    invitee: invitation.invitee,
    status: draft.status,
    ...(draft.by ? { by: draft.by } : {}),
    inviterTopics: draft.inviterTopics,
    inviteeTopics: draft.inviteeTopics,
    updatedAt: draft.updatedAt,
  };
}
