import { strict as assert } from 'node:assert';
import type { RequestError } from 'octokit';
import type { Issue, SandboxEvent } from '../../sandbox/state';
import { rejection, startHarness, type Harness } from './harness';

const lines = (n: number, change: Record<number, string> = {}) => Array.from({ length: n }, (_, i) => change[i + 1] ?? `line ${i + 1}`).join('\n') + '\n';

const repo = { owner: 'ada', repo: 'review' } as const;

/**
 * Every pull request here changes line 3 and line 17 of a 20-line file, so its diff has two hunks:
 *   @@ -1,6 +1,6 @@    positions 1-7: line 1, line 2, -line 3, +LINE 3, line 4, line 5, line 6
 *   @@ -14,7 +14,7 @@  position 8 is this header; 9-16: line 14, 15, 16, -line 17, +LINE 17, line 18, 19, 20
 * and a second commit adds src/extra.ts.
 */
describe('sandbox: review comments and reviews', () => {
  let h: Harness;
  const events: SandboxEvent[] = [];
  const commit = async (branch: string, files: Record<string, string>) => {
    const res = await h.admin('POST', '/_sandbox/repos/ada/review/commits', { branch, files, message: `on ${branch}`, author: 'ada' });
    return ((await res.json()) as { sha: string }).sha;
  };
  const openPull = async (branch: string) => {
    const first = await commit(branch, { 'src/long.ts': lines(20, { 3: 'LINE 3', 17: 'LINE 17' }) });
    const head = await commit(branch, { 'src/extra.ts': 'export const extra = 1;\n' });
    const { data } = await h.client('ada').rest.pulls.create({ ...repo, head: branch, base: 'main', title: branch });
    const model = h.sandbox.state.repo('ada', 'review')!.issues.get(data.number)!;
    return { pull_number: data.number, first, head, base: data.base.sha, model };
  };
  const messageOf = (e: RequestError) => e.response?.data as { message: string; errors?: unknown[]; status?: string };
  const counts = (model: Issue) => [model.pull!.reviews.length, model.pull!.reviewComments.length, model.pull!.threads.length];

  before(async () => {
    h = await startHarness();
    const res = await h.admin('POST', '/_sandbox/repos', {
      owner: 'ada',
      name: 'review',
      files: { 'src/long.ts': lines(20), 'src/other.ts': 'other\n' },
      collaborators: ['grace'],
    });
    assert.equal(res.status, 201);
    h.sandbox.state.on((e) => events.push(e));
  });
  after(() => h.close());

  it('places single-line comments at GitHub’s diff positions, RIGHT by default and LEFT on a removed line', async () => {
    const pr = await openPull('single');
    const grace = h.client('grace');
    const { data: files } = await grace.rest.pulls.listFiles({ ...repo, pull_number: pr.pull_number });
    const patch = files.find((f) => f.filename === 'src/long.ts')!.patch!.split('\n');

    const { data: added, status } = await grace.rest.pulls.createReviewComment({
      ...repo,
      pull_number: pr.pull_number,
      commit_id: pr.head,
      path: 'src/long.ts',
      line: 17,
      body: 'Why upper case?',
    });
    assert.equal(status, 201);
    assert.equal(added.position, patch.indexOf('+LINE 17'));
    assert.deepEqual([added.position, added.line, added.original_line, added.side, added.start_line, added.subject_type], [13, 17, 17, 'RIGHT', null, 'line']);
    assert.equal(added.diff_hunk, patch.slice(8, 14).join('\n'), 'the second hunk up to the commented line');
    assert.deepEqual([added.commit_id, added.original_commit_id], [pr.head, pr.head]);

    const { data: removed } = await grace.rest.pulls.createReviewComment({
      ...repo,
      pull_number: pr.pull_number,
      commit_id: pr.head,
      path: 'src/long.ts',
      line: 3,
      side: 'LEFT',
      body: 'Was this needed?',
    });
    assert.deepEqual([removed.position, removed.line, removed.side], [patch.indexOf('-line 3'), 3, 'LEFT']);
    assert.ok(removed.diff_hunk.endsWith('\n-line 3'));
    const { data: context } = await grace.rest.pulls.createReviewComment({
      ...repo,
      pull_number: pr.pull_number,
      commit_id: pr.head,
      path: 'src/long.ts',
      line: 15,
      body: 'Context',
    });
    assert.equal(context.position, 10);

    const { data: reviews } = await grace.rest.pulls.listReviews({ ...repo, pull_number: pr.pull_number });
    assert.deepEqual(
      reviews.map((r) => [r.id, r.state, r.user?.login]),
      [added, removed, context].map((c) => [c.pull_request_review_id, 'COMMENTED', 'grace']),
      'a standalone comment is a COMMENTED review of its own',
    );
    const { data: listed } = await h.client('ada').rest.pulls.listReviewComments({ ...repo, pull_number: pr.pull_number });
    assert.deepEqual(
      listed.map((c) => c.id),
      [added.id, removed.id, context.id],
    );
    assert.equal(pr.model.pull!.threads.length, 3);
    assert.ok(events.some((e) => e.type === 'review_comment' && e.comment.id === added.id && e.actor.login === 'grace'));
  });

  it('places multi-line comments within one hunk, across sides too', async () => {
    const pr = await openPull('multi');
    const grace = h.client('grace');
    const { data: range } = await grace.rest.pulls.createReviewComment({
      ...repo,
      pull_number: pr.pull_number,
      commit_id: pr.head,
      path: 'src/long.ts',
      start_line: 15,
      line: 17,
      body: 'These three',
    });
    assert.deepEqual(
      [range.start_line, range.start_side, range.line, range.side, range.position, range.original_start_line],
      [15, 'RIGHT', 17, 'RIGHT', 13, 15],
    );
    const { data: across } = await grace.rest.pulls.createReviewComment({
      ...repo,
      pull_number: pr.pull_number,
      commit_id: pr.head,
      path: 'src/long.ts',
      start_line: 17,
      start_side: 'LEFT',
      line: 17,
      side: 'RIGHT',
      body: 'Old and new',
    });
    assert.deepEqual([across.start_line, across.start_side, across.line, across.side], [17, 'LEFT', 17, 'RIGHT']);
  });

  it('answers 422 for a comment outside the diff, and creates nothing', async () => {
    const pr = await openPull('outside');
    const grace = h.client('grace');
    const before = counts(pr.model);
    const comment = (extra: { path?: string; line?: number; side?: 'LEFT' | 'RIGHT'; start_line?: number }) =>
      rejection(grace.rest.pulls.createReviewComment({ ...repo, pull_number: pr.pull_number, commit_id: pr.head, body: 'x', path: 'src/long.ts', ...extra }));

    const outside = await comment({ path: 'src/long.ts', line: 10 });
    assert.equal(outside.status, 422);
    const body = messageOf(outside);
    assert.equal(body.message, 'Validation Failed');
    assert.deepEqual(body.errors, [
      { resource: 'PullRequestReviewComment', code: 'custom', field: 'pull_request_review_thread.line', message: 'could not be resolved' },
    ]);
    assert.equal(body.status, '422');
    assert.equal(messageOf(await comment({ path: 'src/other.ts', line: 1 })).message, 'Validation Failed', 'a file the pull request does not change');
    assert.equal(messageOf(await comment({ path: 'src/long.ts', line: 10, side: 'LEFT' })).message, 'Validation Failed');
    const hunks = messageOf(await comment({ path: 'src/long.ts', start_line: 3, line: 17 }));
    assert.deepEqual(hunks.errors, [
      {
        resource: 'PullRequestReviewComment',
        code: 'custom',
        field: 'pull_request_review_thread.start_line',
        message: 'must be part of the same hunk as the line.',
      },
    ]);
    assert.deepEqual(counts(pr.model), before);
  });

  it('comments on a whole file with subject_type file, only on a file of the diff', async () => {
    const pr = await openPull('file-level');
    const grace = h.client('grace');
    const { data: onFile } = await grace.rest.pulls.createReviewComment({
      ...repo,
      pull_number: pr.pull_number,
      commit_id: pr.head,
      path: 'src/extra.ts',
      subject_type: 'file',
      body: 'Why a new file?',
    });
    assert.equal(onFile.subject_type, 'file');
    assert.equal(onFile.path, 'src/extra.ts');
    assert.equal(onFile.line ?? null, null);
    assert.equal(onFile.position ?? null, null);
    assert.equal(onFile.start_line, null);
    const error = await rejection(
      grace.rest.pulls.createReviewComment({
        ...repo,
        pull_number: pr.pull_number,
        commit_id: pr.head,
        path: 'src/other.ts',
        subject_type: 'file',
        body: 'Unchanged',
      }),
    );
    assert.equal(error.status, 422);
    assert.equal(pr.model.pull!.reviewComments.length, 1);
  });

  it('anchors a comment to an earlier commit of the pull request, and refuses a commit outside it', async () => {
    const pr = await openPull('commits');
    const grace = h.client('grace');
    const { data: early } = await grace.rest.pulls.createReviewComment({
      ...repo,
      pull_number: pr.pull_number,
      commit_id: pr.first,
      path: 'src/long.ts',
      line: 17,
      body: 'On the first commit',
    });
    assert.deepEqual([early.commit_id, early.original_commit_id, early.position], [pr.first, pr.first, 13]);
    const notYet = await rejection(
      grace.rest.pulls.createReviewComment({
        ...repo,
        pull_number: pr.pull_number,
        commit_id: pr.first,
        path: 'src/extra.ts',
        line: 1,
        body: 'Not in that commit',
      }),
    );
    assert.equal(notYet.status, 422, 'src/extra.ts is not in the diff at the first commit');
    for (const commit_id of [pr.base, 'f'.repeat(40)]) {
      const outside = await rejection(
        grace.rest.pulls.createReviewComment({ ...repo, pull_number: pr.pull_number, commit_id, path: 'src/long.ts', line: 17, body: 'x' }),
      );
      assert.deepEqual(messageOf(outside).errors, [
        { resource: 'PullRequestReviewComment', code: 'invalid', field: 'commit_id', message: 'commit_id is not part of the pull request' },
      ]);
    }
  });

  it('threads replies under the root comment, by in_reply_to and by /replies', async () => {
    const pr = await openPull('replies');
    const grace = h.client('grace');
    const ada = h.client('ada');
    const { data: root } = await grace.rest.pulls.createReviewComment({
      ...repo,
      pull_number: pr.pull_number,
      commit_id: pr.head,
      path: 'src/long.ts',
      start_line: 15,
      line: 17,
      body: 'Why?',
    });
    const { data: answer } = await ada.rest.pulls.createReviewComment({
      ...repo,
      pull_number: pr.pull_number,
      in_reply_to: root.id,
      body: 'Because @grace asked',
    } as never);
    const { data: again, status } = await grace.rest.pulls.createReplyForReviewComment({
      ...repo,
      pull_number: pr.pull_number,
      comment_id: answer.id,
      body: 'Thanks',
    });
    assert.equal(status, 201);
    for (const reply of [answer, again]) {
      assert.equal(reply.in_reply_to_id, root.id, 'a reply to a reply joins the root');
      assert.deepEqual(
        [reply.path, reply.line, reply.start_line, reply.position, reply.diff_hunk],
        [root.path, root.line, root.start_line, root.position, root.diff_hunk],
      );
    }
    const threads = pr.model.pull!.threads;
    assert.equal(threads.length, 1);
    assert.deepEqual(
      threads[0].comments.map((c) => c.id),
      [root.id, answer.id, again.id],
    );
    assert.deepEqual(
      (await ada.rest.pulls.listReviews({ ...repo, pull_number: pr.pull_number })).data.map((r) => r.user?.login),
      ['grace', 'ada', 'grace'],
    );

    const adaThread = h.sandbox.state.notifications.find((t) => t.user.login === 'ada' && t.issue === pr.model);
    assert.deepEqual([adaThread?.reason, adaThread?.latestComment], ['author', { kind: 'review_comment', id: again.id }]);
    assert.equal(h.sandbox.state.notifications.find((t) => t.user.login === 'grace' && t.issue === pr.model)?.reason, 'mention');

    const missing = await rejection(grace.rest.pulls.createReplyForReviewComment({ ...repo, pull_number: pr.pull_number, comment_id: 999_999, body: 'x' }));
    assert.deepEqual([missing.status, messageOf(missing).message], [404, 'Parent comment not found']);
  });

  it('creates a review with comments, all or nothing', async () => {
    const pr = await openPull('with-comments');
    const grace = h.client('grace');
    const comments = [
      { path: 'src/long.ts', line: 17, body: 'Upper case?' },
      { path: 'src/long.ts', start_line: 1, line: 3, body: 'The top', side: 'RIGHT' as const, start_side: 'RIGHT' as const },
    ];
    const before = counts(pr.model);
    const bad = await rejection(
      grace.rest.pulls.createReview({
        ...repo,
        pull_number: pr.pull_number,
        event: 'COMMENT',
        body: 'Half good',
        comments: [...comments, { path: 'src/long.ts', line: 10, body: 'Not in the diff' }],
      }),
    );
    assert.equal(bad.status, 422);
    const body = messageOf(bad);
    assert.equal(body.message, 'Unprocessable Entity');
    assert.deepEqual(body.errors, ["Pull request review thread line must be part of the diff and Pull request review thread diff hunk can't be blank"]);
    assert.equal(body.status, '422');
    const hunks = await rejection(
      grace.rest.pulls.createReview({
        ...repo,
        pull_number: pr.pull_number,
        event: 'COMMENT',
        comments: [{ path: 'src/long.ts', start_line: 3, line: 17, body: 'x' }],
      }),
    );
    assert.deepEqual(messageOf(hunks).errors, ['Pull request review thread start line must be part of the same hunk as the line.']);
    assert.deepEqual(counts(pr.model), before, 'nothing was created');

    const { data: review, status } = await grace.rest.pulls.createReview({ ...repo, pull_number: pr.pull_number, event: 'APPROVE', body: 'Good', comments });
    assert.deepEqual([status, review.state, review.commit_id, review.user?.login], [200, 'APPROVED', pr.head, 'grace']);
    assert.ok(review.submitted_at);
    const { data: own } = await grace.rest.pulls.listCommentsForReview({ ...repo, pull_number: pr.pull_number, review_id: review.id });
    assert.deepEqual(
      own.map((c) => [c.line, c.position, c.pull_request_review_id]),
      [
        [17, 13, review.id],
        [3, 4, review.id],
      ],
    );
    assert.ok(events.some((e) => e.type === 'review' && e.review.id === review.id));

    const self = await rejection(h.client('ada').rest.pulls.createReview({ ...repo, pull_number: pr.pull_number, event: 'APPROVE' }));
    assert.deepEqual(messageOf(self).errors, ['Review Can not approve your own pull request']);
  });

  it('keeps a pending review to its author until it is submitted', async () => {
    const pr = await openPull('pending');
    const grace = h.client('grace');
    const ada = h.client('ada');
    await ada.rest.pulls.requestReviewers({ ...repo, pull_number: pr.pull_number, reviewers: ['grace'] });
    const { data: pending } = await grace.rest.pulls.createReview({
      ...repo,
      pull_number: pr.pull_number,
      comments: [{ path: 'src/long.ts', line: 17, body: 'Draft thought' }],
    });
    assert.equal(pending.state, 'PENDING');
    assert.equal(pending.submitted_at, undefined);
    const params = { ...repo, pull_number: pr.pull_number, review_id: pending.id };

    assert.deepEqual((await ada.rest.pulls.listReviews({ ...repo, pull_number: pr.pull_number })).data, []);
    assert.equal((await rejection(ada.rest.pulls.getReview(params))).status, 404);
    assert.equal((await ada.rest.pulls.listReviewComments({ ...repo, pull_number: pr.pull_number })).data.length, 0);
    assert.deepEqual(
      (await grace.rest.pulls.listReviews({ ...repo, pull_number: pr.pull_number })).data.map((r) => r.id),
      [pending.id],
    );
    assert.equal((await grace.rest.pulls.listCommentsForReview(params)).data[0]?.body, 'Draft thought');
    assert.equal(
      h.sandbox.state.notifications.some((t) => t.user.login === 'ada' && t.issue === pr.model),
      false,
      'nobody hears of a pending review',
    );
    const blocked = await rejection(
      grace.rest.pulls.createReviewComment({ ...repo, pull_number: pr.pull_number, commit_id: pr.head, path: 'src/long.ts', line: 3, body: 'x' }),
    );
    assert.match(JSON.stringify(messageOf(blocked).errors), /User can only have one pending review per pull request/);

    const { data: submitted } = await grace.rest.pulls.submitReview({ ...params, event: 'REQUEST_CHANGES', body: 'Please reconsider' });
    assert.deepEqual([submitted.state, submitted.body], ['CHANGES_REQUESTED', 'Please reconsider']);
    assert.ok(submitted.submitted_at);
    assert.equal((await ada.rest.pulls.getReview(params)).data.state, 'CHANGES_REQUESTED');
    assert.deepEqual(
      (await ada.rest.pulls.listReviewComments({ ...repo, pull_number: pr.pull_number })).data.map((c) => c.body),
      ['Draft thought'],
    );
    assert.deepEqual((await ada.rest.pulls.listRequestedReviewers({ ...repo, pull_number: pr.pull_number })).data.users, [], 'a review answers the request');
    const adaThread = h.sandbox.state.notifications.find((t) => t.user.login === 'ada' && t.issue === pr.model);
    assert.deepEqual([adaThread?.unread, adaThread?.latestComment], [true, { kind: 'review', id: pending.id }]);
    const twice = await rejection(grace.rest.pulls.submitReview({ ...params, event: 'COMMENT', body: 'again' }));
    assert.equal(twice.status, 422);
  });

  it('gets, edits and lists review comments across the repository, with since and media types', async () => {
    const pr = await openPull('edits');
    const grace = h.client('grace');
    const { data: made } = await grace.rest.pulls.createReviewComment({
      ...repo,
      pull_number: pr.pull_number,
      commit_id: pr.head,
      path: 'src/long.ts',
      line: 17,
      body: 'first',
    });
    const { data: edited } = await grace.rest.pulls.updateReviewComment({ ...repo, comment_id: made.id, body: '**second**' });
    assert.equal(edited.body, '**second**');
    const html = await h.client('ada').rest.pulls.getReviewComment({ ...repo, comment_id: made.id, mediaType: { format: 'html' } });
    assert.match((html.data as { body_html?: string }).body_html ?? '', /<strong>second<\/strong>/);
    const denied = await rejection(
      h.client('eve', { checkContract: false }).rest.pulls.updateReviewComment({ ...repo, comment_id: made.id, body: 'mine now' }),
    );
    assert.equal(denied.status, 403);

    const all = await grace.rest.pulls.listReviewCommentsForRepo({ ...repo, per_page: 100 });
    assert.ok(all.data.some((c) => c.id === made.id));
    assert.ok(
      all.data.every((c, i) => i === 0 || all.data[i - 1].id < c.id),
      'by id, ascending',
    );
    const future = new Date(Date.now() + 3_600_000).toISOString();
    assert.deepEqual((await grace.rest.pulls.listReviewCommentsForRepo({ ...repo, since: future })).data, []);
  });

  it('answers 404 for review comments of a private repository the user cannot see', async () => {
    await h.admin('POST', '/_sandbox/repos', { owner: 'ada', name: 'closed-book', private: true, files: { 'a.txt': 'a\n' }, collaborators: ['grace'] });
    await h.admin('POST', '/_sandbox/repos/ada/closed-book/commits', { branch: 'topic', files: { 'a.txt': 'b\n' }, author: 'ada' });
    const { data: pr } = await h.client('ada').rest.pulls.create({ owner: 'ada', repo: 'closed-book', head: 'topic', base: 'main', title: 'Private' });
    const { data: c } = await h.client('grace').rest.pulls.createReviewComment({
      owner: 'ada',
      repo: 'closed-book',
      pull_number: pr.number,
      commit_id: pr.head.sha,
      path: 'a.txt',
      line: 1,
      body: 'secret',
    });
    assert.equal((await rejection(h.client('eve').rest.pulls.getReviewComment({ owner: 'ada', repo: 'closed-book', comment_id: c.id }))).status, 404);
    const eve = h.client('eve', { checkContract: false });
    assert.equal(
      (
        await rejection(
          eve.rest.pulls.createReviewComment({
            owner: 'ada',
            repo: 'closed-book',
            pull_number: pr.number,
            commit_id: pr.head.sha,
            path: 'a.txt',
            line: 1,
            body: 'x',
          }),
        )
      ).status,
      404,
    );
    assert.equal((await rejection(eve.rest.pulls.listReviews({ owner: 'ada', repo: 'closed-book', pull_number: pr.number }))).status, 404);
  });
});
