// Who Mutual Mentor is signed in as, and with which token. Token sources, first that answers:
//  1. MUTUAL_MENTOR_GITHUB_TOKEN in the environment (automation, the demo);
//  2. a token kept in VS Code's secret storage for this API URL ("Sign in with Token…": the
//     sandbox, GitHub Enterprise with a personal access token, any host without OAuth);
//  3. VS Code's `github` (github.com) or `github-enterprise` (github-enterprise.uri) provider —
//     silently at start, with a prompt only when the user asks to sign in.
// The API URL is the machine-scoped setting mutualMentor.github.apiUrl when set; otherwise it
// follows the workspace's git remote (trusted workspaces only), else github.com. A repository's
// remote can never redirect a token: stored tokens are kept per API URL, VS Code's providers serve
// only github.com and the configured GHES, and the environment token is used only with the
// setting. Tokens never reach the log.
import * as vscode from 'vscode';
import type { GitHubClient, pairsOnGitHub } from '../core/github/client';
import { describeProblem, fetchViewer } from '../core/github/problem';
import { readGitContext } from '../core/git/context';
import { authProviderFor, displayHost, GITHUB_API, normalizeApiUrl } from '../core/github/hosts';
import type { AccountView } from '../shared/webviewProtocol';
import { Disposable } from './disposable';
import { errorMessage } from '../core/errors';
import { GITHUB_ENTERPRISE_URI, Setting } from './settingKeys';
import { onDidChangeSettings, settings } from './settings';
import { CommandId } from '../shared/commandIds';

export const TOKEN_ENV = 'MUTUAL_MENTOR_GITHUB_TOKEN';
const SIGNED_OUT_KEY = 'mutualMentor.signedOut';
const SCOPES = ['repo', 'notifications', 'read:user'];

type Source = 'environment' | 'secret storage' | 'github' | 'github-enterprise';

export interface ApiUrl {
  readonly url: string;
  readonly from: 'setting' | 'git remote' | 'default';
}

export class AccountService extends Disposable {
  private current: AccountView | null = null;
  private currentClient: GitHubClient | undefined;
  /** The API URL of the last check, and where it came from. */
  private api: ApiUrl | undefined;
  private settled: Promise<void> = Promise.resolve();
  private readonly changed = this._register(new vscode.EventEmitter<AccountView | null>());
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly userAgent: string,
    private readonly secrets: vscode.SecretStorage,
    private readonly memento: vscode.Memento,
  ) {
    super();
    this._register(onDidChangeSettings([Setting.apiUrl, GITHUB_ENTERPRISE_URI], () => this.refresh()));
    this._register(
      vscode.authentication.onDidChangeSessions((e) => {
        if (e.provider.id === this.provider()) this.refresh();
      }),
    );
    this._register(
      secrets.onDidChange((e) => {
        if (e.key.startsWith('mutualMentor.token:')) this.refresh();
      }),
    );
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.refresh()));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()));
  }

  get account(): AccountView | null {
    return this.current;
  }

  /** The API URL in use and where it came from (after the first check). */
  get apiUrl(): ApiUrl | undefined {
    return this.api;
  }

  /** The client of the signed-in account; undefined while signed out. */
  get client(): GitHubClient | undefined {
    return this.current?.state === 'signedIn' ? this.currentClient : undefined;
  }

  /** Resolves when the latest check has finished. */
  whenSettled(): Promise<void> {
    return this.settled;
  }

  /** Checks the current token against the host in the background, without prompting. */
  refresh(): void {
    this.settled = this.settled.then(() => this.check(false));
  }

  /** Signs in with the host's VS Code provider when it has one, otherwise asks for a token. */
  async signIn(): Promise<boolean> {
    await this.memento.update(SIGNED_OUT_KEY, false);
    if (!this.provider()) return this.signInWithToken();
    this.settled = this.settled.then(() => this.check(true));
    await this.settled;
    return this.current?.state === 'signedIn';
  }

  /** Checks a token (typed, or passed by a caller) against the host and keeps it in secret storage. */
  async signInWithToken(tokenArg?: unknown): Promise<boolean> {
    const apiUrl = (await this.resolveApiUrl())?.url;
    if (!apiUrl) return false;
    const host = displayHost(apiUrl);
    const token =
      typeof tokenArg === 'string'
        ? tokenArg
        : await vscode.window.showInputBox({
            title: `Sign in to ${host}`,
            prompt: `A personal access token for ${host} with the repo, notifications and read:user scopes`,
            password: true,
            ignoreFocusOut: true,
            validateInput: (v) => (v.trim() ? undefined : 'Paste a token, or press Escape to cancel.'),
          });
    if (!token?.trim()) return false;
    try {
      await fetchViewer(await this.makeClient(apiUrl, token.trim()));
    } catch (error) {
      const problem = describeProblem(error, host);
      void vscode.window.showErrorMessage(`Mutual Mentor could not sign in to ${host}: ${problem.message}`);
      return false;
    }
    await this.memento.update(SIGNED_OUT_KEY, false);
    await this.secrets.store(this.secretKey(apiUrl), token.trim()); // onDidChange refreshes too
    this.settled = this.settled.then(() => this.check(false));
    await this.settled;
    return this.current?.state === 'signedIn';
  }

  /** Forgets the stored token and stops using the provider session until the user signs in again. */
  async signOut(): Promise<void> {
    const apiUrl = this.api?.url;
    await this.memento.update(SIGNED_OUT_KEY, true);
    if (apiUrl) await this.secrets.delete(this.secretKey(apiUrl));
    this.settled = this.settled.then(() => this.check(false));
    await this.settled;
  }

  /** The setting when set; else the first workspace folder's git remote (trusted only); else github.com. Undefined: the setting is malformed. */
  private async resolveApiUrl(): Promise<ApiUrl | undefined> {
    const setting = settings.apiUrl();
    if (setting) {
      try {
        return { url: normalizeApiUrl(setting), from: 'setting' };
      } catch {
        return undefined;
      }
    }
    if (vscode.workspace.isTrusted) {
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        if (folder.uri.scheme !== 'file') continue;
        const git = await readGitContext(folder.uri.fsPath).catch(() => undefined);
        if (git?.remote) return { url: git.remote.apiUrl, from: 'git remote' };
      }
    }
    return { url: GITHUB_API, from: 'default' };
  }

  private provider(): 'github' | 'github-enterprise' | undefined {
    const apiUrl = this.api?.url;
    return apiUrl ? authProviderFor(apiUrl, settings.githubEnterpriseUri()) : undefined;
  }

  private secretKey(apiUrl: string): string {
    return `mutualMentor.token:${apiUrl}`;
  }

  /** The pair calls (src/core/pairs/github.ts), which ride in dist/github.cjs with octokit: loaded on first use, as the client is. */
  async pairsApi(): Promise<typeof pairsOnGitHub> {
    return (await import('../core/github/client')).pairsOnGitHub;
  }

  /** octokit is loaded here, the first time a token is checked: dist/github.cjs (esbuild.config.js), not at activation. */
  private async makeClient(apiUrl: string, token: string): Promise<GitHubClient> {
    const { createGitHubClient } = await import('../core/github/client');
    // One quick retry for a blip: sync, watching and the outbox each back off on their own, and octokit's
    // default three retries (1 + 4 + 9 s) only delayed telling the user that GitHub cannot be reached.
    return createGitHubClient({ apiUrl, token, userAgent: this.userAgent, log: (m) => this.log.warn(m), retries: 1 });
  }

  private async findToken(apiUrl: string, configured: boolean, interactive: boolean): Promise<{ token: string; source: Source } | undefined> {
    const env = process.env[TOKEN_ENV];
    if (env && configured) return { token: env, source: 'environment' };
    const signedOut = this.memento.get<boolean>(SIGNED_OUT_KEY, false) && !interactive;
    if (signedOut) return undefined;
    const stored = await this.secrets.get(this.secretKey(apiUrl));
    if (stored) return { token: stored, source: 'secret storage' };
    const provider = this.provider();
    if (!provider) return undefined;
    try {
      const session = await vscode.authentication.getSession(provider, SCOPES, interactive ? { createIfNone: true } : { silent: true });
      return session ? { token: session.accessToken, source: provider } : undefined;
    } catch (error) {
      this.log.warn(`${provider} sign-in did not complete: ${errorMessage(error)}`);
      return undefined;
    }
  }

  private async check(interactive: boolean): Promise<void> {
    const previous = this.current;
    const next = await this.resolve(interactive);
    this.current = next;
    await vscode.commands.executeCommand('setContext', 'mutualMentor.signedIn', next?.state === 'signedIn');
    this.changed.fire(next);
    // A token that stopped working (revoked, expired) is worth interrupting for, once.
    if (next?.state === 'signedOut' && previous?.state === 'signedIn' && /did not accept the token/.test(next.problem)) {
      void vscode.window.showWarningMessage(`Mutual Mentor: ${next.problem}`, 'Sign In').then((choice) => {
        if (choice) void vscode.commands.executeCommand(CommandId.SignIn);
      });
    }
  }

  private async resolve(interactive: boolean): Promise<AccountView> {
    this.api = await this.resolveApiUrl();
    if (!this.api) {
      const problem = `the setting ${Setting.apiUrl.key} is not a valid http(s) URL`;
      this.log.error(problem);
      return { state: 'signedOut', host: 'GitHub', problem };
    }
    const apiUrl = this.api.url;
    const host = displayHost(apiUrl);
    if (this.api.from === 'git remote') this.log.info(`using ${host}, the host of the workspace's git remote`);
    const found = await this.findToken(apiUrl, this.api.from === 'setting', interactive);
    if (!found) {
      this.currentClient = undefined;
      return { state: 'signedOut', host, problem: 'sign in to ask your partners and see their replies.' };
    }
    try {
      const client = await this.makeClient(apiUrl, found.token);
      const viewer = await fetchViewer(client);
      this.currentClient = client;
      this.log.info(`signed in to ${host} as @${viewer.login} (token from ${found.source})`);
      return { state: 'signedIn', login: viewer.login, host };
    } catch (error) {
      this.currentClient = undefined;
      const problem = describeProblem(error, host);
      this.log.warn(`not signed in to ${host}: ${problem.message}`);
      return { state: 'signedOut', host, problem: problem.message };
    }
  }
}
