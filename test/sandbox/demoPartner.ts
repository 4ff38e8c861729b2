// The scripted demo partner (`--seed demo` only; never in tests unless a test starts it): when
// someone asks it about code — a review comment or issue carrying an ask marker that addresses it —
// it answers after a short delay through the sandbox's REST API with its own token, on the ask's
// topic (read from its question, marker topic and quoted or linked lines; demoAnswers.ts), engaging
// with the quoted lines (a ```suggestion block on review comments), and every other time asks
// something back (demoQuestions.ts: each question once, then no more), so the two-way flow can be
// seen without a second person. Every reply says it is scripted.
import { Octokit } from 'octokit';
import { fenced } from '../../src/core/asks/compose';
import { formatMarker, scanMarkers } from '../../src/core/marker';
import { Answers, permalinkIn, readAsk, type Answer, type Insight } from './demoAnswers';
import { KataQuestions } from './demoQuestions';
import type { Sandbox } from './server';
import type { Issue, ReviewComment, SandboxEvent, User } from './state';

const SIGNATURE = '_Scripted demo partner: this reply was written by the GitHub sandbox, not by a person._';

/** The quoted lines with an explanatory comment above the first one, at its indentation. */
export function suggestionFor(lines: readonly string[], insight: Insight): string {
  const first = lines[0] ?? '';
  const indent = first.slice(0, first.length - first.trimStart().length);
  return [`${indent}// ${insight.comment}`, ...lines].join('\n');
}

/** Whether a `//` comment fits the code: TypeScript or JavaScript by file extension or fence language. */
function takesSlashComments(pathOrLanguage: string): boolean {
  const dot = pathOrLanguage.lastIndexOf('.');
  return ['', 'ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs', 'typescript', 'javascript'].includes(pathOrLanguage.slice(dot + 1).toLowerCase());
}

export class DemoPartner {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly answered = new Set<string>();
  private answers = 0;
  private readonly replies = new Answers();
  private readonly questions = new KataQuestions();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly sandbox: Sandbox,
    private readonly me: User,
    private readonly options: { replyDelayMs: number },
  ) {}

  start(): void {
    this.unsubscribe = this.sandbox.state.on((event) => this.onEvent(event));
  }

  stop(): void {
    this.unsubscribe?.();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private client(): Octokit {
    return new Octokit({ auth: this.me.token, baseUrl: this.sandbox.url, retry: { enabled: false }, throttle: { enabled: false } });
  }

  private later(work: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      work().catch((error: unknown) => console.error('demo partner:', error instanceof Error ? error.message : error));
    }, this.options.replyDelayMs);
    this.timers.add(timer);
  }

  /** The id of a new ask addressed to me in this body, if any. */
  private askFor(body: string, author: User, issue: Issue): string | undefined {
    if (author.id === this.me.id) return undefined;
    const ask = scanMarkers(body).markers.find((m) => m.kind === 'ask');
    if (!ask || this.answered.has(ask.id)) return undefined;
    const addressed = new RegExp(`@${this.me.login}\\b`, 'i').test(body) || issue.pull?.requestedReviewers.some((u) => u.id === this.me.id);
    if (!addressed) return undefined;
    this.answered.add(ask.id);
    return ask.id;
  }

  private onEvent(event: SandboxEvent): void {
    if (event.type === 'review_comment' && !event.comment.inReplyTo && this.askFor(event.comment.body, event.actor, event.comment.pull)) {
      const comment = event.comment;
      this.later(() => this.answerReviewComment(comment));
    } else if (event.type === 'issue_comment' && this.askFor(event.comment.body, event.actor, event.comment.issue)) {
      const { issue, body } = event.comment;
      this.later(() => this.answerIssue(issue, body));
    } else if (event.type === 'issue' && this.askFor(event.issue.body ?? '', event.actor, event.issue)) {
      const issue = event.issue;
      this.later(() => this.answerIssue(issue, issue.body ?? ''));
    }
  }

  private async answerReviewComment(comment: ReviewComment): Promise<void> {
    const { repo } = comment.pull;
    const file = await this.sandbox.git.fileAt(repo.gitDir, comment.commitId, comment.path);
    const last = comment.line ?? 1;
    const first = comment.startLine ?? last;
    const lines = comment.subjectType === 'file' || !file ? [] : file.split('\n').slice(first - 1, last);
    const ask = readAsk(comment.body);
    // A file-level comment quotes its lines in the body instead.
    const answer = this.replies.next({ ...ask, code: [lines.join('\n'), ask.code].join('\n') });
    const parts = [opening(answer)];
    if (lines.length > 0 && takesSlashComments(comment.path)) {
      parts.push(`Here is how I would make that visible in the code:\n\n${fenced(suggestionFor(lines, answer.insight), 'suggestion')}`);
    }
    parts.push(...(await this.maybeAskBack()), SIGNATURE);
    await this.client().rest.pulls.createReplyForReviewComment({
      owner: repo.owner.login,
      repo: repo.name,
      pull_number: comment.pull.number,
      comment_id: comment.id,
      body: parts.join('\n\n'),
    });
  }

  private async answerIssue(issue: Issue, body: string): Promise<void> {
    const ask = readAsk(body);
    // An ask in the repository of its code links the lines instead of quoting them.
    const linked = ask.code.trim() ? undefined : await this.linkedLines(body);
    const code = linked?.code ?? ask.code;
    const answer = this.replies.next({ ...ask, code });
    const parts = [opening(answer)];
    if (code.trim() && takesSlashComments(linked?.path ?? ask.language)) {
      parts.push(`Something like:\n\n${fenced(suggestionFor(code.trimEnd().split('\n'), answer.insight), 'ts')}`);
    }
    parts.push(...(await this.maybeAskBack()), SIGNATURE);
    await this.client().rest.issues.createComment({
      owner: issue.repo.owner.login,
      repo: issue.repo.name,
      issue_number: issue.number,
      body: parts.join('\n\n'),
    });
  }

  /** The lines a permalink in the body points to, read from the sandbox's repository. */
  private async linkedLines(body: string): Promise<{ path: string; code: string } | undefined> {
    const link = permalinkIn(body);
    const repo = link && this.sandbox.state.repo(link.owner, link.repo);
    if (!link || !repo) return undefined;
    const file = await this.sandbox.git.fileAt(repo.gitDir, link.sha, link.path).catch(() => undefined);
    return file === undefined
      ? undefined
      : {
          path: link.path,
          code: file
            .split('\n')
            .slice(link.startLine - 1, link.endLine)
            .join('\n'),
        };
  }

  /**
   * Every second answer, the partner opens an ask of its own to the asker (the two-way street):
   * each of its questions once; when they are all asked, it stops asking.
   */
  private async maybeAskBack(): Promise<string[]> {
    this.answers++;
    if (this.answers % 2 === 1) return [];
    const kata = this.sandbox.state.repo(this.me.login, 'type-kata');
    if (!kata) return [];
    const next = this.questions.next();
    if (!next) return [];
    const asker = [...kata.collaborators][0] ?? 'ada';
    const body = [`@${asker} ${next.question} What do you think?`, `From \`${next.path}\`:\n\n\`\`\`ts\n${next.code}\n\`\`\``, SIGNATURE].join('\n\n');
    const marker = formatMarker({ v: 1, kind: 'ask', id: crypto.randomUUID(), topic: next.topic });
    const { data } = await this.client().rest.issues.create({
      owner: this.me.login,
      repo: kata.name,
      title: next.title,
      body: `${body}\n\n${marker}`,
    });
    return [`By the way, I have a question for you too: ${data.html_url}`];
  }
}

function opening(answer: Answer): string {
  return `${answer.opener} ${answer.insight.explanation}`;
}
