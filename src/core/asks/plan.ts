// An ask planned but not yet posted: where it goes on GitHub (ARCHITECTURE.md §Where an ask goes),
// why, and what code it shows. Plain data that survives JSON, so the outbox can keep it and a retry
// posts exactly what the user was shown.
import type { AskTarget, CodeAnchor, RepoRef } from '../model';
import type { LineRange } from '../git/diff';
import { trimEndChar } from '../strings';

/** What the user typed: the question, who it is for, its topic, and the client id of its marker. */
export interface AskInput {
  /** Client-generated UUID; ends up in the body's hidden marker. */
  readonly id: string;
  /** The partner's GitHub login. */
  readonly partner: string;
  /** Markdown, possibly several lines. */
  readonly question: string;
  readonly topic?: string;
}

/** The selected code as the asker sees it in the editor (the working copy). */
export interface Selection {
  /** Repository-relative, forward slashes. */
  readonly path: string;
  /** Working-copy lines, 1-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  /** The selected lines' text. */
  readonly text: string;
}

/** The code an ask shows, and how. */
export interface PlannedCode {
  readonly path: string;
  /** The working-copy lines that were selected. */
  readonly lines: LineRange;
  /** The selected text, quoted when `quote` is set. */
  readonly snippet: string;
  /** committed: as at HEAD; edited: the selection has uncommitted changes; uncommitted: none of it is committed. */
  readonly status: 'committed' | 'edited' | 'uncommitted';
  /** The repository and commit the code was read at (the local HEAD), when there is a GitHub remote. */
  readonly repo?: RepoRef;
  readonly commit: string;
  /** GitHub has the commit. */
  readonly pushed: boolean;
  /** Link to the committed lines, when GitHub has them, and which lines those are at `commit`. */
  readonly permalink?: string;
  readonly linkedLines?: LineRange;
  /** Quote the snippet in the body (no link, uncommitted edits, or a link GitHub will not show inline). */
  readonly quote: boolean;
}

export interface AskPlan extends AskInput {
  readonly target: AskTarget;
  /** The label exchanges carry. */
  readonly label: string;
  /** For review and file comments: `commit_id`, the pull request head the comment is placed at. */
  readonly commitId?: string;
  /** For review and file comments: the file's path in the pull request. */
  readonly path?: string;
  /** The author of the pull request the ask goes to: a review cannot be requested from them. */
  readonly pullAuthor?: string;
  readonly code?: PlannedCode;
  /** The anchor kept in the store (lines at `commit`), when the code is committed on a GitHub repository. */
  readonly anchor?: CodeAnchor;
  /** Why the ask goes where it goes, in words the user is shown before posting. */
  readonly reason: string;
  /** Anything else the user should know before posting (e.g. uncommitted edits in the selection). */
  readonly notes: readonly string[];
}

/** A link to lines of a file at a commit: <web>/<owner>/<repo>/blob/<commit>/<path>#L<start>-L<end>. */
export function permalink(webUrl: string, repo: RepoRef, commit: string, path: string, lines: LineRange): string {
  const encoded = path
    .split('/')
    .map((s) => encodeURIComponent(s).replace(/\(/g, '%28').replace(/\)/g, '%29'))
    .join('/');
  const range = lines.startLine === lines.endLine ? `L${lines.startLine}` : `L${lines.startLine}-L${lines.endLine}`;
  return `${trimEndChar(webUrl, '/')}/${repo.owner}/${repo.name}/blob/${commit}/${encoded}#${range}`;
}

/** Two repositories are the same (hosts and names compare case-insensitively, as on GitHub). */
export function sameRepo(a: RepoRef | undefined, b: RepoRef | undefined): boolean {
  if (!a || !b) return false;
  const key = (r: RepoRef) => `${r.host}/${r.owner}/${r.name}`.toLowerCase();
  return key(a) === key(b);
}
