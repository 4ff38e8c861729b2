// The visible text of pair issues and comments; the marker at the end is what counts (markers.ts).
import { formatActionMarker, formatInvitationMarker, type PairAction } from './markers';
import type { PairTopics } from './model';

/** Every pair issue's title starts with this phrase: it is what discovery searches for (github.ts). */
export const PAIR_TITLE = 'Mutual Mentor pair';

function list(topics: readonly string[]): string {
  return topics.length ? topics.join(', ') : '(nothing named yet)';
}

function topicLines(who: string, topics: PairTopics): string {
  return `- @${who} can teach: ${list(topics.teaches)}\n- @${who} wants to learn: ${list(topics.learns)}`;
}

export function invitationIssue(id: string, inviter: string, invitee: string, topics: PairTopics): { title: string; body: string } {
  const body = [
    `@${invitee}, @${inviter} invites you to pair on Mutual Mentor: code-review-based mentoring in which both sides teach.`,
    topicLines(inviter, topics),
    'Accept, decline or change topics from the Exchanges view of Mutual Mentor in VS Code. Either side can pause or end the pair there later; this issue is the agreement both sides read.',
    formatInvitationMarker({ id, inviter, invitee, topics }),
  ].join('\n\n');
  return { title: `${PAIR_TITLE}: @${inviter} and @${invitee}`, body };
}

const SAYS: Readonly<Record<PairAction, string>> = {
  accept: 'accepts the pair',
  decline: 'declines the pair',
  topics: 'changed their topics',
  pause: 'paused the pair',
  resume: 'resumed the pair',
  end: 'ended the pair',
};

export function actionComment(pair: string, action: PairAction, me: string, partner: string, topics?: PairTopics): string {
  const parts = [`@${partner}: @${me} ${SAYS[action]}.`];
  if (topics) parts.push(topicLines(me, topics));
  parts.push(formatActionMarker({ pair, action, ...(topics ? { topics } : {}) }));
  return parts.join('\n\n');
}
