// "Mutual Mentor: Pair with Partner…" (ARCHITECTURE.md §Pairs): checks the login on the signed-in
// host, asks what you can teach and want to learn, and sends the invitation — an issue in your
// exchange repository that mentions and assigns them. Without an exchange repository the partner is
// kept in the setting only, as before pairs were on GitHub, and you are told they do not know.
// Scripts and tests pass the login (`"grace"`) or `{ login, teaches?, learns?, repository? }`.
import * as vscode from 'vscode';
import { describeProblem } from '../../core/github/problem';
import type { RepoRef } from '../../core/model';
import { cleanTopics, topicsFromText } from '../../core/pairs/topics';
import { isValidLogin, normalizeLogin, type Partner } from '../../core/partners';
import type { AccountService } from '../account';
import type { PairsService } from '../pairs/pairsService';
import type { PartnersService } from '../partners';
import { Setting } from '../settingKeys';
import { settings } from '../settings';
import { pairAction } from './pairCommands';

export interface PairDeps {
  readonly account: AccountService;
  readonly partners: PartnersService;
  readonly pairs: PairsService;
  readonly log: vscode.LogOutputChannel;
}

interface PairRequest {
  readonly login?: string;
  readonly teaches?: readonly string[];
  readonly learns?: readonly string[];
  readonly interactive: boolean;
  readonly repository?: string;
}

function requestOf(arg: unknown): PairRequest {
  if (typeof arg === 'string') return { login: arg, interactive: false };
  const r = (typeof arg === 'object' && arg !== null ? arg : {}) as Record<string, unknown>;
  const row = r.partner as { login?: unknown } | undefined; // a partner row of Exchanges: send the invitation it lacks
  if (typeof row?.login === 'string') return { login: row.login, interactive: true };
  if (typeof r.login !== 'string') return { interactive: true };
  return {
    login: r.login,
    interactive: r.askTopics === true, // the login is given; the topics are asked (the migration offer)
    teaches: cleanTopics(r.teaches),
    learns: cleanTopics(r.learns),
    ...(typeof r.repository === 'string' ? { repository: r.repository } : {}),
  };
}

/** "owner/name" on the signed-in host. */
export function parseRepo(value: string | undefined, host: string): RepoRef | undefined {
  const m = /^([\w.-]+)\/([\w.-]+)$/.exec((value ?? '').trim());
  return m ? { host, owner: m[1], name: m[2] } : undefined;
}

async function askTopics(title: string, prompt: string, value: readonly string[]): Promise<string[] | undefined> {
  const typed = await vscode.window.showInputBox({ title, prompt, value: value.join(', '), placeHolder: 'testing, rust', ignoreFocusOut: true });
  return typed === undefined ? undefined : topicsFromText(typed);
}

/** What you can teach and want to learn, asked (interactive) or as given. */
export async function myTopics(
  request: Pick<PairRequest, 'interactive' | 'teaches' | 'learns'>,
  partner: string,
  current = { teaches: [] as readonly string[], learns: [] as readonly string[] },
) {
  if (!request.interactive) return { teaches: [...(request.teaches ?? current.teaches)], learns: [...(request.learns ?? current.learns)] };
  const title = `Pair with @${partner}`;
  const teaches = await askTopics(title, `What you can teach @${partner} (optional, comma-separated)`, current.teaches);
  if (teaches === undefined) return undefined;
  const learns = await askTopics(title, `What you want to learn from @${partner} (optional, comma-separated)`, current.learns);
  return learns === undefined ? undefined : { teaches, learns };
}

/** Returns the partner, or undefined when the user cancelled or a check failed. */
export async function pairWithPartner(deps: PairDeps, arg?: unknown): Promise<Partner | undefined> {
  const { account } = deps;
  await account.whenSettled();
  const client = account.client;
  const me = account.account;
  if (!client || me?.state !== 'signedIn') {
    const why = me?.state === 'signedOut' ? ` ${me.problem}` : ' Set MUTUAL_MENTOR_GITHUB_TOKEN (see the README).';
    void vscode.window.showErrorMessage(`Mutual Mentor is not signed in to GitHub, so it cannot check a partner's login.${why}`);
    return undefined;
  }
  const request = requestOf(arg);
  const typed =
    request.login === undefined
      ? await vscode.window.showInputBox({
          title: 'Pair with Partner',
          prompt: `GitHub login of the person you want to mentor with on ${me.host}`,
          placeHolder: 'octocat',
          ignoreFocusOut: true,
          validateInput: (v) => (isValidLogin(normalizeLogin(v)) ? undefined : 'Not a GitHub login: letters, digits and single hyphens, up to 39 characters.'),
        })
      : request.login;
  if (typed === undefined) return undefined;
  const login = normalizeLogin(typed);
  if (!isValidLogin(login)) {
    void vscode.window.showErrorMessage(`"${typed}" is not a GitHub login.`);
    return undefined;
  }
  if (login.toLowerCase() === me.login.toLowerCase()) {
    void vscode.window.showErrorMessage('You cannot pair with yourself: pick the person you want to learn with.');
    return undefined;
  }
  let canonical: string;
  try {
    canonical = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Checking @${login} on ${me.host}…` },
      async () => (await client.rest.users.getByUsername({ username: login })).data.login,
    );
  } catch (error) {
    const problem = describeProblem(error, me.host);
    const message = problem.kind === 'notFound' ? `There is no GitHub user @${login} on ${me.host}.` : problem.message;
    deps.log.warn(`pairing with @${login} failed: ${problem.message}`);
    void vscode.window.showErrorMessage(message);
    return undefined;
  }
  const same = (l: string) => l.toLowerCase() === canonical.toLowerCase();
  // They invited you already: pairing with them is accepting that invitation (your decision, now).
  const invitation = deps.partners.invitations.find((v) => same(v.partner));
  if (invitation) {
    await pairAction(deps, 'accept', invitation.pair, request.interactive ? undefined : { teaches: request.teaches, learns: request.learns });
    return deps.partners.partners.find((p) => same(p.login));
  }
  const existing = deps.partners.partners.find((p) => same(p.login) && p.pair);
  if (existing?.pair) {
    const what = existing.pair.status === 'invited' ? 'Your invitation to' : 'You are already paired with';
    void vscode.window.showInformationMessage(`${what} @${canonical} is on GitHub (${existing.pair.status}).`);
    return existing;
  }
  const topics = await myTopics(request, canonical);
  if (!topics) return undefined;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const repo = parseRepo(request.repository ?? settings.exchangeRepository(folder), me.host);
  if (!repo) {
    if (!deps.partners.inSetting(canonical)) await deps.partners.add({ login: canonical, teaches: [], learns: [] });
    deps.log.info(`paired with @${canonical} in the setting only: no ${Setting.exchangeRepository.key} to send the invitation to`);
    void vscode.window.showWarningMessage(
      `Paired with @${canonical} in this editor only. Set ${Setting.exchangeRepository.key} (owner/name) so Mutual Mentor can send @${canonical} the invitation on GitHub.`,
    );
    return deps.partners.partners.find((p) => same(p.login));
  }
  try {
    const pair = await deps.pairs.invite(repo, canonical, topics);
    if (!deps.partners.inSetting(canonical)) await deps.partners.add({ login: canonical, teaches: [], learns: [] });
    void vscode.window.showInformationMessage(`Invitation sent to @${canonical} (${repo.owner}/${repo.name}#${pair.number}). You can ask them right away.`);
  } catch (error) {
    const problem = describeProblem(error, me.host);
    deps.log.warn(`the invitation to @${canonical} was not sent: ${problem.message}`);
    void vscode.window.showErrorMessage(`The invitation to @${canonical} was not sent: ${problem.message}`);
    return undefined;
  }
  return deps.partners.partners.find((p) => same(p.login));
}
