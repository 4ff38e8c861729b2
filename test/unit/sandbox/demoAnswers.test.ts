import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { appendMarker } from '../../../src/core/marker';
import { Answers, general, permalinkIn, readAsk, topicOf, topics } from '../../sandbox/demoAnswers';
import { KataQuestions, kataQuestions } from '../../sandbox/demoQuestions';

const ask = (question: string, code = '', topic = '') => ({ question, code, topic });
const TTL_WORDS = /\bttl|expir|time-to-live|clock/i;

describe('sandbox: what the demo partner says', () => {
  describe('topicOf', () => {
    it('reads a TTL ask from its code, even on a line that never says "expires"', () => {
      assert.equal(topicOf(ask('what happens when nobody passes this?', '    private readonly ttlMs = Number.POSITIVE_INFINITY,')).name, 'ttl');
      assert.equal(topicOf(ask('why `<=` here?', '    if (entry.expires <= this.now()) {')).name, 'ttl');
    });

    it('reads a TTL ask from its question or its topic alone', () => {
      assert.equal(topicOf(ask('@grace when does an entry expire?')).name, 'ttl');
      assert.equal(topicOf(ask('@grace what is the time-to-live for?')).name, 'ttl');
      assert.equal(topicOf(ask('@grace I do not get this part', '', 'TTL')).name, 'ttl');
    });

    it('prefers the TTL to a broad `testing` topic on a question about testing expiry', () => {
      assert.equal(topicOf(ask('@grace how would you test expiry?', '    if (entry.expires <= this.now()) {', 'testing')).name, 'ttl');
      assert.equal(topicOf(ask('@grace how would I test the TTL?', '', 'testing')).name, 'ttl');
    });

    it('tells eviction, recency, capacity, types and testing apart, and falls back to general', () => {
      assert.equal(
        topicOf(ask('why does the first key evict the right entry?', '      const oldest = this.entries.keys().next().value as K;', 'data structures')).name,
        'eviction',
      );
      assert.equal(topicOf(ask('why delete and then set again?', '    this.entries.delete(key);\n    this.entries.set(key, entry);')).name, 'recency');
      assert.equal(topicOf(ask('why throw here?', "    if (capacity < 1) throw new RangeError('capacity must be at least 1');")).name, 'capacity');
      assert.equal(topicOf(ask('why do I have to give both type parameters?', 'const cache = new LruCache<string, number>(100);')).name, 'types');
      assert.equal(topicOf(ask('how would you test this?')).name, 'testing');
      assert.equal(topicOf(ask('hmm?')).name, general.name);
    });

    it('every TTL answer is about the TTL', () => {
      const ttl = topics.find((t) => t.name === 'ttl')!;
      for (const insight of ttl.insights) assert.match(`${insight.explanation} ${insight.comment}`, TTL_WORDS);
    });
  });

  describe('Answers', () => {
    it('gives two asks on one topic different answers', () => {
      const answers = new Answers();
      const first = answers.next(ask('when does an entry expire?'));
      const second = answers.next(ask('how do I test the TTL?'));
      assert.equal(first.topic, 'ttl');
      assert.equal(second.topic, 'ttl');
      assert.notEqual(first.insight.explanation, second.insight.explanation);
      assert.notEqual(first.insight.comment, second.insight.comment);
    });

    it('never gives the same reply twice in ten asks on any one topic, and is deterministic', () => {
      for (const topic of [...topics, general]) {
        const question = topic === general ? 'hmm?' : topic.code[0];
        const run = () => {
          const answers = new Answers();
          return Array.from({ length: 10 }, () => answers.next(ask('', question)));
        };
        const replies = run();
        assert.ok(
          replies.every((r) => r.topic === topic.name),
          topic.name,
        );
        const texts = replies.map((r) => `${r.opener} ${r.insight.explanation}`);
        assert.equal(new Set(texts).size, texts.length, `${topic.name}: ${texts.join(' | ')}`);
        for (let i = 1; i < replies.length; i++) assert.notEqual(replies[i].insight, replies[i - 1].insight, topic.name);
        assert.deepEqual(run(), replies);
      }
    });

    it('gives first the answer that fits the quoted lines best', () => {
      const answers = new Answers();
      const answer = answers.next(ask('what if I leave this out?', '    private readonly ttlMs = Number.POSITIVE_INFINITY,'));
      assert.match(answer.insight.explanation, /POSITIVE_INFINITY/);
    });

    it('never gives one topic the same answer twice in a row, whatever the asks', () => {
      const answers = new Answers();
      const codes = [
        '    if (entry.expires <= this.now()) {',
        '    private readonly ttlMs = Number.POSITIVE_INFINITY,',
        '',
        '    this.entries.set(key, { value, expires: this.now() + this.ttlMs });',
      ];
      let previous = '';
      for (let i = 0; i < 40; i++) {
        const answer = answers.next(ask(i % 3 === 0 ? 'how would I test the TTL?' : 'when does this expire?', codes[(i * 7) % codes.length]));
        assert.equal(answer.topic, 'ttl');
        assert.notEqual(answer.insight.explanation, previous, `ask ${i}`);
        previous = answer.insight.explanation;
      }
    });

    it('counts each topic on its own: an ask on another topic does not use up an answer', () => {
      const answers = new Answers();
      const ttl1 = answers.next(ask('when does it expire?'));
      answers.next(ask('why evict the oldest?'));
      const ttl2 = answers.next(ask('when does it expire?'));
      const ttl = topics.find((t) => t.name === 'ttl')!;
      assert.equal(ttl1.insight, ttl.insights[0]);
      assert.equal(ttl2.insight, ttl.insights[1]);
    });
  });

  describe('readAsk and permalinkIn', () => {
    it('splits an ask body into its question, marker topic, quoted code and fence language', () => {
      const body = appendMarker(
        '@grace why `<=`?\n\n`src/lruCache.ts` lines 16–16, not pushed yet:\n\n```ts\n    if (entry.expires <= this.now()) {\n```\n\nTopic: `expiry`',
        { v: 1, kind: 'ask', id: randomUUID(), topic: 'expiry' },
      );
      const read = readAsk(body);
      assert.equal(read.code, '    if (entry.expires <= this.now()) {');
      assert.equal(read.language, 'ts');
      assert.equal(read.topic, 'expiry');
      assert.match(read.question, /why `<=`\?/);
      assert.doesNotMatch(read.question, /entry\.expires|mutual-mentor/);
    });

    it('keeps a longer fence open past a shorter one inside it', () => {
      const read = readAsk('@grace look\n\n````md\n```ts\nconst a = 1;\n```\n````\nafter');
      assert.equal(read.code, '```ts\nconst a = 1;\n```');
      assert.equal(read.language, 'md');
      assert.match(read.question, /after/);
    });

    it('finds the lines a permalink points to', () => {
      const sha = 'a'.repeat(40);
      assert.deepEqual(
        permalinkIn(`@grace why?\n\n[\`src/lruCache.ts\` lines 16–18](http://127.0.0.1:1234/ada/lru-cache/blob/${sha}/src/lruCache.ts#L16-L18)`),
        { owner: 'ada', repo: 'lru-cache', sha, path: 'src/lruCache.ts', startLine: 16, endLine: 18 },
      );
      assert.equal(permalinkIn(`[one](http://h/ada/lru-cache/blob/${sha}/src/a%20b.ts#L7)`)?.path, 'src/a b.ts');
      assert.equal(permalinkIn(`[one](http://h/ada/lru-cache/blob/${sha}/src/a.ts#L7)`)?.endLine, 7);
      assert.equal(permalinkIn('[a pull request](http://h/ada/lru-cache/pull/1)'), undefined);
      assert.equal(permalinkIn('no link ](http at all'), undefined);
    });

    it('reads a long hostile body in linear time', () => {
      const hostile = `${'```'.repeat(20_000)}\n${'](http'.repeat(20_000)}${' '.repeat(50_000)}`;
      const started = performance.now();
      readAsk(hostile);
      permalinkIn(hostile);
      topicOf(ask(hostile, hostile, hostile));
      assert.ok(performance.now() - started < 2000);
    });
  });

  describe('KataQuestions', () => {
    it('never asks the same question twice, and stops when it runs out', () => {
      const questions = new KataQuestions();
      const asked = Array.from({ length: 100 }, () => questions.next()).filter((q) => q !== undefined);
      assert.equal(asked.length, kataQuestions.length);
      assert.equal(new Set(asked.map((q) => q.title)).size, asked.length);
      assert.equal(new Set(asked.map((q) => q.question)).size, asked.length);
      assert.equal(new Set(asked.map((q) => q.path)).size, asked.length);
      assert.equal(questions.next(), undefined);
    });
  });
});
