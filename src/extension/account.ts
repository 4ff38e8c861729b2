// Who Mutual Mentor is signed in as. For now the token comes from the environment
// (MUTUAL_MENTOR_GITHUB_TOKEN — how the demo and automated runs sign in); VS Code's GitHub sign-in
// and tokens in secret storage join it. The API URL comes from the machine-scoped setting
// `mutualMentor.github.apiUrl` (a workspace cannot redirect the token to another host).
import * as vscode from 'vscode';
import { createGitHubClient, describeProblem, fetchViewer, type GitHubClient } from '../core/github/client';
import { displayHost, normalizeApiUrl } from '../core/github/hosts';
import type { AccountView } from '../shared/webviewProtocol';
import { Disposable } from './disposable';

export const TOKEN_ENV = 'MUTUAL_MENTOR_GITHUB_TOKEN';
const API_URL_SETTING = 'mutualMentor.github.apiUrl';

export class AccountService extends Disposable {
  private current: AccountView | null = null;
  private currentClient: GitHubClient | undefined;
  private settled: Promise<void> = Promise.resolve();
  private readonly changed = this._register(new vscode.EventEmitter<AccountView | null>());
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly userAgent: string,
  ) {
    super();
    this._register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(API_URL_SETTING)) this.refresh();
    }));
  }

  get account(): AccountView | null {
    return this.current;
  }

  /** The client of the signed-in account; undefined while signed out. */
  get client(): GitHubClient | undefined {
    return this.current?.state === 'signedIn' ? this.currentClient : undefined;
  }

  /** Resolves when the latest refresh has finished. */
  whenSettled(): Promise<void> {
    return this.settled;
  }

  /** Checks the token against the host in the background; the views update when it answers. */
  refresh(): void {
    this.settled = this.check().then((account) => {
      this.current = account;
      this.changed.fire(account);
    });
  }

  private async check(): Promise<AccountView | null> {
    const token = process.env[TOKEN_ENV];
    if (!token) return null;
    let apiUrl: string;
    try {
      apiUrl = normalizeApiUrl(vscode.workspace.getConfiguration().get<string>(API_URL_SETTING));
    } catch (error) {
      const problem = `the setting ${API_URL_SETTING} is not a valid URL (${error instanceof Error ? error.message : String(error)})`;
      this.log.error(problem);
      return { state: 'signedOut', host: 'GitHub', problem };
    }
    const host = displayHost(apiUrl);
    const client = createGitHubClient({ apiUrl, token, userAgent: this.userAgent, log: (m) => this.log.warn(m) });
    try {
      const viewer = await fetchViewer(client);
      this.currentClient = client;
      this.log.info(`signed in to ${host} as @${viewer.login}`);
      return { state: 'signedIn', login: viewer.login, host };
    } catch (error) {
      const problem = describeProblem(error, host);
      this.log.warn(`not signed in to ${host}: ${problem.message}`);
      return { state: 'signedOut', host, problem: problem.message };
    }
  }
}
