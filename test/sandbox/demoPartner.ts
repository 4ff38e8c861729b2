// The scripted demo partner (`--seed demo` only; never in tests unless a test starts it): when
// someone asks it about code — a review comment or issue carrying an ask marker that addresses it —
// it answers after a short delay through the sandbox's REST API with its own token, engaging with
// the quoted lines (a ```suggestion block on review comments), and every other time asks something
// back, so the two-way flow can be seen without a second person. Every reply says it is scripted.
import { Octokit } from 'octokit';
import { formatMarker, scanMarkers } from '../../src/core/marker';
import type { Sandbox } from './server';
import type { Issue, ReviewComment, SandboxEvent, User } from './state';

const SIGNATURE = '_Scripted demo partner: this reply was written by the GitHub sandbox, not by a person._';

interface Insight {
  readonly explanation: string;
  readonly comment: string;
}

const insights: readonly [RegExp, Insight][] = [
  [/keys\(\)\.next\(\)/, {
    explanation: 'A `Map` iterates in insertion order, and `get` re-inserts what it reads, so the first key is always the least recently used one. A `while` instead of `if` would also cover a capacity lowered at run time.',
    comment: 'Map iteration follows insertion order: the first key is the least recently used.',
  }],
  [/expires/, {
    explanation: 'Comparing with `<=` makes an entry with a zero time-to-live unreadable at once, which is what a caller would expect. Keeping `now` injectable is the right call: the test needs no timers.',
    comment: 'Expired entries are dropped on read, so a zero TTL never returns a value.',
  }],
  [/delete\((key|oldest)\)/, {
    explanation: 'Deleting before setting is what moves the key to the end of the insertion order — without it `set` on an existing key would keep its old position.',
    comment: 'Delete first so the key moves to the most recently used end.',
  }],
];

const fallback: Insight = {
  explanation: 'I would pin this down with a small test of the boundary first: what should happen with the smallest input, and with one more than the limit?',
  comment: 'TODO: cover the boundary case with a test.',
};

export function insightFor(code: string): Insight {
  return insights.find(([pattern]) => pattern.test(code))?.[1] ?? fallback;
}

/** The quoted lines with an explanatory comment above the first one, at its indentation. */
export function suggestionFor(lines: readonly string[], insight: Insight): string {
  const first = lines[0] ?? '';
  const indent = /^\s*/.exec(first)?.[0] ?? '';
  return [`${indent}// ${insight.comment}`, ...lines].join('\n');
}

export class DemoPartner {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly answered = new Set<string>();
  private answers = 0;
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
    const insight = insightFor(lines.join('\n'));
    const parts = [`Good question! ${insight.explanation}`];
    if (lines.length > 0) parts.push(`Here is how I would make that visible in the code:\n\n\`\`\`suggestion\n${suggestionFor(lines, insight)}\n\`\`\``);
    parts.push(...(await this.maybeAskBack()), SIGNATURE);
    await this.client().rest.pulls.createReplyForReviewComment({
      owner: repo.owner.login, repo: repo.name, pull_number: comment.pull.number, comment_id: comment.id, body: parts.join('\n\n'),
    });
  }

  private async answerIssue(issue: Issue, body: string): Promise<void> {
    const code = /```[\w-]*\n([\s\S]*?)```/.exec(body)?.[1] ?? '';
    const insight = insightFor(code);
    const lines = code.replace(/\n$/, '').split('\n').filter((l, i, all) => l.length > 0 || i < all.length - 1);
    const parts = [`Good question! ${insight.explanation}`];
    if (code) parts.push(`Something like:\n\n\`\`\`ts\n${suggestionFor(lines, insight)}\n\`\`\``);
    parts.push(...(await this.maybeAskBack()), SIGNATURE);
    await this.client().rest.issues.createComment({ owner: issue.repo.owner.login, repo: issue.repo.name, issue_number: issue.number, body: parts.join('\n\n') });
  }

  /** Every second answer, the partner opens an ask of its own to the asker (the two-way street). */
  private async maybeAskBack(): Promise<string[]> {
    this.answers++;
    if (this.answers % 2 === 1) return [];
    const kata = this.sandbox.state.repo(this.me.login, 'type-kata');
    if (!kata) return [];
    const asker = [...kata.collaborators][0] ?? 'ada';
    const body = [
      `@${asker} I'm stuck on this one — why does the \`as\` clause in a mapped type drop keys when it yields \`never\`? What do you think?`,
      '```ts\nexport type PickByValue<T, V> = {\n  [K in keyof T as T[K] extends V ? K : never]: T[K];\n};\n```',
      SIGNATURE,
    ].join('\n\n');
    const marker = formatMarker({ v: 1, kind: 'ask', id: crypto.randomUUID(), topic: 'typescript' });
    const { data } = await this.client().rest.issues.create({
      owner: this.me.login, repo: kata.name, title: 'Stuck on: key remapping in mapped types', body: `${body}\n\n${marker}`,
    });
    return [`By the way, I have a question for you too: ${data.html_url}`];
  }
}
