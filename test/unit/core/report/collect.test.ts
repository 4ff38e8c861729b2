// One exchange as GitHub returns it, turned into a pair's report events under the ledger's rules: forged
// lessons and other people's events are not counted, wordless reviews are not help, and nothing of a body
// leaves (only who, whom, when, kind and topic).
import { strict as assert } from 'node:assert';
import { exchangeEvents } from '../../../../src/core/report/collect';
import type { ReportEvent } from '../../../../src/core/report/figures';
import { makePair, type Pair } from '../../../../src/core/report/pairs';

const marker = (payload: Record<string, unknown>) => `\n\n<!-- mutual-mentor ${JSON.stringify({ v: 1, ...payload })} -->`;
const comment = (id: string, login: string, body: string, at: string) => ({ id, body, createdAt: at, url: `https://github.com/x#${id}`, author: { login } });

function collectEvents(): { events: ReportEvent[]; warnings: string[] } {
  const node = {
    __typename: 'PullRequest',
    id: 'PR_1',
    updatedAt: '2026-11-05T00:00:00Z',
    title: 'A secret title',
    body: `Can you look?${marker({ kind: 'ask', id: '6f1c2a3b-1111-4222-8333-944445555661', topic: 'testing' })}`,
    createdAt: '2026-11-01T00:00:00Z',
    url: 'https://github.com/ada/x/pull/1',
    author: { login: 'grace' },
    repository: { owner: { login: 'ada' } },
    labels: { nodes: [{ name: 'mentoring' }, { name: 'css' }] },
    mergedAt: '2026-11-04T00:00:00Z',
    comments: {
      nodes: [
        comment('C1', 'ada', 'A private answer', '2026-11-02T00:00:00Z'),
        comment(
          'C2',
          'grace',
          `Learned.${marker({ kind: 'lesson', id: '6f1c2a3b-1111-4222-8333-944445555662', learner: 'grace', teacher: 'ada', topic: 'testing' })}`,
          '2026-11-02T01:00:00Z',
        ),
        comment(
          'C3',
          'ada',
          `Forged.${marker({ kind: 'lesson', id: '6f1c2a3b-1111-4222-8333-944445555663', learner: 'grace', teacher: 'ada' })}`,
          '2026-11-02T02:00:00Z',
        ),
        comment(
          'C4',
          'eve',
          `Eve learned.${marker({ kind: 'lesson', id: '6f1c2a3b-1111-4222-8333-944445555664', learner: 'eve', teacher: 'ada' })}`,
          '2026-11-02T03:00:00Z',
        ),
      ],
    },
    reviews: {
      nodes: [
        { id: 'R1', url: 'u', state: 'COMMENTED', submittedAt: '2026-11-03T00:00:00Z', body: '', author: { login: 'ada' } },
        { id: 'R2', url: 'u', state: 'APPROVED', submittedAt: '2026-11-03T01:00:00Z', body: '', author: { login: 'ada' } },
      ],
    },
    reviewThreads: { nodes: [] },
  };
  const warnings: string[] = [];
  const events = exchangeEvents(node, makePair('grace', 'ada') as Pair, 'mentoring', (w) => warnings.push(w));
  return { events, warnings };
}

describe('core/report/collect', () => {
  it('counts lessons by their learner, answers, a merge into the other’s repository and a review with a verdict', () => {
    const { events, warnings } = collectEvents();
    assert.deepEqual(
      events.map((e) => `${e.kind}:${e.type ?? ''} ${e.from}→${e.to}${e.topic ? ` ${e.topic}` : ''}`).sort(),
      ['help:answer ada→grace testing', 'help:mergedPullRequest grace→ada css', 'help:review ada→grace css', 'lesson: ada→grace testing'].sort(),
    );
    assert.ok(
      events.every((e) => Object.keys(e).every((k) => ['id', 'kind', 'type', 'from', 'to', 'at', 'topic'].includes(k))),
      'no body, title or link',
    );
    assert.deepEqual(warnings, []);
  });
});
