// `--seed demo`: what `npm run demo` shows. On top of the default seed (ada = you, grace = your
// partner): ada/lru-cache with an open pull request that adds a time-to-live, grace requested as
// reviewer, grace/type-kata for the partner's own asks, and the scripted demo partner (grace) who
// answers asks. Clearly a demo actor: every reply says so.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DemoPartner } from './demoPartner';
import { kataQuestions } from './demoQuestions';
import { createRepo, pushCommit } from './repos';
import type { Sandbox } from './server';
import { timestamp, type Issue } from './state';

// The base version is the sample workspace's file; the pull request adds a time-to-live to it.
const base = readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'workspace', 'src', 'lruCache.ts'), 'utf8');

const withTtl = `/** A least-recently-used cache with a fixed capacity and an optional time-to-live. */
export class LruCache<K, V> {
  private readonly entries = new Map<K, { value: V; expires: number }>();

  constructor(
    private readonly capacity: number,
    private readonly ttlMs = Number.POSITIVE_INFINITY,
    private readonly now: () => number = Date.now,
  ) {
    if (capacity < 1) throw new RangeError('capacity must be at least 1');
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    // Re-insert so the key becomes the most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.now() + this.ttlMs });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as K;
      this.entries.delete(oldest);
    }
  }
}
`;

// A guide long enough that the pull request's change to its end leaves its start outside the diff
// (an ask there becomes a comment on the file).
const usage = [
  '# Using LruCache',
  '',
  'Create a cache with a capacity:',
  '',
  '```ts',
  'const cache = new LruCache<string, number>(100);',
  '```',
  '',
  '`get` returns undefined for a missing key and makes a found key the most recently used.',
  '',
  '`set` adds or replaces a key; past capacity the least recently used key is dropped.',
  '',
  '## Capacity',
  '',
  'The capacity is fixed when the cache is made and must be at least 1.',
  '',
];
const usageWithTtl = [...usage, '## Expiry', '', 'Pass `ttlMs` to let entries expire; pass a clock to test without timers.', ''];

/** Seeds the demo; the scripted partner starts unless `partner: false` (tests that answer as grace themselves). */
export async function seedDemo(sandbox: Sandbox, options: { replyDelayMs?: number; partner?: boolean } = {}): Promise<DemoPartner> {
  const { state } = sandbox;
  const ada = state.user('ada')!;
  const grace = state.user('grace')!;
  const repo = await createRepo(sandbox, ada, 'lru-cache', {
    description: 'A tiny LRU cache, used by the Mutual Mentor demo',
    files: {
      'README.md': '# lru-cache\n\nA least-recently-used cache with a fixed capacity.\n',
      'src/lruCache.ts': base,
      'docs/usage.md': usage.join('\n'),
      'package.json': '{\n  "name": "lru-cache",\n  "version": "0.1.0",\n  "private": true\n}\n',
    },
    collaborators: ['grace'],
  });
  const headSha = await pushCommit(
    sandbox,
    repo,
    ada,
    'feature/ttl',
    null,
    { 'src/lruCache.ts': withTtl, 'docs/usage.md': usageWithTtl.join('\n') },
    'Add an optional time-to-live to LruCache',
  );
  const now = timestamp();
  const pull: Issue = {
    id: state.id(),
    repo,
    number: repo.nextNumber++,
    user: ada,
    title: 'Add an optional time-to-live to LruCache',
    body: 'Entries now expire after `ttlMs`. The clock is injectable so tests need no timers.',
    state: 'open',
    stateReason: null,
    labels: [],
    assignees: [],
    comments: [],
    locked: false,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    closedBy: null,
    pull: {
      headRef: 'feature/ttl',
      headSha,
      baseRef: repo.defaultBranch,
      baseSha: (await sandbox.git.resolve(repo.gitDir, repo.defaultBranch))!,
      draft: false,
      merged: false,
      mergedAt: null,
      mergedBy: null,
      mergeCommitSha: null,
      requestedReviewers: [],
      reviews: [],
      reviewComments: [],
      threads: [],
    },
  };
  repo.issues.set(pull.number, pull);

  await createRepo(sandbox, grace, 'type-kata', {
    description: "Grace's TypeScript exercises",
    // The files the partner's questions quote (demoQuestions.ts).
    files: { 'README.md': '# type-kata\n\nSmall TypeScript exercises.\n', ...Object.fromEntries(kataQuestions.map((q) => [q.path, `${q.code}\n`])) },
    collaborators: ['ada'],
  });

  const partner = new DemoPartner(sandbox, grace, { replyDelayMs: options.replyDelayMs ?? 4000 });
  if (options.partner !== false) partner.start();
  return partner;
}
