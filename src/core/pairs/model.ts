// A pair on GitHub (ARCHITECTURE.md §Pairs): an issue in the inviter's exchange repository whose body
// carries the `pair` marker, and comments on it that accept, decline, change topics, pause, resume or
// end it. These are the plain types of what src/core/pairs/reduce.ts reads it into.
import type { RepoRef } from '../model';

export type PairStatus = 'invited' | 'accepted' | 'declined' | 'paused' | 'ended';

/** What one side says it can teach and wants to learn. */
export interface PairTopics {
  readonly teaches: readonly string[];
  readonly learns: readonly string[];
}

/** The issue and comment that carry a pair, as read from GitHub (REST issue and issue comment shapes, reduced). */
export interface PairIssue {
  readonly repo: RepoRef;
  readonly number: number;
  readonly url: string;
  readonly author: string;
  readonly body: string;
  readonly state: 'open' | 'closed';
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface PairComment {
  readonly id: number;
  readonly author: string;
  readonly body: string;
  readonly createdAt: string;
  readonly url: string;
}

/** The agreement as both sides' extensions read it from the issue and its comments. */
export interface PairState {
  /** The invitation marker's id: the pair's identity. */
  readonly id: string;
  readonly repo: RepoRef;
  readonly number: number;
  readonly url: string;
  readonly inviter: string;
  readonly invitee: string;
  readonly status: PairStatus;
  /** Who paused, declined or ended it (absent when the issue was closed without an end comment). */
  readonly by?: string;
  readonly inviterTopics: PairTopics;
  readonly inviteeTopics: PairTopics;
  /** The newest counted change (ISO time). */
  readonly updatedAt: string;
}

/** The pair as one side sees it: who the other side is and both sides' topics. */
export interface PairView {
  readonly pair: PairState;
  readonly role: 'inviter' | 'invitee';
  readonly partner: string;
  readonly mine: PairTopics;
  readonly theirs: PairTopics;
}

export const NO_TOPICS: PairTopics = { teaches: [], learns: [] };

/** The pair seen from `me`'s side; undefined when `me` is neither side. */
export function viewOf(pair: PairState, me: string): PairView | undefined {
  const lower = me.toLowerCase();
  if (pair.inviter.toLowerCase() === lower) return { pair, role: 'inviter', partner: pair.invitee, mine: pair.inviterTopics, theirs: pair.inviteeTopics };
  if (pair.invitee.toLowerCase() === lower) return { pair, role: 'invitee', partner: pair.inviter, mine: pair.inviteeTopics, theirs: pair.inviterTopics };
  return undefined;
}
