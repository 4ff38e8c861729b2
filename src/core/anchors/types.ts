// The anchor of an ask as the mapper sees it, and where the mapper says it is now.
import type { DiffHunk } from '../git/diff';

/**
 * exact: same lines, same text. moved: same text at other lines. changed: the lines are there but
 * edited (found through the diff, or fuzzily with enough similarity). lost: cannot say where.
 */
export type AnchorStatus = 'exact' | 'moved' | 'changed' | 'lost';

export interface AnchorInput {
  readonly id: string;
  /** Path relative to the repository root, with forward slashes. */
  readonly path: string;
  /** The commit the lines were read at; absent for an anchor with no history (fuzzy only). */
  readonly commit?: string;
  /** 1-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  /** The selected lines as they were when asked. */
  readonly snippet: string;
  /** A few lines just above and below the selection then, which help tell duplicates apart. */
  readonly before?: readonly string[];
  readonly after?: readonly string[];
}

export interface AnchorPlace {
  readonly id: string;
  readonly status: AnchorStatus;
  /** Where the file is now (follows a rename). */
  readonly path: string;
  /** 1-based, inclusive; absent when lost. */
  readonly startLine?: number;
  readonly endLine?: number;
  /** 0–1: 1 for exact and moved, the similarity of the lines for changed. */
  readonly confidence?: number;
}

/** A zero-context hunk (`git diff -U0`) of one file, old → new. */
export type Hunk = DiffHunk;
