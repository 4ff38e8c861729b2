// Your partners, from the pairs on GitHub and the `mutualMentor.partners` setting (ARCHITECTURE.md
// §Pairs). GitHub decides: an accepted or paused pair is a partner with the topics both sides wrote
// there; a pair you invited is a partner while the invitation is open; an invitation to you is only
// an invitation until you accept it (never accepted for you, whoever sent it); a declined or ended
// pair is no partner, even when the setting still names them. A setting entry with no pair on GitHub
// stays a partner (an override, and how pairs were kept before) and is offered an invitation.
import type { PairLink, Partner } from '../partners';
import { viewOf, type PairState, type PairView } from './model';

export interface MergedPartners {
  readonly partners: Partner[];
  /** Invitations to you still open, newest first. */
  readonly invitations: PairView[];
  /** Setting entries with no pair on GitHub: to be offered an invitation (never sent without asking). */
  readonly settingOnly: Partner[];
  /** Setting entries whose newest pair on GitHub was declined or ended: not partners any more. */
  readonly endedInSetting: PairView[];
}

const RANK: Readonly<Record<string, number>> = { accepted: 5, paused: 4, 'invited:inviter': 3, 'invited:invitee': 2, declined: 1, ended: 1 };

function rank(v: PairView): number {
  return RANK[v.pair.status === 'invited' ? `invited:${v.role}` : v.pair.status] ?? 0;
}

function link(v: PairView): PairLink {
  const { pair } = v;
  return { id: pair.id, owner: pair.repo.owner, name: pair.repo.name, number: pair.number, url: pair.url, status: pair.status, role: v.role, mine: v.mine };
}

export function mergePartners(fromSetting: readonly Partner[], pairs: readonly PairState[], me: string | undefined): MergedPartners {
  const best = new Map<string, PairView>();
  const invitations: PairView[] = [];
  for (const pair of pairs) {
    const view = me ? viewOf(pair, me) : undefined;
    if (!view) continue;
    if (pair.status === 'invited' && view.role === 'invitee') invitations.push(view);
    const login = view.partner.toLowerCase();
    const current = best.get(login);
    if (!current || rank(view) > rank(current) || (rank(view) === rank(current) && view.pair.updatedAt > current.pair.updatedAt)) best.set(login, view);
  }
  const partners: Partner[] = [];
  const settingOnly: Partner[] = [];
  const endedInSetting: PairView[] = [];
  const listed = new Set<string>();
  const fromPair = (view: PairView, fallback?: Partner): Partner => {
    const theirs = view.theirs.teaches.length || view.theirs.learns.length ? view.theirs : (fallback ?? view.theirs);
    return { login: view.partner, teaches: theirs.teaches, learns: theirs.learns, pair: link(view) };
  };
  for (const entry of fromSetting) {
    const view = best.get(entry.login.toLowerCase());
    listed.add(entry.login.toLowerCase());
    if (!view) {
      partners.push(entry);
      settingOnly.push(entry);
    } else if (view.pair.status === 'declined' || view.pair.status === 'ended') {
      endedInSetting.push(view);
    } else if (view.pair.status === 'invited' && view.role === 'invitee') {
      partners.push(entry); // they invited you and you had named them: still yours to accept
    } else {
      partners.push(fromPair(view, entry));
    }
  }
  const rest = [...best.values()]
    .filter(
      (v) =>
        !listed.has(v.partner.toLowerCase()) &&
        (v.pair.status === 'accepted' || v.pair.status === 'paused' || (v.pair.status === 'invited' && v.role === 'inviter')),
    )
    .sort((a, b) => a.partner.localeCompare(b.partner));
  for (const view of rest) partners.push(fromPair(view));
  const accepted = new Set(partners.filter((p) => p.pair && p.pair.status !== 'invited').map((p) => p.login.toLowerCase()));
  return {
    partners,
    invitations: invitations.filter((v) => !accepted.has(v.partner.toLowerCase())).sort((a, b) => (a.pair.updatedAt < b.pair.updatedAt ? 1 : -1)),
    settingOnly,
    endedInSetting,
  };
}
