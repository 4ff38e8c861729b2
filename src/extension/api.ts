import type { AskState } from '../core/exchanges';
import type { Ask } from '../core/model';
import type { PairState, PairView } from '../core/pairs/model';
import type { Partner } from '../core/partners';
import type { SaveState } from '../core/store/store';
import type { AccountView, RepliesViewState } from '../shared/webviewProtocol';

/** One partner's row of the two-way ledger: lessons taught and learned, help given and received. */
export interface LedgerFigures {
  readonly taught: number;
  readonly learned: number;
  readonly helpGiven: number;
  readonly helpReceived: number;
}

/** What `activate()` returns: read by the integration tests and available to other extensions. */
export interface MutualMentorApi {
  /** Wall-clock milliseconds `activate()` took, measured inside it. */
  readonly activationMs: number;
  /** Resolves with the kind of page the Replies view renders next (after its ready handshake). */
  nextRepliesRender(): Promise<RepliesViewState['kind']>;
  /** Number of top-level items in the Exchanges tree. */
  exchangesRootCount(): number;
  /** Your partners as merged from the pairs on GitHub and the setting, with their topics and pair (ARCHITECTURE.md §Pairs). */
  partners(): readonly Partner[];
  /** Invitations to pair waiting for your answer. */
  pairInvitations(): readonly PairView[];
  /** Every pair on GitHub you are a side of, as last read. */
  pairs(): readonly PairState[];
  /** Unsent `ASK:` tags the Exchanges tree lists. */
  unsentTagCount(): number;
  /** The asks the Exchanges tree shows under a partner. */
  asksWith(login: string): readonly Ask[];
  /** How an ask's row in the Exchanges tree looks, or undefined when it is not shown (filtered out, or no such partner). */
  exchangeItem(askId: string):
    | {
        readonly label: string;
        readonly description: string;
        readonly contextValue: string;
        readonly state: AskState;
        /** The row's hover: its markdown source, and whether it may run commands or render HTML. */
        readonly tooltip: { readonly markdown: string; readonly isTrusted: boolean; readonly supportHtml: boolean };
      }
    | undefined;
  /** Unread partner replies in total (the status bar and the Exchanges badge). */
  unreadCount(): number;
  /** Number of inline comment threads shown, once the store is read and the latest update is on screen. */
  inlineThreadCount(): Promise<number>;
  /** The labels of the inline comment threads, e.g. "Asked @grace · 2 replies". */
  inlineThreadLabels(): Promise<string[]>;
  /** Where an ask about code is now (1-based lines; none when lost): worked out afresh, or (resolve false) as edits moved it. */
  askPlace(
    askId: string,
    resolve?: boolean,
  ): Promise<
    { readonly path: string; readonly status: 'exact' | 'moved' | 'changed' | 'lost'; readonly startLine?: number; readonly endLine?: number } | undefined
  >;
  /** The folder of the local store (VS Code's global storage for the extension). */
  storeDir(): string;
  /** Whether the store's changes reach the disk ("failing" with the reason and file while they do not), once it is open. */
  storeSaveState(): Promise<SaveState>;
  /** The notifications poll's interval (GitHub's X-Poll-Interval) as of its last poll, and when the next is allowed (epoch ms). */
  syncSchedule(): Promise<{ readonly intervalSeconds: number; readonly nextPollAt: number } | undefined>;
  /** Whether sync is watching the ask's thread closely now (an awaited ask just sent, open or on screen). */
  isWatched(askId: string): Promise<boolean>;
  /** Who the extension is signed in as, once the check that started at activation has answered. */
  account(): Promise<AccountView | null>;
  /** Checks the token against the host again (as a change of settings or sessions does). */
  refreshAccount(): Promise<AccountView | null>;
  /** The GitHub API URL in use and where it came from: the setting, the workspace's git remote, or the github.com default. */
  /** The ledger's figures with a partner after bringing in what GitHub has (as the Ledger page shows them), or undefined for no such partner. */
  ledgerFigures(partner: string): Promise<LedgerFigures | undefined>;
  githubApi(): { readonly url: string; readonly from: 'setting' | 'git remote' | 'default' } | undefined;
}
