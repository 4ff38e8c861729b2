// The domain model shared by the store, the outbox, ask routing and sync (ARCHITECTURE.md §Words).
// Everything here is plain data that survives JSON: it is what the local store keeps.

/** The label exchanges carry on GitHub unless the `mutualMentor.label` setting names another. */
export const DEFAULT_LABEL = 'mentoring';

/** A GitHub repository on a host, e.g. { host: 'github.com', owner: 'ada', name: 'lru-cache' }. */
export interface RepoRef {
  readonly host: string;
  readonly owner: string;
  readonly name: string;
}

/** Where an ask points in the code: the lines the asker selected, at a commit. */
export interface CodeAnchor {
  readonly repo: RepoRef;
  /** Path relative to the repository root, with forward slashes. */
  readonly path: string;
  /** The commit the lines were read at (the PR head, or the local HEAD). */
  readonly commit: string;
  /** 1-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  /** The selected text as it was when asked (what was quoted). */
  readonly snippet: string;
}

/** The GitHub artifact an ask became (ARCHITECTURE.md §Where an ask goes). */
export type AskTarget =
  | {
      readonly kind: 'reviewComment';
      readonly repo: RepoRef;
      readonly pull: number;
      readonly line: number;
      readonly startLine?: number;
      readonly side: 'RIGHT' | 'LEFT';
    }
  | { readonly kind: 'fileComment'; readonly repo: RepoRef; readonly pull: number; readonly path: string }
  | { readonly kind: 'issue'; readonly repo: RepoRef }
  | { readonly kind: 'pullRequest'; readonly repo: RepoRef; readonly pull: number };

/** What GitHub said when the ask was written: enough to find it again and to sync it. */
export interface PostedRef {
  readonly url: string;
  /** GraphQL node id of the comment or issue that carries the ask. */
  readonly nodeId: string;
  readonly databaseId: number;
  /** For review comments: the review thread's node id (replies, resolve). */
  readonly threadNodeId?: string;
  /** For issues: the issue number. */
  readonly number?: number;
}

export type AskDirection = 'sent' | 'received';

/** A review-comment ask's thread as sync last saw it on GitHub. */
export interface AskThreadState {
  readonly resolved: boolean;
  /** The lines the thread sits on changed since it was opened. */
  readonly outdated: boolean;
  /** Where the thread sits at the pull request's head now; line is null when outdated. */
  readonly path?: string;
  readonly line?: number | null;
  readonly startLine?: number | null;
  /** When sync recorded this state (rewritten only when the state changes). */
  readonly syncedAt: string;
}

export interface Ask {
  /** Client-generated UUID, also in the body's hidden marker. */
  readonly id: string;
  readonly direction: AskDirection;
  /** The partner's login: who was asked (sent) or who asked (received). */
  readonly partner: string;
  readonly question: string;
  readonly topic?: string;
  readonly anchor?: CodeAnchor;
  readonly target: AskTarget;
  readonly createdAt: string;
  /** Absent until GitHub acknowledged the write. */
  readonly posted?: PostedRef;
  /** Review-comment asks: the thread's state, once sync has seen it. */
  readonly thread?: AskThreadState;
}

export interface Reply {
  /** GraphQL node id of the comment or review. */
  readonly nodeId: string;
  readonly askId: string;
  readonly author: string;
  readonly kind: 'threadReply' | 'review' | 'issueComment';
  readonly body: string;
  readonly bodyHTML: string;
  readonly createdAt: string;
  readonly url: string;
  /** ```suggestion blocks found in the body, in order. */
  readonly suggestions: readonly string[];
}

/** A write waiting in the outbox (persisted before it is sent). */
export interface OutboxItem {
  /** The client id in the body's marker: how a retry finds out whether an earlier try landed. */
  readonly id: string;
  readonly kind: 'ask' | 'reply' | 'lesson';
  readonly payload: unknown;
  readonly createdAt: string;
  attempts: number;
  lastError?: string;
  /** Epoch ms before which it is not tried again (backoff). */
  notBefore?: number;
}
