// Anchoring a review comment to a pull request's real diff the way GitHub does: `line`/`side`,
// multi-line ranges (`start_line`/`start_side`), the deprecated `position`, file-level comments,
// and `commit_id`. Problems come back in GitHub's words; the single-comment endpoint reports them
// as field errors ("Validation Failed"), the create-review endpoint as sentences ("Unprocessable Entity").
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { diffHunkUpTo, findDiffLine, type DiffLine, type FileDiff, type Hunk } from '../git';
import { HttpError, validationFailed, type Ctx, type Handler, type Router } from '../http';
import type { Issue, Repo, Side } from '../state';
import { pullIn, readableRepo, repoById } from './access';

const exec = promisify(execFile);

/** Runs git in a bare repository; `ok` is false (with stdout kept) when git exits non-zero. */
export async function runGit(gitDir: string, args: readonly string[]): Promise<{ ok: boolean; stdout: string }> {
  try {
    const { stdout } = await exec('git', args as string[], { cwd: gitDir, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
    return { ok: true, stdout };
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string };
    if (typeof e.code !== 'number') throw error;
    return { ok: false, stdout: e.stdout ?? '' };
  }
}

/** The repository of a route, addressed as `/repos/{owner}/{repo}` or `/repositories/{id}` (GitHub's Link form). */
export function repoOf(ctx: Ctx): Repo {
  return ctx.params.id !== undefined ? repoById(ctx) : readableRepo(ctx);
}

export function pullOf(ctx: Ctx): Issue {
  return pullIn(repoOf(ctx), ctx.params.pull_number);
}

/** Registers a repository route under both addresses GitHub answers to. */
export function repoRoute(router: Router, method: string, suffix: string, handler: Handler): void {
  router.add(method, `/repos/:owner/:repo${suffix}`, handler);
  router.add(method, `/repositories/:id${suffix}`, handler);
}

/** Where GitHub's Link headers point for a repository list. */
export function repoLinkPath(repo: Repo, suffix: string): string {
  return `/repositories/${repo.id}${suffix}`;
}

/** The commits of a pull request up to `head`, oldest first (what GitHub counts as its commits). */
export async function pullCommits(ctx: Ctx, pull: Issue, head = pull.pull!.headSha): Promise<string[]> {
  const base = await ctx.services.git.mergeBase(pull.repo.gitDir, pull.pull!.baseSha, head);
  const { stdout } = await runGit(pull.repo.gitDir, ['rev-list', '--reverse', `${base}..${head}`]);
  return stdout.split('\n').filter(Boolean);
}

/** One thing wrong with an anchor: the `pull_request_review_thread` attribute and GitHub's message for it. */
export interface AnchorProblem {
  readonly attribute: 'line' | 'start_line' | 'path' | 'diff_hunk' | 'commit_id' | 'side' | 'start_side';
  readonly message: string;
}

const LINE_NOT_IN_DIFF: AnchorProblem[] = [
  { attribute: 'line', message: 'must be part of the diff' },
  { attribute: 'diff_hunk', message: "can't be blank" },
];

/** The 422 of POST /pulls/{n}/comments: field errors, as GitHub's single-comment endpoint sends them. */
export function commentAnchorError(problems: readonly AnchorProblem[]): HttpError {
  const first = problems[0];
  if (first.attribute === 'commit_id') {
    return validationFailed([
      { resource: 'PullRequestReviewComment', code: 'invalid', field: 'commit_id', message: 'commit_id is not part of the pull request' },
    ]);
  }
  const message = first.attribute === 'line' ? 'could not be resolved' : first.message;
  return validationFailed([{ resource: 'PullRequestReviewComment', code: 'custom', field: `pull_request_review_thread.${first.attribute}`, message }]);
}

/** Rails' `to_sentence`, which GitHub uses to join error messages. */
function toSentence(items: readonly string[]): string {
  if (items.length <= 2) return items.join(' and ');
  return `${items.slice(0, -1).join(', ')}, and ${items[items.length - 1]}`;
}

/** The 422 of POST /pulls/{n}/reviews: one joined sentence, as GitHub's create-review endpoint sends it. */
export function reviewAnchorError(problems: readonly AnchorProblem[]): HttpError {
  const sentences = problems.map((p) =>
    p.attribute === 'commit_id' ? 'commit_id is not part of the pull request' : `Pull request review thread ${p.attribute.replace('_', ' ')} ${p.message}`,
  );
  return new HttpError(422, 'Unprocessable Entity', { errors: [toSentence([...new Set(sentences)])] });
}

export interface AnchorInput {
  readonly path?: unknown;
  readonly line?: unknown;
  readonly side?: unknown;
  readonly start_line?: unknown;
  readonly start_side?: unknown;
  readonly position?: unknown;
  readonly subject_type?: unknown;
}

export interface Anchor {
  readonly path: string;
  readonly subjectType: 'line' | 'file';
  readonly line: number | null;
  readonly side: Side | null;
  readonly startLine: number | null;
  readonly startSide: Side | null;
  readonly position: number | null;
  readonly originalPosition: number;
  readonly diffHunk: string;
}

/** How an endpoint reports a malformed field (missing, or not of the documented type/enum). */
export type Malformed = (field: string, code: 'missing_field' | 'invalid') => HttpError;

/** POST /pulls/{n}/comments: GitHub's field errors. */
export const commentMalformed: Malformed = (field, code) => validationFailed([{ resource: 'PullRequestReviewComment', code, field }]);

/** POST /pulls/{n}/reviews: GitHub's request-schema message (its 422 there carries no field objects). */
export const reviewMalformed: Malformed = (field, code) =>
  new HttpError(422, `Invalid request.\n\n${code === 'missing_field' ? `"${field}" wasn't supplied.` : `Invalid value for "${field}".`}`);

function sideOf(value: unknown, field: 'side' | 'start_side', malformed: Malformed): Side {
  if (value === undefined || value === null) return 'RIGHT';
  if (value === 'LEFT' || value === 'RIGHT') return value;
  throw malformed(field, 'invalid');
}

function positiveInt(value: unknown, field: string, malformed: Malformed): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw malformed(field, 'invalid');
  return value;
}

function atPosition(file: FileDiff, position: number): { hunk: Hunk; line: DiffLine } | undefined {
  for (const hunk of file.hunks) for (const line of hunk.lines) if (line.position === position) return { hunk, line };
  return undefined;
}

/**
 * Places a comment on the diff `files` (base...commit). Malformed input (a missing `path`, a `side`
 * that is not LEFT or RIGHT) throws a validation error; a place that is not in the diff comes back as problems.
 */
export function resolveAnchor(files: readonly FileDiff[], input: AnchorInput, malformed: Malformed): Anchor | AnchorProblem[] {
  if (typeof input.path !== 'string' || input.path === '') throw malformed('path', 'missing_field');
  const path = input.path;
  const file = files.find((f) => f.filename === path);
  if (input.subject_type === 'file') {
    if (!file) return [{ attribute: 'path', message: 'is invalid' }];
    // GitHub gives file-level threads a side and an original position (non-null in its GraphQL schema).
    return { path, subjectType: 'file', line: null, side: 'RIGHT', startLine: null, startSide: null, position: null, originalPosition: 1, diffHunk: '' };
  }
  let side = sideOf(input.side, 'side', malformed);
  let line = positiveInt(input.line, 'line', malformed);
  let end: { hunk: Hunk; line: DiffLine } | undefined;
  if (line === undefined) {
    const position = positiveInt(input.position, 'position', malformed);
    if (position === undefined) throw malformed('line', 'missing_field');
    end = file && atPosition(file, position);
    if (!end) return LINE_NOT_IN_DIFF;
    side = end.line.kind === '-' ? 'LEFT' : 'RIGHT';
    line = (side === 'LEFT' ? end.line.oldLine : end.line.newLine) ?? 0;
  } else {
    end = file && findDiffLine(file, line, side);
    if (!end) return LINE_NOT_IN_DIFF;
  }
  const startLine = positiveInt(input.start_line, 'start_line', malformed);
  let startSide: Side | null = null;
  if (startLine !== undefined) {
    startSide = sideOf(input.start_side, 'start_side', malformed);
    const start = findDiffLine(file!, startLine, startSide);
    if (!start || start.hunk !== end.hunk) return [{ attribute: 'start_line', message: 'must be part of the same hunk as the line.' }];
    if (start.line.position >= end.line.position) return [{ attribute: 'start_line', message: 'must precede the end line.' }];
  }
  return {
    path,
    subjectType: 'line',
    line,
    side,
    startLine: startLine ?? null,
    startSide,
    position: end.line.position,
    originalPosition: end.line.position,
    diffHunk: diffHunkUpTo(end.hunk, end.line),
  };
}

/**
 * The commit a comment is made on: `commit_id` (a full or abbreviated sha) when it is one of the pull
 * request's commits, else the head. Undefined when the commit is not part of the pull request.
 */
export async function commentCommit(ctx: Ctx, pull: Issue, commitId: unknown): Promise<string | undefined> {
  if (commitId === undefined || commitId === null || commitId === '') return pull.pull!.headSha;
  if (typeof commitId !== 'string' || !/^[0-9a-f]{4,40}$/i.test(commitId)) return undefined;
  const sha = await ctx.services.git.resolve(pull.repo.gitDir, commitId);
  if (!sha) return undefined;
  return (await pullCommits(ctx, pull)).includes(sha) ? sha : undefined;
}

/** The diff a comment on `commit` is placed on: the pull request's base...commit, from git. */
export function diffAt(ctx: Ctx, pull: Issue, commit: string): Promise<FileDiff[]> {
  return ctx.services.git.diff(pull.repo.gitDir, pull.pull!.baseSha, commit);
}
