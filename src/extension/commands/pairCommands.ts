// Accept, Decline, Change Topics, Pause, Resume and End a pair (ARCHITECTURE.md §Pairs): each writes
// one comment with its marker on the pair's issue. Run from Exchanges (an invitation or a partner),
// from the palette (a pick), or by scripts and tests with the pair as the first argument — the
// issue (`{ owner, name, number }`, its URL, or a PairState) or the partner's login — and, for accept
// and topics, `{ teaches, learns }` as the second (or in the first).
import * as vscode from 'vscode';
import { describeProblem } from '../../core/github/problem';
import type { PairAction } from '../../core/pairs/markers';
import type { PairState, PairTopics } from '../../core/pairs/model';
import { cleanTopics } from '../../core/pairs/topics';
import type { PairDeps } from './pairWithPartner';
import { myTopics } from './pairWithPartner';

const ALLOWED: Readonly<Record<PairAction, readonly PairState['status'][]>> = {
  accept: ['invited'],
  decline: ['invited'],
  topics: ['invited', 'accepted', 'paused'],
  pause: ['accepted'],
  resume: ['paused'],
  end: ['invited', 'accepted', 'paused'],
};

const DONE: Readonly<Record<PairAction, string>> = {
  accept: 'You are now paired with',
  decline: 'You declined the invitation of',
  topics: 'Your topics are updated for',
  pause: 'You paused the pair with',
  resume: 'You resumed the pair with',
  end: 'You ended the pair with',
};

type Found = { readonly pair: PairState } | { readonly login: string } | { readonly ref: { owner: string; name: string; number: number } };

const ISSUE_URL = /\/([^/\s]+)\/([^/\s]+)\/issues\/(\d+)(?:[#?]|$)/;

/** What an argument names: a tree row (its pair), a PairState, an issue ref or URL, or a login. */
function targetOf(arg: unknown): Found | undefined {
  if (typeof arg === 'string') {
    const m = ISSUE_URL.exec(arg);
    return m ? { ref: { owner: m[1], name: m[2], number: Number(m[3]) } } : { login: arg.replace(/^@/, '') };
  }
  if (typeof arg !== 'object' || arg === null) return undefined;
  const r = arg as Record<string, unknown>;
  const view = r.view as { pair?: unknown } | undefined; // an invitation row
  const partner = r.partner as { login?: unknown } | undefined; // a partner row
  if (view?.pair) return targetOf(view.pair);
  if (typeof partner?.login === 'string') return { login: partner.login };
  if (r.pair !== undefined) return targetOf(r.pair);
  if (typeof r.id === 'string' && typeof r.inviter === 'string' && typeof r.invitee === 'string') return { pair: arg as PairState };
  const repo = (r.repo ?? r) as Record<string, unknown>;
  if (typeof repo.owner === 'string' && typeof repo.name === 'string' && typeof r.number === 'number')
    return { ref: { owner: repo.owner, name: repo.name, number: r.number } };
  if (typeof r.url === 'string') return targetOf(r.url);
  if (typeof r.login === 'string') return { login: r.login };
  return undefined;
}

const isTreeRow = (arg: unknown) => typeof arg === 'object' && arg !== null && typeof (arg as { toTreeItem?: unknown }).toTreeItem === 'function';

async function resolve(deps: PairDeps, found: Found): Promise<PairState | undefined> {
  if ('pair' in found) return deps.pairs.pairs.find((p) => p.id === found.pair.id) ?? found.pair;
  if ('ref' in found) return deps.pairs.find(found.ref);
  const login = found.login.toLowerCase();
  const invitation = deps.partners.invitations.find((v) => v.partner.toLowerCase() === login);
  if (invitation) return invitation.pair;
  const link = deps.partners.partners.find((p) => p.login.toLowerCase() === login)?.pair;
  return link ? deps.pairs.find(link) : undefined;
}

async function pick(deps: PairDeps, action: PairAction): Promise<PairState | undefined> {
  const me = deps.account.account?.state === 'signedIn' ? deps.account.account.login.toLowerCase() : '';
  const candidates = deps.pairs.pairs.filter(
    (p) => ALLOWED[action].includes(p.status) && (action === 'accept' || action === 'decline' ? p.invitee.toLowerCase() === me : true),
  );
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(
      action === 'accept' || action === 'decline' ? 'No invitation is waiting for you.' : 'No pair can be changed that way.',
    );
    return undefined;
  }
  const items = candidates.map((p) => {
    const other = p.inviter.toLowerCase() === me ? p.invitee : p.inviter;
    return { label: `@${other}`, description: `${p.status} · ${p.repo.owner}/${p.repo.name}#${p.number}`, pair: p };
  });
  return (await vscode.window.showQuickPick(items, { title: 'Which pair?' }))?.pair;
}

function topicsArg(first: unknown, second: unknown): Partial<PairTopics> | undefined {
  for (const arg of [second, first]) {
    const r = typeof arg === 'object' && arg !== null ? (arg as Record<string, unknown>) : undefined;
    if (r && (Array.isArray(r.teaches) || Array.isArray(r.learns))) {
      return {
        ...(Array.isArray(r.teaches) ? { teaches: cleanTopics(r.teaches) } : {}),
        ...(Array.isArray(r.learns) ? { learns: cleanTopics(r.learns) } : {}),
      };
    }
  }
  return undefined;
}

/** Runs one pair action; returns the pair as read after it, or undefined when nothing was sent. */
export async function pairAction(deps: PairDeps, action: PairAction, arg?: unknown, topicArg?: unknown): Promise<PairState | undefined> {
  await deps.account.whenSettled();
  const me = deps.account.account;
  if (me?.state !== 'signedIn') {
    void vscode.window.showErrorMessage('Mutual Mentor is not signed in to GitHub: sign in to answer or change a pair.');
    return undefined;
  }
  const interactive = arg === undefined || isTreeRow(arg);
  const found = targetOf(arg);
  const pair = found ? await resolve(deps, found) : await pick(deps, action);
  if (!pair) {
    if (found) void vscode.window.showErrorMessage('Mutual Mentor found no such pair on GitHub.');
    return undefined;
  }
  const mine = pair.inviter.toLowerCase() === me.login.toLowerCase();
  const partner = mine ? pair.invitee : pair.inviter;
  if (!ALLOWED[action].includes(pair.status) || ((action === 'accept' || action === 'decline') && mine)) {
    void vscode.window.showInformationMessage(
      `The pair with @${partner} is ${pair.status}${mine && action === 'accept' ? ' and waits for their answer' : ''}.`,
    );
    return undefined;
  }
  let topics: PairTopics | undefined;
  if (action === 'accept' || action === 'topics') {
    const given = topicsArg(arg, topicArg);
    const current = mine ? pair.inviterTopics : pair.inviteeTopics;
    topics = await myTopics({ interactive: interactive && !given, ...given }, partner, current);
    if (!topics) return undefined;
  }
  if (interactive && (action === 'decline' || action === 'end')) {
    const verb = action === 'decline' ? 'Decline' : 'End';
    const sure = await vscode.window.showWarningMessage(`${verb} the pair with @${partner}? Both of you will see it on GitHub.`, { modal: true }, verb);
    if (sure !== verb) return undefined;
  }
  try {
    const after = await deps.pairs.act(pair, action, topics);
    if ((action === 'end' || action === 'decline') && deps.partners.inSetting(partner)) await deps.partners.remove(partner);
    void vscode.window.showInformationMessage(`${DONE[action]} @${partner}.`);
    return after;
  } catch (error) {
    const problem = describeProblem(error, me.host);
    deps.log.warn(`pair ${action} with @${partner} failed: ${problem.message}`);
    void vscode.window.showErrorMessage(`Mutual Mentor could not ${action} the pair with @${partner}: ${problem.message}`);
    return undefined;
  }
}
