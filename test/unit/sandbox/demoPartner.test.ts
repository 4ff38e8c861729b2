import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { appendMarker } from '../../../src/core/marker';
import { kataQuestions } from '../../sandbox/demoQuestions';
import { seedDemo } from '../../sandbox/demoSeed';
import type { DemoPartner } from '../../sandbox/demoPartner';
import type { Issue, SandboxEvent } from '../../sandbox/state';
import { startHarness, type Harness } from './harness';

function nextEvent(h: Harness, predicate: (e: SandboxEvent) => boolean, timeoutMs = 5000): Promise<SandboxEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no such event')), timeoutMs);
    const off = h.sandbox.state.on((e) => {
      if (!predicate(e)) return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });
}

describe('sandbox: scripted demo partner', () => {
  let h: Harness;
  let partner: DemoPartner;
  before(async () => {
    h = await startHarness();
    partner = await seedDemo(h.sandbox, { replyDelayMs: 20 });
  });
  after(async () => {
    partner.stop();
    await h.close();
  });

  it('answers an ask on pull request lines with a suggestion that quotes those lines', async () => {
    const ada = h.client('ada');
    const { data: pr } = await ada.rest.pulls.get({ owner: 'ada', repo: 'lru-cache', pull_number: 1 });
    const reply = nextEvent(h, (e) => e.type === 'review_comment' && e.actor.login === 'grace');
    const body = appendMarker('@grace I am stuck here: why does the first key evict the right entry?', {
      v: 1,
      kind: 'ask',
      id: randomUUID(),
      topic: 'data structures',
    });
    const { data: ask } = await ada.rest.pulls.createReviewComment({
      owner: 'ada',
      repo: 'lru-cache',
      pull_number: 1,
      commit_id: pr.head.sha,
      path: 'src/lruCache.ts',
      line: 30,
      side: 'RIGHT',
      body,
    });
    const event = await reply;
    assert.ok(event.type === 'review_comment');
    assert.equal(event.comment.inReplyTo?.id, ask.id, 'the answer is a reply in the ask’s thread');
    assert.match(
      event.comment.body,
      /```suggestion\n\s+\/\/ Map iteration follows insertion order[^\n]*\n\s+const oldest = this\.entries\.keys\(\)\.next\(\)\.value as K;\n```/,
    );
    assert.match(event.comment.body, /Scripted demo partner/);
  });

  it('ignores comments without an ask marker, and its own comments', async () => {
    const seen: SandboxEvent[] = [];
    const off = h.sandbox.state.on((e) => {
      if ('actor' in e && e.actor.login === 'grace') seen.push(e);
    });
    await h.client('ada').rest.issues.createComment({ owner: 'ada', repo: 'lru-cache', issue_number: 1, body: '@grace looks good to me' });
    await new Promise((r) => setTimeout(r, 200));
    off();
    assert.deepEqual(seen, []);
  });

  it('answers an ask made as an issue, and asks something back every other time', async () => {
    const ada = h.client('ada');
    const reply = nextEvent(h, (e) => e.type === 'issue_comment' && e.actor.login === 'grace');
    const askBack = nextEvent(h, (e) => e.type === 'issue' && e.actor.login === 'grace');
    const body = appendMarker('@grace how would you test expiry?\n\n```ts\nif (entry.expires <= this.now()) {\n```', { v: 1, kind: 'ask', id: randomUUID() });
    await ada.rest.issues.create({ owner: 'grace', repo: 'type-kata', title: 'Testing expiry', body });
    const event = await reply;
    assert.ok(event.type === 'issue_comment');
    assert.match(event.comment.body, /zero time-to-live/);
    const back = await askBack;
    assert.ok(back.type === 'issue');
    assert.match(back.issue.body ?? '', /@ada I'm stuck on this one/);
    assert.match(back.issue.body ?? '', /<!-- mutual-mentor \{"v":1,"kind":"ask"/);
    assert.match(event.comment.body, /I have a question for you too: http:\/\/127\.0\.0\.1:\d+\/grace\/type-kata\/issues\/\d+/);
  });

  it('answers a TTL ask on the TTL even on a line without `expires`, and a second TTL ask differently', async () => {
    const ada = h.client('ada');
    const { data: pr } = await ada.rest.pulls.get({ owner: 'ada', repo: 'lru-cache', pull_number: 1 });
    const answers: string[] = [];
    for (const question of ['@grace what happens when nobody passes this?', '@grace and how would I test it?']) {
      const reply = nextEvent(h, (e) => e.type === 'review_comment' && e.actor.login === 'grace');
      const body = appendMarker(question, { v: 1, kind: 'ask', id: randomUUID(), topic: 'testing' });
      // Line 7: `private readonly ttlMs = Number.POSITIVE_INFINITY,`
      await ada.rest.pulls.createReviewComment({
        owner: 'ada',
        repo: 'lru-cache',
        pull_number: 1,
        commit_id: pr.head.sha,
        path: 'src/lruCache.ts',
        line: 7,
        side: 'RIGHT',
        body,
      });
      const event = await reply;
      assert.ok(event.type === 'review_comment');
      answers.push(event.comment.body);
    }
    const explanations = answers.map((a) => a.split('\n\n')[0] ?? '');
    for (const explanation of explanations) {
      assert.match(explanation, /\bttl|expir|time-to-live|clock/i, 'a TTL answer');
      assert.doesNotMatch(explanation, /boundary/, 'not the generic testing reply');
    }
    assert.notEqual(explanations[0], explanations[1]);
    for (const answer of answers) assert.match(answer, /```suggestion\n\s+\/\/ [^\n]+\n\s+private readonly ttlMs = Number\.POSITIVE_INFINITY,\n```/);
  });

  it('answers an issue that links its lines instead of quoting them, from those lines', async () => {
    const ada = h.client('ada');
    const { data: pr } = await ada.rest.pulls.get({ owner: 'ada', repo: 'lru-cache', pull_number: 1 });
    const reply = nextEvent(h, (e) => e.type === 'issue_comment' && e.actor.login === 'grace');
    const link = `${h.sandbox.url}/ada/lru-cache/blob/${pr.head.sha}/src/lruCache.ts#L29-L32`;
    const body = appendMarker(`@grace what does this loop do?\n\n[\`src/lruCache.ts\` lines 29–32](${link})`, { v: 1, kind: 'ask', id: randomUUID() });
    await ada.rest.issues.create({ owner: 'ada', repo: 'lru-cache', title: 'What does this loop do?', body });
    const event = await reply;
    assert.ok(event.type === 'issue_comment');
    assert.match(event.comment.body, /evict/i);
    assert.match(event.comment.body, /```ts\n\s+\/\/ [^\n]+\n\s+while \(this\.entries\.size > this\.capacity\) \{\n/);
  });

  it('never asks the same question twice over a long run, and stops asking when it has asked them all', async () => {
    const ada = h.client('ada');
    const questions = ['why `<=`?', 'why the first key?', 'why delete first?', 'why a RangeError?', 'how would you test this?', 'hmm?'];
    for (let i = 0; i < 2 * kataQuestions.length + 4; i++) {
      const reply = nextEvent(h, (e) => e.type === 'issue_comment' && e.actor.login === 'grace');
      const body = appendMarker(`@grace ${questions[i % questions.length]}`, { v: 1, kind: 'ask', id: randomUUID() });
      await ada.rest.issues.create({ owner: 'grace', repo: 'type-kata', title: `Ask ${i}`, body });
      await reply;
    }
    const kata = h.sandbox.state.repo('grace', 'type-kata')!;
    const asked = [...kata.issues.values()].filter((issue: Issue) => issue.user.login === 'grace' && !issue.pull);
    assert.equal(asked.length, kataQuestions.length, 'each question once, then no more');
    assert.equal(new Set(asked.map((issue) => issue.title)).size, asked.length);
    const questionOf = (issue: Issue) => (issue.body ?? '').split('\n\n')[0];
    assert.equal(new Set(asked.map(questionOf)).size, asked.length);
  });
});
