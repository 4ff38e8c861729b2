// Where an ask goes (ARCHITECTURE.md §Where an ask goes), decided by pure functions over the local
// git facts and the open pull request's diff:
//   selection inside a diff hunk of the branch's open PR → review comment on the lines at the PR head
//   selection in a PR file, outside the diff            → file-level review comment, lines quoted and linked
//   no PR, branch not pushed, or file not in the PR     → issue in the exchange repository
//   a whole PR                                           → label + review request + a comment on the PR
import { DEFAULT_LABEL, type CodeAnchor, type RepoRef } from '../model';
import { describeLocalEdits, hunkHolding, parseHunks, type LineRange, type LocalEdits } from '../git/diff';
import { permalink, sameRepo, type AskInput, type AskPlan, type PlannedCode, type Selection } from './plan';

/** The open pull request of the branch, with its files at `headSha`. */
export interface PullSnapshot {
  readonly repo: RepoRef;
  readonly number: number;
  readonly headSha: string;
  readonly author: string;
  readonly url: string;
  readonly files: readonly { readonly filename: string; readonly patch?: string }[];
}

/** The repository the local commits are pushed to, and its web base. */
export interface SourceRepo {
  readonly repo: RepoRef;
  readonly webUrl: string;
}

export interface SelectionRouteInput {
  readonly ask: AskInput;
  readonly selection: Selection;
  readonly edits: LocalEdits;
  /** The local HEAD commit, and whether GitHub has it. */
  readonly head: string;
  readonly headPushed: boolean;
  readonly branch?: string;
  readonly source?: SourceRepo;
  readonly pull?: PullSnapshot;
  /** Where asks with no pull request go (setting). */
  readonly exchange?: RepoRef;
  readonly label?: string;
}

export type RouteResult = { readonly ok: true; readonly plan: AskPlan } | { readonly ok: false; readonly reason: string };

const short = (sha: string) => sha.slice(0, 7);

/** A review cannot be requested from a pull request's author; they are mentioned (and notified) anyway. */
function reviewWords(partner: string, author: string): string {
  return partner.toLowerCase() === author.toLowerCase()
    ? `mentioning @${partner} (the pull request's author), and the pull request is labelled`
    : `@${partner} is requested as reviewer and the pull request is labelled`;
}

function basics(ask: AskInput, label: string | undefined): Pick<AskPlan, 'id' | 'partner' | 'question' | 'topic' | 'label'> {
  const topic = ask.topic?.trim();
  return { id: ask.id, partner: ask.partner, question: ask.question, ...(topic ? { topic } : {}), label: label?.trim() || DEFAULT_LABEL };
}

function plannedCode(input: SelectionRouteInput, quote: (linked: boolean) => boolean): { code: PlannedCode; anchor?: CodeAnchor } {
  const { selection, edits, source, head, headPushed } = input;
  const status = edits.state === 'clean' ? 'committed' : edits.headRange ? 'edited' : 'uncommitted';
  const committed: LineRange | undefined = edits.state === 'untracked' ? undefined : edits.headRange;
  const link = source && headPushed && committed ? permalink(source.webUrl, source.repo, head, selection.path, committed) : undefined;
  const code: PlannedCode = {
    path: selection.path,
    lines: { startLine: selection.startLine, endLine: selection.endLine },
    snippet: selection.text,
    status,
    ...(source ? { repo: source.repo } : {}),
    commit: head,
    pushed: headPushed,
    ...(link && committed ? { permalink: link, linkedLines: committed } : {}),
    quote: status !== 'committed' || quote(link !== undefined),
  };
  const anchor =
    source && committed
      ? { repo: source.repo, path: selection.path, commit: head, startLine: committed.startLine, endLine: committed.endLine, snippet: selection.text }
      : undefined;
  return anchor ? { code, anchor } : { code };
}

function localNotes(input: SelectionRouteInput): string[] {
  const note = describeLocalEdits(input.edits, input.selection.path);
  return note ? [note] : [];
}

function toIssue(input: SelectionRouteInput, why: string): RouteResult {
  if (!input.exchange) {
    return {
      ok: false,
      reason: `${why}, and no exchange repository is set for asks without a pull request. Set one (Mutual Mentor: exchange repository), or open a pull request for the branch.`,
    };
  }
  const exchange = input.exchange;
  // GitHub shows a permalink's lines inline only in the same repository; elsewhere they are quoted too.
  const { code, anchor } = plannedCode(input, (linked) => !linked || !sameRepo(input.source?.repo, exchange));
  const plan: AskPlan = {
    ...basics(input.ask, input.label),
    target: { kind: 'issue', repo: exchange },
    code,
    ...(anchor ? { anchor } : {}),
    reason: `${why}, so the ask becomes an issue in ${exchange.owner}/${exchange.name}, mentioning @${input.ask.partner}.`,
    notes: localNotes(input),
  };
  return { ok: true, plan };
}

/** Decides where an ask about selected code goes. */
export function routeSelectionAsk(input: SelectionRouteInput): RouteResult {
  const { pull, selection, head, edits } = input;
  const branch = input.branch ? `branch ${input.branch}` : 'the checked-out commit';
  if (!pull) return toIssue(input, `There is no open pull request for ${branch}`);
  if (!input.headPushed) return toIssue(input, `Your commit ${short(head)} is not pushed yet (its lines are quoted)`);
  const file = pull.files.find((f) => f.filename === selection.path);
  if (!file) return toIssue(input, `${selection.path} is not changed in pull request #${pull.number}`);

  const common = { ...basics(input.ask, input.label), commitId: pull.headSha, path: selection.path, pullAuthor: pull.author, notes: localNotes(input) };
  const atHead = pull.headSha === head;
  const hunk = atHead && edits.state !== 'untracked' && edits.headRange ? hunkHolding(parseHunks(file.patch ?? ''), edits.headRange) : undefined;
  if (hunk && edits.headRange) {
    const { startLine, endLine } = edits.headRange;
    const { code, anchor } = plannedCode(input, () => false);
    return {
      ok: true,
      plan: {
        ...common,
        target: { kind: 'reviewComment', repo: pull.repo, pull: pull.number, line: endLine, ...(startLine < endLine ? { startLine } : {}), side: 'RIGHT' },
        code,
        ...(anchor ? { anchor } : {}),
        reason: `The lines are in the diff of pull request #${pull.number}, so the ask becomes a review comment on them, ${reviewWords(input.ask.partner, pull.author)}.`,
      },
    };
  }
  const { code, anchor } = plannedCode(input, () => true);
  const why = atHead
    ? `The lines are in ${selection.path}, a file of pull request #${pull.number}, but outside its diff`
    : `Your checkout (${short(head)}) is not the head of pull request #${pull.number} (${short(pull.headSha)})`;
  return {
    ok: true,
    plan: {
      ...common,
      target: { kind: 'fileComment', repo: pull.repo, pull: pull.number, path: selection.path },
      code,
      ...(anchor ? { anchor } : {}),
      reason: `${why}, so the ask becomes a comment on the file, quoting the lines${code.permalink ? ' with a link' : ''}, mentioning @${input.ask.partner}.`,
    },
  };
}

/** A whole pull request as the ask: label, review request, and a comment carrying the question. */
export function routePullRequestAsk(input: { ask: AskInput; pull: { repo: RepoRef; number: number; author: string }; label?: string }): AskPlan {
  const { pull } = input;
  return {
    ...basics(input.ask, input.label),
    target: { kind: 'pullRequest', repo: pull.repo, pull: pull.number },
    pullAuthor: pull.author,
    reason: `The question goes to pull request #${pull.number} as a comment, ${reviewWords(input.ask.partner, pull.author)}.`,
    notes: [],
  };
}

/**
 * The file-level ask a review comment falls back to when GitHub refuses its lines (the head moved and
 * they are no longer in the diff): the same code, quoted and linked, on the file at the current head.
 */
export function fileLevelFallback(plan: AskPlan, headSha: string): AskPlan {
  if (plan.target.kind !== 'reviewComment' || !plan.path) return plan;
  const { pull, repo } = plan.target;
  const code = plan.code && { ...plan.code, quote: true };
  return {
    ...plan,
    target: { kind: 'fileComment', repo, pull, path: plan.path },
    commitId: headSha,
    ...(code ? { code } : {}),
    reason: `Pull request #${pull} moved on and the lines are no longer in its diff, so the ask became a comment on ${plan.path}, quoting the lines.`,
  };
}
