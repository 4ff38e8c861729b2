// A mentoring program in the sandbox, written straight into its state (no git, no HTTP), so 1,000 pairs
// and 100,000 ledger events seed in seconds: per pair two users, a repository of the first (the second a
// collaborator) and exchanges labelled `mentoring` — issues with rounds of ask, answer and lesson, and
// pull requests by the second merged into the first's repository after a review. The events each pair
// holds are returned, counted as the ledger counts them, for tests to compare with the report.
import { randomUUID } from 'node:crypto';
import { random } from '../../bench/random';
import { timestamp, type Issue, type IssueComment, type Label, type Repo, type Review, type User } from './state';
import type { Sandbox } from './server';

export interface ProgramSeed {
  /** Pairs as [a, b] logins. */
  readonly pairs: readonly (readonly [string, string])[];
  /** Events seeded per pair key `a+b` (sorted, lower-case): lessons and help each way. */
  readonly expected: ReadonlyMap<string, { aToB: { lessons: number; help: number }; bToA: { lessons: number; help: number } }>;
  readonly events: number;
  readonly exchanges: number;
}

export interface ProgramSeedOptions {
  readonly pairs: number;
  /** Exchanges per pair; each holds 10 events. */
  readonly exchangesPerPair?: number;
  readonly seed?: number;
  readonly now?: number;
  /** The login prefix, so several programs can share a sandbox. */
  readonly prefix?: string;
}

const TOPICS = ['testing', 'rust', 'css', 'sql', 'security', 'performance', 'typescript', 'git'];
const marker = (payload: Record<string, unknown>) => `\n\n<!-- mutual-mentor ${JSON.stringify({ v: 1, ...payload })} -->`;

export function seedProgram(sandbox: Sandbox, options: ProgramSeedOptions): ProgramSeed {
  const { state } = sandbox;
  const rnd = random(options.seed ?? 18);
  const now = options.now ?? Date.now();
  const prefix = options.prefix ?? 'm';
  const perPair = options.exchangesPerPair ?? 10;
  const pairs: [string, string][] = [];
  const expected = new Map<string, { aToB: { lessons: number; help: number }; bToA: { lessons: number; help: number } }>();
  let events = 0;
  let exchanges = 0;
  for (let i = 0; i < options.pairs; i++) {
    const a = state.addUser(`${prefix}${i}-a`);
    const b = state.addUser(`${prefix}${i}-b`);
    pairs.push([a.login, b.login]);
    const counts = { aToB: { lessons: 0, help: 0 }, bToA: { lessons: 0, help: 0 } };
    const way = (from: User) => (from === a ? counts.aToB : counts.bToA);
    const label = (name: string): Label => ({ id: state.id(), name, color: 'ededed', description: null, isDefault: false });
    const mentoring = label('mentoring');
    const topicLabels = TOPICS.map(label);
    const created = timestamp(new Date(now - 400 * 86_400_000));
    const repo: Repo = state.addRepo({
      id: state.id(),
      owner: a,
      name: 'exchanges',
      description: null,
      isPrivate: false,
      defaultBranch: 'main',
      gitDir: '/nonexistent/seeded-without-git',
      collaborators: new Set([b.login.toLowerCase()]),
      labels: [mentoring, ...topicLabels],
      issues: new Map(),
      nextNumber: 1,
      createdAt: created,
      updatedAt: created,
      pushedAt: created,
    });
    // Some pairs are quiet (nothing in the last months), some lean one way.
    const quiet = rnd() < 0.2;
    const lean = rnd();
    for (let x = 0; x < perPair; x++) {
      const pull = x % 2 === 1;
      const topic = topicLabels[Math.floor(rnd() * topicLabels.length)];
      let at = now - (quiet ? 120 + rnd() * 240 : rnd() * 300) * 86_400_000;
      const tick = () => timestamp(new Date((at += 3_600_000)));
      const opener = pull ? b : lean < 0.3 ? a : b;
      const number = repo.nextNumber++;
      const issue: Issue = {
        id: state.id(),
        repo,
        number,
        user: opener,
        title: `Exchange ${number}`,
        body: 'What we talked about.',
        state: pull ? 'closed' : 'open',
        stateReason: null,
        labels: [mentoring, topic],
        assignees: [],
        comments: [],
        locked: false,
        createdAt: tick(),
        updatedAt: '',
        closedAt: null,
        closedBy: null,
        pull: null,
      };
      const comment = (user: User, body: string): IssueComment => {
        const t = tick();
        const c: IssueComment = { id: state.id(), issue, user, body, createdAt: t, updatedAt: t };
        issue.comments.push(c);
        return c;
      };
      // Rounds of ask → answer → lesson; a pull request has two fewer rounds and a merge and a review.
      const rounds = pull ? 4 : 5;
      for (let r = 0; r < rounds; r++) {
        const asker = (lean < 0.3 ? rnd() < 0.85 : rnd() < 0.5) ? a : b;
        const teacher = asker === a ? b : a;
        comment(asker, `A question.${marker({ kind: 'ask', id: randomUUID(), topic: topic.name })}`);
        comment(teacher, 'An answer.');
        way(teacher).help++;
        comment(
          asker,
          `Learned from @${teacher.login}: a thing.${marker({ kind: 'lesson', id: randomUUID(), learner: asker.login, teacher: teacher.login, topic: topic.name })}`,
        );
        way(teacher).lessons++;
        events += 2;
      }
      if (pull) {
        const sha = '0'.repeat(40);
        const submittedAt = tick();
        const mergedAt = tick();
        const reviews: Review[] = [];
        issue.closedAt = mergedAt;
        const data = {
          headRef: `topic-${number}`,
          headSha: sha,
          baseRef: 'main',
          baseSha: sha,
          draft: false,
          merged: true,
          mergedAt,
          mergedBy: a,
          mergeCommitSha: sha,
          requestedReviewers: [],
          reviews,
          reviewComments: [],
          threads: [],
        };
        (issue as { pull: Issue['pull'] }).pull = data;
        reviews.push({ id: state.id(), pull: issue, user: a, body: 'Looks good.', state: 'APPROVED', commitId: sha, submittedAt, createdAt: submittedAt });
        way(a).help++; // the review
        way(b).help++; // the merged pull request
        events += 2;
      }
      issue.updatedAt = timestamp(new Date(at));
      repo.issues.set(number, issue);
      exchanges++;
    }
    expected.set(`${a.login}+${b.login}`.toLowerCase(), counts);
  }
  return { pairs, expected, events, exchanges };
}
