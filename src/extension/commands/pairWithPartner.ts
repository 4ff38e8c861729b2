// "Mutual Mentor: Pair with Partner…": asks for a GitHub login (or takes it as an argument), checks
// the user exists on the signed-in host, asks what each side teaches (optional), and saves it.
import * as vscode from 'vscode';
import { describeProblem } from '../../core/github/problem';
import { isValidLogin, normalizeLogin, parseTopics, type Partner } from '../../core/partners';
import type { AccountService } from '../account';
import type { PartnersService } from '../partners';

export interface PairDeps {
  readonly account: AccountService;
  readonly partners: PartnersService;
  readonly log: vscode.LogOutputChannel;
}

/** Returns the partner that was saved, or undefined when the user cancelled or the check failed. */
export async function pairWithPartner(deps: PairDeps, loginArg?: unknown): Promise<Partner | undefined> {
  const { account } = deps;
  await account.whenSettled();
  const client = account.client;
  const me = account.account;
  if (!client || me?.state !== 'signedIn') {
    const why = me?.state === 'signedOut' ? ` ${me.problem}` : ' Set MUTUAL_MENTOR_GITHUB_TOKEN (see the README).';
    void vscode.window.showErrorMessage(`Mutual Mentor is not signed in to GitHub, so it cannot check a partner's login.${why}`);
    return undefined;
  }
  const interactive = typeof loginArg !== 'string';
  const typed = interactive
    ? await vscode.window.showInputBox({
        title: 'Pair with Partner',
        prompt: `GitHub login of the person you want to mentor with on ${me.host}`,
        placeHolder: 'octocat',
        ignoreFocusOut: true,
        validateInput: (v) => (isValidLogin(normalizeLogin(v)) ? undefined : 'Not a GitHub login: letters, digits and single hyphens, up to 39 characters.'),
      })
    : loginArg;
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
  const teaches = interactive
    ? await vscode.window.showInputBox({
        title: `Pair with @${canonical}`,
        prompt: `Topics @${canonical} can teach you (optional, comma-separated)`,
        placeHolder: 'testing, rust',
        ignoreFocusOut: true,
      })
    : '';
  if (teaches === undefined) return undefined;
  const learns = interactive
    ? await vscode.window.showInputBox({
        title: `Pair with @${canonical}`,
        prompt: `Topics @${canonical} wants to learn from you (optional, comma-separated)`,
        placeHolder: 'typescript',
        ignoreFocusOut: true,
      })
    : '';
  if (learns === undefined) return undefined;
  const partner: Partner = { login: canonical, teaches: parseTopics(teaches), learns: parseTopics(learns) };
  await deps.partners.add(partner);
  deps.log.info(`paired with @${canonical}`);
  void vscode.window.showInformationMessage(`Paired with @${canonical}. Select code you are stuck on to ask them about it.`);
  return partner;
}
