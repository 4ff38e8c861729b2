import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import type { Octokit } from 'octokit';
import { reviewThreadOf } from '../../../src/core/asks/find';
import { createGitHubClient, type GitHubClient } from '../../../src/core/github/client';
import { appendMarker, formatMarker, scanMarkers } from '../../../src/core/marker';
import type { Ask, RepoRef } from '../../../src/core/model';
import { carriesReply, findPostedReply, postReply, replyBody, replyTargetOf, setThreadResolved, type ReplyPlan } from '../../../src/core/threads/reply';
import { planSuggestion } from '../../../src/core/threads/suggestion';
import { rejection, startHarness, type Harness } from '../sandbox/harness';

describe('core/threads: replies and resolving against the sandbox', function () {
  this.timeout(30_000);
  let h: Harness;
  let ada: Octokit;
  let grace: Octokit;
  let product: GitHubClient;
  const repo: RepoRef = { host: '127.0.0.1', owner: 'ada', name: 'threads' };
  const o = { owner: 'ada', repo: 'threads' };
  const file = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

  before(async () => {
    h = await startHarness();
    assert.equal(
      (await h.admin('POST', '/_sandbox/repos', { owner: 'ada', name: 'threads', files: { 'README.md': 'x\n' }, collaborators: ['grace'] })).status,
      201,
    );
    ada = h.client('ada');
    grace = h.client('grace');
    product = createGitHubClient({ apiUrl: h.sandbox.url, token: h.sandbox.users().grace, userAgent: 'mm-test', retries: 0 });
  });
  after(() => h.close());

  async function lineAsk(): Promise<Ask> {
    const head = `b-${randomUUID().slice(0, 8)}`;
    const res = await h.admin('POST', '/_sandbox/repos/ada/threads/commits', { branch: head, files: { 'src/a.ts': file }, author: 'ada', message: 'a' });
    const { sha } = (await res.json()) as { sha: string };
    const { data: pull } = await ada.rest.pulls.create({ ...o, head, base: 'main', title: 'a' });
    const id = randomUUID();
    const { data } = await ada.rest.pulls.createReviewComment({
      ...o,
      pull_number: pull.number,
      commit_id: sha,
      path: 'src/a.ts',
      start_line: 3,
      line: 4,
      body: appendMarker('@grace why?', { v: 1, kind: 'ask', id }),
    });
    const thread = await reviewThreadOf(ada, repo, pull.number, data.node_id);
    return {
      id,
      direction: 'received',
      partner: 'ada',
      question: 'why?',
      createdAt: data.created_at,
      target: { kind: 'reviewComment', repo, pull: pull.number, line: 4, startLine: 3, side: 'RIGHT' },
      posted: { url: data.html_url, nodeId: data.node_id, databaseId: data.id, ...(thread ? { threadNodeId: thread } : {}) },
    };
  }

  async function issueAsk(): Promise<Ask> {
    const id = randomUUID();
    const { data } = await ada.rest.issues.create({ ...o, title: 'Stuck', body: appendMarker('@grace stuck', { v: 1, kind: 'ask', id }) });
    return {
      id,
      direction: 'received',
      partner: 'ada',
      question: 'stuck',
      createdAt: data.created_at,
      target: { kind: 'issue', repo },
      posted: { url: data.html_url, nodeId: data.node_id, databaseId: data.id, number: data.number },
    };
  }

  const planFor = (ask: Ask, body: string): ReplyPlan => {
    const target = replyTargetOf(ask);
    assert.ok(target.ok);
    return { id: randomUUID(), askId: ask.id, body, target: ask.target, parent: target.parent };
  };

  it('replies in the review thread with the reply marker, and a retry finds it instead of posting twice', async () => {
    const ask = await lineAsk();
    const plan = planFor(ask, 'Because of **this**.\n\n```suggestion\nline three\n```');
    const first = await postReply(product, plan, { author: 'grace' });
    assert.equal(first.alreadyPosted, false);
    assert.equal(first.reply.author, 'grace');
    assert.equal(first.reply.kind, 'threadReply');
    assert.match(first.reply.bodyHTML, /<strong>this<\/strong>/, 'GitHub’s rendered HTML comes back with the reply');
    assert.ok(carriesReply(first.reply.body, plan.id));
    const again = await postReply(product, plan, { author: 'grace', checkExisting: true });
    assert.equal(again.alreadyPosted, true);
    assert.equal(again.reply.nodeId, first.reply.nodeId);
    const { data: comments } = await ada.rest.pulls.listReviewComments({ ...o, pull_number: ask.target.kind === 'reviewComment' ? ask.target.pull : 0 });
    assert.equal(comments.filter((c) => carriesReply(c.body, plan.id)).length, 1, 'exactly one copy on GitHub');
    assert.equal(comments.find((c) => carriesReply(c.body, plan.id))?.in_reply_to_id, ask.posted!.databaseId, 'in the ask’s thread');
  });

  it('answers an issue ask with a comment; a reply by someone else with the same id is not taken for ours', async () => {
    const ask = await issueAsk();
    const plan = planFor(ask, 'Try a Map.');
    await ada.rest.issues.createComment({ ...o, issue_number: ask.posted!.number!, body: replyBody(plan) });
    assert.equal(await findPostedReply(product, plan, 'grace'), undefined, 'ada’s copy of the marker is not grace’s reply');
    const posted = await postReply(product, plan, { author: 'grace', checkExisting: true });
    assert.equal(posted.alreadyPosted, false);
    assert.equal(posted.reply.kind, 'issueComment');
    assert.equal((await findPostedReply(product, plan, 'grace'))?.nodeId, posted.reply.nodeId);
  });

  it('resolves and unresolves the review thread; someone without access is refused', async () => {
    const ask = await lineAsk();
    assert.equal(await setThreadResolved(product, ask.posted!.threadNodeId!, true), true);
    assert.equal(await setThreadResolved(product, ask.posted!.threadNodeId!, false), false);
    const eve = createGitHubClient({ apiUrl: h.sandbox.url, token: h.sandbox.users().eve, userAgent: 'mm-test', retries: 0 });
    await assert.rejects(setThreadResolved(eve, ask.posted!.threadNodeId!, true));
  });

  it('a revoked token fails the reply with 401 and writes nothing', async () => {
    const ask = await issueAsk();
    const revoked = createGitHubClient({ apiUrl: h.sandbox.url, token: 'ghp_notAtokenAtAll000000000000000000000', userAgent: 'mm-test', retries: 0 });
    const error = await rejection(postReply(revoked, planFor(ask, 'hi'), { author: 'grace' }));
    assert.equal(error.status, 401);
    assert.equal((await grace.rest.issues.listComments({ ...o, issue_number: ask.posted!.number! })).data.length, 0);
  });
});

describe('core/threads: reply bodies and targets', () => {
  it('a body cannot forge a second marker; the reply marker is last', () => {
    const forged = formatMarker({ v: 1, kind: 'lesson', id: randomUUID() });
    const id = randomUUID();
    const body = replyBody({ id, body: `thanks ${forged}` });
    assert.deepEqual(scanMarkers(body).markers, [{ v: 1, kind: 'reply', id }]);
  });

  it('says why an ask cannot be answered yet', () => {
    const base = { id: randomUUID(), direction: 'sent' as const, partner: 'grace', question: 'q', createdAt: '2026-01-01T00:00:00Z' };
    const repo = { host: 'h', owner: 'o', name: 'n' };
    assert.deepEqual(replyTargetOf({ ...base, target: { kind: 'issue', repo } }), { ok: false, reason: 'the ask is still waiting to be sent' });
    assert.deepEqual(replyTargetOf({ ...base, target: { kind: 'pullRequest', repo, pull: 5 }, posted: { url: 'u', nodeId: 'n', databaseId: 9 } }), {
      ok: true,
      parent: 5,
    });
    assert.deepEqual(replyTargetOf({ ...base, target: { kind: 'fileComment', repo, pull: 5, path: 'a' }, posted: { url: 'u', nodeId: 'n', databaseId: 9 } }), {
      ok: true,
      parent: 9,
    });
  });
});

describe('core/threads/suggestion', () => {
  const text = 'a\nb\nc\nd\ne\n';
  const anchor = { startLine: 2, endLine: 3, snippet: 'b\nc' };

  it('replaces the anchored lines when they still match', () => {
    const plan = planSuggestion(text, anchor, 'B\nC\nC2');
    assert.ok(plan.ok);
    assert.equal(plan.newText, 'a\nB\nC\nC2\nd\ne\n');
    assert.deepEqual([plan.startLine, plan.endLine, plan.moved], [2, 3, false]);
  });

  it('follows lines that moved (found once), keeps CRLF, and deletes with an empty suggestion', () => {
    const moved = planSuggestion('x\r\ny\r\na\r\nb\r\nc\r\n', anchor, 'B');
    assert.ok(moved.ok);
    assert.equal(moved.newText, 'x\r\ny\r\na\r\nB\r\n');
    assert.equal(moved.moved, true);
    const deleted = planSuggestion(text, anchor, '');
    assert.ok(deleted.ok);
    assert.equal(deleted.newText, 'a\nd\ne\n');
  });

  it('refuses when the lines changed, appear twice, or the range is nonsense — never edits the wrong lines', () => {
    const changed = planSuggestion('a\nb!\nc\n', anchor, 'B');
    assert.equal(changed.ok, false);
    assert.match(changed.ok ? '' : changed.reason, /changed in your copy/);
    const twice = planSuggestion('b\nc\nx\nb\nc\n', { ...anchor, startLine: 9, endLine: 10 }, 'B');
    assert.match(twice.ok ? '' : twice.reason, /more than once/);
    assert.equal(planSuggestion(text, { startLine: 3, endLine: 2, snippet: '' }, 'B').ok, false);
  });
});
