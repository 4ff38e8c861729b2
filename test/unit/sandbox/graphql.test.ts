import { strict as assert } from 'node:assert';
import { mapRange } from '../../sandbox/outdated';
import { pushCommit } from '../../sandbox/repos';
import { nodeId } from '../../sandbox/serialize';
import type { ReviewThread, SandboxEvent } from '../../sandbox/state';
import { Fixture, MATH } from './graphqlFixture';
import { startHarness, type Harness } from './harness';

interface RawResponse {
  data?: Record<string, unknown> | null;
  errors?: { type?: string; message: string; path?: (string | number)[] }[];
}

describe('sandbox: GraphQL', () => {
  let h: Harness;
  let fx: Fixture;
  before(async () => {
    h = await startHarness();
    fx = new Fixture(h.sandbox);
  });
  after(() => h.close());

  /** POST /graphql as a user, returning GitHub's whole answer (data and errors). */
  async function raw(login: string, query: string, variables: Record<string, unknown> = {}): Promise<RawResponse> {
    const res = await fetch(`${h.sandbox.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `bearer ${h.sandbox.users()[login]}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    assert.equal(res.status, 200);
    return (await res.json()) as RawResponse;
  }

  it("answers a batched query of several pull requests' threads, reviews and comments in one request", async () => {
    const one = await fx.pull(
      'ada',
      'batch-one',
      { 'src/math.ts': MATH({ 2: '  return a + b; // sum', 8: '  return values.length ? total / values.length : 0;' }) },
      'Guard mean',
      'Fixes **empty** input',
    );
    const two = await fx.pull('ada', 'batch-two', { 'README.md': '# sample\n\nNow with docs.\n' }, 'Docs');
    const single = await fx.thread(one, 'grace', 'Why `: 0` here?\n\nSee @ada', { path: 'src/math.ts', line: 8 });
    fx.reply(single, 'ada', 'Empty input would divide by zero.');
    const multi = await fx.thread(one, 'grace', 'Nice', { path: 'src/math.ts', startLine: 6, line: 8 });
    multi.isResolved = true;
    multi.resolvedBy = fx.user('ada');
    await fx.thread(two, 'grace', 'Whole-file remark', { path: 'README.md' });
    fx.review(one, 'grace', 'APPROVED', 'Looks good');
    const pending = fx.review(one, 'grace', 'PENDING');
    await fx.thread(one, 'grace', 'draft, not yet submitted', { path: 'src/math.ts', line: 2, review: pending });
    fx.comment(one, 'grace', 'Thanks for this _change_');
    fx.comment(two, 'eve', 'Drive-by');

    const query = /* GraphQL */ `
      query Batch($owner: String!, $name: String!, $a: Int!, $b: Int!) {
        repository(owner: $owner, name: $name) {
          a: pullRequest(number: $a) {
            ...Ask
          }
          b: pullRequest(number: $b) {
            ...Ask
          }
        }
        rateLimit {
          cost
          remaining
        }
      }
      fragment Ask on PullRequest {
        id
        number
        title
        body
        bodyHTML
        state
        headRefName
        headRefOid
        author {
          login
        }
        reviewThreads(first: 50) {
          totalCount
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
            id
            isResolved
            isOutdated
            isCollapsed
            line
            startLine
            originalLine
            path
            diffSide
            subjectType
            resolvedBy {
              login
            }
            viewerCanResolve
            viewerCanUnresolve
            viewerCanReply
            comments(first: 50) {
              nodes {
                id
                databaseId
                body
                bodyHTML
                bodyText
                author {
                  login
                  ... on User {
                    url
                  }
                }
                path
                line
                diffHunk
                commit {
                  oid
                }
                originalCommit {
                  oid
                }
                replyTo {
                  id
                }
                pullRequestReview {
                  id
                  state
                }
                outdated
                state
              }
            }
          }
        }
        reviews(first: 20) {
          nodes {
            id
            databaseId
            state
            body
            author {
              login
            }
            submittedAt
            commit {
              oid
            }
            comments(first: 10) {
              totalCount
            }
          }
        }
        comments(first: 50) {
          totalCount
          nodes {
            id
            databaseId
            body
            bodyHTML
            author {
              login
            }
            url
          }
        }
      }
    `;
    const before = h.sandbox.accounting.userStats('ada').graphqlQueries;
    type Pr = {
      id: string;
      number: number;
      title: string;
      body: string;
      bodyHTML: string;
      state: string;
      headRefName: string;
      headRefOid: string;
      author: { login: string };
      reviewThreads: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean };
        nodes: {
          id: string;
          isResolved: boolean;
          isOutdated: boolean;
          isCollapsed: boolean;
          line: number | null;
          startLine: number | null;
          originalLine: number | null;
          path: string;
          diffSide: string;
          subjectType: string;
          resolvedBy: { login: string } | null;
          viewerCanResolve: boolean;
          viewerCanUnresolve: boolean;
          viewerCanReply: boolean;
          comments: {
            nodes: {
              id: string;
              databaseId: number;
              body: string;
              bodyHTML: string;
              bodyText: string;
              author: { login: string; url: string };
              path: string;
              line: number | null;
              diffHunk: string;
              commit: { oid: string };
              originalCommit: { oid: string };
              replyTo: { id: string } | null;
              pullRequestReview: { id: string; state: string };
              outdated: boolean;
              state: string;
            }[];
          };
        }[];
      };
      reviews: {
        nodes: {
          id: string;
          databaseId: number;
          state: string;
          body: string;
          author: { login: string };
          submittedAt: string | null;
          commit: { oid: string };
          comments: { totalCount: number };
        }[];
      };
      comments: { totalCount: number; nodes: { id: string; databaseId: number; body: string; bodyHTML: string; author: { login: string }; url: string }[] };
    };
    const data = await h
      .client('ada')
      .graphql<{ repository: { a: Pr; b: Pr }; rateLimit: { cost: number } }>(query, { owner: 'ada', name: 'sample', a: one.number, b: two.number });
    assert.equal(h.sandbox.accounting.userStats('ada').graphqlQueries, before + 1, 'one request');
    const { a, b } = data.repository;

    assert.equal(a.id, nodeId('PullRequest', one.id));
    assert.equal(a.title, 'Guard mean');
    assert.equal(a.bodyHTML, '<p>Fixes <strong>empty</strong> input</p>');
    assert.equal(a.state, 'OPEN');
    assert.equal(a.headRefName, 'batch-one');
    assert.equal(a.headRefOid, one.pull!.headSha);
    assert.equal(a.reviewThreads.totalCount, 2, "grace's pending review stays hidden from ada");
    const [t1, t2] = a.reviewThreads.nodes;
    assert.ok(t1 && t2);
    assert.deepEqual(
      {
        id: t1.id,
        isResolved: t1.isResolved,
        isOutdated: t1.isOutdated,
        line: t1.line,
        startLine: t1.startLine,
        path: t1.path,
        diffSide: t1.diffSide,
        subjectType: t1.subjectType,
        canResolve: t1.viewerCanResolve,
      },
      {
        id: nodeId('PullRequestReviewThread', single.id),
        isResolved: false,
        isOutdated: false,
        line: 8,
        startLine: null,
        path: 'src/math.ts',
        diffSide: 'RIGHT',
        subjectType: 'LINE',
        canResolve: true,
      },
    );
    const [root, answer] = t1.comments.nodes;
    assert.ok(root && answer);
    assert.equal(root.body, 'Why `: 0` here?\n\nSee @ada');
    assert.match(root.bodyHTML, /<code>: 0<\/code>/);
    assert.match(root.bodyHTML, /<a href="http:\/\/127\.0\.0\.1:\d+\/ada"[^>]*class="user-mention"/);
    assert.equal(root.bodyText, 'Why : 0 here?\nSee @ada');
    assert.equal(root.author.login, 'grace');
    assert.match(root.diffHunk, /^@@ .* @@/);
    assert.ok(root.diffHunk.endsWith('+  return values.length ? total / values.length : 0;'));
    assert.equal(root.commit.oid, one.pull!.headSha);
    assert.equal(root.originalCommit.oid, one.pull!.headSha);
    assert.equal(root.replyTo, null);
    assert.equal(root.state, 'SUBMITTED');
    assert.equal(answer.replyTo?.id, root.id);
    assert.equal(answer.author.login, 'ada');
    assert.equal(t2.isResolved, true);
    assert.equal(t2.isCollapsed, true);
    assert.equal(t2.resolvedBy?.login, 'ada');
    assert.deepEqual([t2.startLine, t2.line], [6, 8]);
    assert.deepEqual([t2.viewerCanResolve, t2.viewerCanUnresolve], [false, true]);

    assert.deepEqual(
      a.reviews.nodes.map((r) => [r.author.login, r.state, r.body]),
      [
        ['grace', 'COMMENTED', ''],
        ['ada', 'COMMENTED', ''],
        ['grace', 'COMMENTED', ''],
        ['grace', 'APPROVED', 'Looks good'],
      ],
    );
    assert.equal(a.reviews.nodes[0].comments.totalCount, 1);
    assert.equal(a.comments.totalCount, 1);
    assert.equal(a.comments.nodes[0].bodyHTML, '<p>Thanks for this <em>change</em></p>');
    assert.equal(a.comments.nodes[0].id, nodeId('IssueComment', one.comments[0].id));
    assert.match(a.comments.nodes[0].url, new RegExp(`/ada/sample/pull/${one.number}#issuecomment-${one.comments[0].id}$`));

    assert.equal(b.reviewThreads.nodes[0].subjectType, 'FILE');
    assert.equal(b.reviewThreads.nodes[0].line, null);
    assert.equal(b.comments.nodes[0].author.login, 'eve');

    // The pending review is its author's to see.
    const mine = await h
      .client('grace')
      .graphql<{ repository: { pullRequest: { reviewThreads: { totalCount: number }; reviews: { nodes: { state: string }[] } } } }>(
        `query { repository(owner: "ada", name: "sample") { pullRequest(number: ${one.number}) { reviewThreads(first: 10) { totalCount } reviews(first: 10, states: [PENDING]) { nodes { state } } } } }`,
      );
    assert.equal(mine.repository.pullRequest.reviewThreads.totalCount, 3);
    assert.deepEqual(mine.repository.pullRequest.reviews.nodes, [{ state: 'PENDING' }]);
  });

  it('resolves REST node_ids with nodes(ids:), and answers null plus an error for unknown ones', async () => {
    const pr = await fx.pull('ada', 'node-ids', { 'src/math.ts': MATH({ 2: '  return b + a;' }) });
    const thread = await fx.thread(pr, 'grace', 'Why swap?', { path: 'src/math.ts', line: 2 });
    const comment = fx.comment(pr, 'grace', 'hello');
    const issue = fx.issue('grace', 'A plain issue');
    const ada = h.client('ada');
    const where = { owner: 'ada', repo: 'sample' };
    // node_ids as the REST API serves them (responses contract-checked by the harness).
    const ids = [
      (await ada.rest.repos.get(where)).data.node_id,
      (await ada.rest.users.getByUsername({ username: 'grace' })).data.node_id,
      (await ada.rest.pulls.get({ ...where, pull_number: pr.number })).data.node_id,
      (await ada.rest.issues.get({ ...where, issue_number: issue.number })).data.node_id,
      (await ada.rest.issues.listComments({ ...where, issue_number: pr.number })).data[0].node_id,
      (await ada.rest.pulls.listReviews({ ...where, pull_number: pr.number })).data[0].node_id,
      (await ada.rest.pulls.listReviewComments({ ...where, pull_number: pr.number })).data[0].node_id,
      nodeId('PullRequestReviewThread', thread.id), // threads have no REST representation
    ];
    assert.equal(ids[4], nodeId('IssueComment', comment.id));
    const data = await ada.graphql<{ nodes: { __typename: string; id: string }[] }>('query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }', { ids });
    assert.deepEqual(
      data.nodes.map((n) => n.__typename),
      ['Repository', 'User', 'PullRequest', 'Issue', 'IssueComment', 'PullRequestReview', 'PullRequestReviewComment', 'PullRequestReviewThread'],
    );
    assert.deepEqual(
      data.nodes.map((n) => n.id),
      ids,
    );
    const one = await ada.graphql<{ node: { number: number; title: string } }>('query($id: ID!) { node(id: $id) { ... on PullRequest { number title } } }', {
      id: ids[2],
    });
    assert.deepEqual(one.node, { number: pr.number, title: pr.title });

    const bogus = nodeId('PullRequest', 999_999);
    const out = await raw('ada', 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: [ids[0], bogus, 'not-an-id'] });
    assert.deepEqual(out.data, { nodes: [{ id: ids[0] }, null, null] });
    assert.deepEqual(
      out.errors?.map((e) => [e.type, e.path, e.message]),
      [
        ['NOT_FOUND', ['nodes', 1], `Could not resolve to a node with the global id of '${bogus}'`],
        ['NOT_FOUND', ['nodes', 2], "Could not resolve to a node with the global id of 'not-an-id'"],
      ],
    );
  });

  it('hides what a user cannot read: a private repository is NOT_FOUND, by name and by node id', async () => {
    const { state } = h.sandbox;
    const { createRepo } = await import('../../sandbox/repos');
    const secret = await createRepo(h.sandbox, state.user('grace')!, 'secret', { isPrivate: true, files: { 'a.txt': 'a\n' } });
    const out = await raw('eve', `query { repository(owner: "grace", name: "secret") { id } node(id: "${nodeId('Repository', secret.id)}") { id } }`);
    assert.deepEqual(out.data, { repository: null, node: null });
    assert.deepEqual(
      out.errors?.map((e) => [e.type, e.message]),
      [
        ['NOT_FOUND', "Could not resolve to a Repository with the name 'grace/secret'."],
        ['NOT_FOUND', `Could not resolve to a node with the global id of '${nodeId('Repository', secret.id)}'`],
      ],
    );
    const own = await h
      .client('grace')
      .graphql<{ repository: { isPrivate: boolean; viewerPermission: string } }>(
        '{ repository(owner: "grace", name: "secret") { isPrivate viewerPermission } }',
      );
    assert.deepEqual(own.repository, { isPrivate: true, viewerPermission: 'ADMIN' });
  });

  it('keeps a thread on untouched lines current and outdates one whose lines a new head commit changed', async () => {
    const pr = await fx.pull('ada', 'outdated', {
      'src/math.ts': MATH({ 2: '  return a + b; // sum', 8: '  return values.length ? total / values.length : 0;' }),
    });
    const untouched = await fx.thread(pr, 'grace', 'on the sum', { path: 'src/math.ts', line: 2 });
    const changed = await fx.thread(pr, 'grace', 'on the loop', { path: 'src/math.ts', startLine: 6, line: 8 });
    const file = await fx.thread(pr, 'grace', 'about the readme', { path: 'README.md' });
    const firstHead = pr.pull!.headSha;
    const query = `query($n: Int!) { repository(owner: "ada", name: "sample") { pullRequest(number: $n) { headRefOid reviewThreads(first: 10) {
      nodes { id isOutdated line startLine originalLine originalStartLine comments(first: 5) { nodes { outdated line commit { oid } originalCommit { oid } } } } } } } }`;
    type Threads = {
      repository: {
        pullRequest: {
          headRefOid: string;
          reviewThreads: {
            nodes: {
              id: string;
              isOutdated: boolean;
              line: number | null;
              startLine: number | null;
              originalLine: number | null;
              originalStartLine: number | null;
              comments: { nodes: { outdated: boolean; line: number | null; commit: { oid: string }; originalCommit: { oid: string } }[] };
            }[];
          };
        };
      };
    };
    const grace = h.client('grace');
    const fetchThreads = async () => {
      const d = await grace.graphql<Threads>(query, { n: pr.number });
      const byId = new Map(d.repository.pullRequest.reviewThreads.nodes.map((t) => [t.id, t]));
      const get = (t: ReviewThread) => byId.get(nodeId('PullRequestReviewThread', t.id))!;
      return { head: d.repository.pullRequest.headRefOid, untouched: get(untouched), changed: get(changed), file: get(file) };
    };
    const at = await fetchThreads();
    assert.deepEqual([at.untouched.isOutdated, at.changed.isOutdated, at.file.isOutdated], [false, false, false]);

    // A real commit on the head branch: one line added at the top, the loop (inside the multi-line range) rewritten.
    const sha = await pushCommit(
      h.sandbox,
      fx.repo,
      fx.user('ada'),
      'outdated',
      null,
      {
        'src/math.ts': MATH(
          { 2: '  return a + b; // sum', 7: '  for (const value of values) total += value;', 8: '  return values.length ? total / values.length : 0;' },
          ['// math helpers'],
        ),
      },
      'Rename loop variable',
    );
    assert.equal(pr.pull!.headSha, sha, 'the push moved the pull request head');
    const now = await fetchThreads();
    assert.equal(now.head, sha);
    assert.equal(now.untouched.isOutdated, false, 'a thread on untouched lines stays current');
    assert.deepEqual([now.untouched.line, now.untouched.originalLine], [3, 2], 'and moves with the line');
    assert.equal(now.untouched.comments.nodes[0].commit.oid, sha);
    assert.equal(now.changed.isOutdated, true);
    assert.deepEqual([now.changed.line, now.changed.startLine, now.changed.originalLine, now.changed.originalStartLine], [null, null, 8, 6]);
    assert.deepEqual(
      now.changed.comments.nodes.map((c) => [c.outdated, c.line, c.commit.oid, c.originalCommit.oid]),
      [[true, null, firstHead, firstHead]],
    );
    assert.equal(now.file.isOutdated, false, 'README.md did not change');

    await pushCommit(h.sandbox, fx.repo, fx.user('ada'), 'outdated', null, { 'README.md': '# sample\n\nChanged.\n' }, 'Touch readme');
    assert.equal((await fetchThreads()).file.isOutdated, true, 'a file-level thread goes out of date when its file changes');
  });

  it('resolves and unresolves a thread; the partner is notified; others may not', async () => {
    const { state } = h.sandbox;
    const pr = await fx.pull('ada', 'resolve', { 'src/math.ts': MATH({ 6: '  let total = 0; // running sum' }) });
    const thread = await fx.thread(pr, 'grace', 'Could this be a reduce?', { path: 'src/math.ts', line: 6 });
    const events: SandboxEvent[] = [];
    const off = state.on((e) => events.push(e));
    const id = nodeId('PullRequestReviewThread', thread.id);
    const mutation = (name: string) =>
      `mutation($id: ID!) { ${name}(input: { threadId: $id, clientMutationId: "m1" }) { clientMutationId thread { id isResolved resolvedBy { login } viewerCanResolve viewerCanUnresolve } } }`;
    const graceThread = () => state.notifications.find((n) => n.user.login === 'grace' && n.issue === pr);
    try {
      type Out = {
        resolveReviewThread: {
          clientMutationId: string;
          thread: { id: string; isResolved: boolean; resolvedBy: { login: string } | null; viewerCanResolve: boolean; viewerCanUnresolve: boolean };
        };
      };
      const out = await h.client('ada').graphql<Out>(mutation('resolveReviewThread'), { id });
      assert.deepEqual(out.resolveReviewThread, {
        clientMutationId: 'm1',
        thread: { id, isResolved: true, resolvedBy: { login: 'ada' }, viewerCanResolve: false, viewerCanUnresolve: true },
      });
      assert.equal(thread.isResolved, true);
      assert.equal(thread.resolvedBy?.login, 'ada');
      assert.ok(events.some((e) => e.type === 'thread_resolved' && e.thread === thread && e.actor.login === 'ada'));
      const n = graceThread();
      assert.ok(n, 'grace has a notification thread for the pull request');
      assert.equal(n.unread, true);
      assert.equal(
        state.notifications.some((x) => x.user.login === 'ada' && x.issue === pr),
        false,
        'never for the actor',
      );

      n.unread = false;
      const back = await h.client('ada').graphql<{ unresolveReviewThread: Out['resolveReviewThread'] }>(mutation('unresolveReviewThread'), { id });
      assert.equal(back.unresolveReviewThread.thread.isResolved, false);
      assert.equal(back.unresolveReviewThread.thread.resolvedBy, null);
      assert.equal(thread.isResolved, false);
      assert.equal(graceThread()?.unread, true);

      // eve can read the public repository but neither wrote the pull request nor may push to it.
      const denied = await raw('eve', mutation('resolveReviewThread'), { id });
      assert.equal(denied.errors?.[0]?.type, 'FORBIDDEN');
      assert.match(denied.errors?.[0]?.message ?? '', /eve does not have the correct permissions to execute `ResolveReviewThread`/);
      assert.equal(thread.isResolved, false);
      const unknown = await raw('ada', mutation('resolveReviewThread'), { id: nodeId('PullRequestReviewThread', 424_242) });
      assert.equal(unknown.errors?.[0]?.type, 'NOT_FOUND');
    } finally {
      off();
    }
  });

  it('adds a thread reply and an issue comment by mutation, consistently with the state REST reads', async () => {
    const { state } = h.sandbox;
    const pr = await fx.pull('ada', 'reply', { 'src/math.ts': MATH({ 2: '  return a + b + 0;' }) });
    const thread = await fx.thread(pr, 'grace', 'Why + 0?', { path: 'src/math.ts', line: 2 });
    const events: SandboxEvent[] = [];
    const off = state.on((e) => events.push(e));
    try {
      const replied = await h.client('ada').graphql<{
        addPullRequestReviewThreadReply: {
          comment: {
            id: string;
            body: string;
            replyTo: { id: string };
            path: string;
            line: number;
            pullRequestReview: { state: string; author: { login: string } };
          };
        };
      }>('mutation($t: ID!, $body: String!) { addPullRequestReviewThreadReply(input: { pullRequestReviewThreadId: $t, body: $body }) { comment { id body replyTo { id } path line pullRequestReview { state author { login } } } } }', { t: nodeId('PullRequestReviewThread', thread.id), body: 'To **force** a number, @grace' });
      const c = replied.addPullRequestReviewThreadReply.comment;
      const stored = thread.comments[1];
      assert.equal(c.id, nodeId('PullRequestReviewComment', stored.id));
      assert.deepEqual(
        [c.body, c.replyTo.id, c.path, c.line],
        ['To **force** a number, @grace', nodeId('PullRequestReviewComment', thread.comments[0].id), 'src/math.ts', 2],
      );
      assert.deepEqual(c.pullRequestReview, { state: 'COMMENTED', author: { login: 'ada' } });
      assert.ok(pr.pull!.reviewComments.includes(stored) && pr.pull!.reviews.includes(stored.review) && stored.inReplyTo === thread.comments[0]);
      assert.ok(events.some((e) => e.type === 'review_comment' && e.comment === stored));
      const n = state.notifications.find((x) => x.user.login === 'grace' && x.issue === pr);
      assert.deepEqual([n?.reason, n?.latestComment], ['mention', { kind: 'review_comment', id: stored.id }]);

      const added = await h
        .client('grace')
        .graphql<{ addComment: { commentEdge: { cursor: string; node: { id: string; body: string; author: { login: string } } }; subject: { id: string } } }>(
          'mutation($s: ID!) { addComment(input: { subjectId: $s, body: "Got it, thanks!" }) { commentEdge { cursor node { id body author { login } } } subject { id } } }',
          { s: nodeId('PullRequest', pr.id) },
        );
      const ic = pr.comments.at(-1)!;
      assert.deepEqual(added.addComment.commentEdge.node, { id: nodeId('IssueComment', ic.id), body: 'Got it, thanks!', author: { login: 'grace' } });
      assert.equal(added.addComment.subject.id, nodeId('PullRequest', pr.id));
      assert.ok(events.some((e) => e.type === 'issue_comment' && e.comment === ic));

      const blank = await raw('ada', `mutation { addComment(input: { subjectId: "${nodeId('PullRequest', pr.id)}", body: "  " }) { subject { id } } }`);
      assert.equal(blank.errors?.[0]?.type, 'UNPROCESSABLE');
    } finally {
      off();
    }
  });

  it('searches issues and pull requests with the search query syntax', async () => {
    const flaky = fx.issue('grace', 'Flaky mean test', 'It fails on empty input');
    fx.issue('grace', 'Unrelated');
    const pr = await fx.pull('grace', 'search-me', { 'src/math.ts': MATH({ 8: '  return total / Math.max(1, values.length);' }) }, 'Fix flaky mean');
    type Search = {
      search: { issueCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: { __typename: string; number: number; title: string }[] };
    };
    const q =
      'query($q: String!, $after: String) { search(query: $q, type: ISSUE, first: 1, after: $after) { issueCount pageInfo { hasNextPage endCursor } nodes { __typename ... on Issue { number title } ... on PullRequest { number title } } } }';
    const ada = h.client('ada');
    const first = await ada.graphql<Search>(q, { q: 'repo:ada/sample flaky' });
    assert.equal(first.search.issueCount, 2);
    assert.equal(first.search.pageInfo.hasNextPage, true);
    const second = await ada.graphql<Search>(q, { q: 'repo:ada/sample flaky', after: first.search.pageInfo.endCursor });
    assert.equal(second.search.pageInfo.hasNextPage, false);
    assert.deepEqual([...first.search.nodes, ...second.search.nodes].map((n) => n.number).sort(), [flaky.number, pr.number].sort());
    const prs = await ada.graphql<Search>(q, { q: 'repo:ada/sample is:pr flaky' });
    assert.deepEqual(prs.search.nodes, [{ __typename: 'PullRequest', number: pr.number, title: 'Fix flaky mean' }]);
  });

  it('pages connections with cursors and refuses first/last above 100 as GitHub does', async () => {
    const pr = await fx.pull('ada', 'paging', { 'src/math.ts': MATH({ 2: '  return a + b; // paged' }) });
    for (let i = 1; i <= 5; i++) fx.comment(pr, 'grace', `comment ${i}`);
    type Page = {
      repository: {
        pullRequest: {
          comments: {
            totalCount: number;
            pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string };
            edges: { cursor: string; node: { body: string } }[];
          };
        };
      };
    };
    const q = (args: string) =>
      `query($n: Int!${args.includes('$c') ? ', $c: String' : ''}) { repository(owner: "ada", name: "sample") { pullRequest(number: $n) { comments(${args}) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { body } } } } } }`;
    const ada = h.client('ada');
    const p1 = (await ada.graphql<Page>(q('first: 2'), { n: pr.number })).repository.pullRequest.comments;
    assert.deepEqual(
      p1.edges.map((e) => e.node.body),
      ['comment 1', 'comment 2'],
    );
    assert.deepEqual([p1.totalCount, p1.pageInfo.hasNextPage, p1.pageInfo.hasPreviousPage], [5, true, false]);
    assert.equal(p1.pageInfo.endCursor, p1.edges[1].cursor);
    const p2 = (await ada.graphql<Page>(q('first: 2, after: $c'), { n: pr.number, c: p1.pageInfo.endCursor })).repository.pullRequest.comments;
    assert.deepEqual(
      p2.edges.map((e) => e.node.body),
      ['comment 3', 'comment 4'],
    );
    assert.equal(p2.pageInfo.hasPreviousPage, true);
    const last = (await ada.graphql<Page>(q('last: 2, before: $c'), { n: pr.number, c: p2.pageInfo.endCursor })).repository.pullRequest.comments;
    assert.deepEqual(
      last.edges.map((e) => e.node.body),
      ['comment 2', 'comment 3'],
    );

    const tooMany = await raw('ada', q('first: 101'), { n: pr.number });
    assert.equal(tooMany.errors?.[0]?.type, 'EXCESSIVE_PAGINATION');
    assert.equal(tooMany.errors?.[0]?.message, 'Requesting 101 records on the `comments` connection exceeds the `first` limit of 100 records.');
    const none = await raw('ada', q('orderBy: { field: UPDATED_AT, direction: ASC }'), { n: pr.number });
    assert.equal(none.errors?.[0]?.type, 'MISSING_PAGINATION_BOUNDARIES');
    const badCursor = await raw('ada', q('first: 1, after: $c'), { n: pr.number, c: 'bm9wZQ==' });
    assert.equal(badCursor.errors?.[0]?.type, 'INVALID_CURSOR_ARGUMENTS');
  });

  it("charges GitHub's query cost, reports it in rateLimit, and drains the graphql budget by exactly that", async () => {
    const ada = h.client('ada');
    const budget = () => h.sandbox.accounting.budget('ada', 'graphql').used;
    type Cost = { rateLimit: { cost: number; remaining: number; limit: number } };
    // 1 request for the pull requests + 50 for their threads = 51 → round(51 / 100) = 1.
    const small = `query { repository(owner: "ada", name: "sample") { pullRequests(first: 50) { nodes { reviewThreads(first: 100) { nodes { id } } } } } rateLimit { cost remaining limit } }`;
    let before = budget();
    const a = await ada.graphql<Cost>(small);
    assert.equal(a.rateLimit.cost, 1);
    assert.equal(budget(), before + 1);
    assert.equal(a.rateLimit.remaining, a.rateLimit.limit - budget());
    // 1 + 100 × 3 connections = 301 requests → 3 points.
    const big = `query { repository(owner: "ada", name: "sample") { pullRequests(first: 100) { nodes {
      reviewThreads(first: 10) { totalCount } reviews(first: 10) { totalCount } comments(first: 10) { totalCount } } } } rateLimit { cost remaining limit } }`;
    before = budget();
    const b = await ada.graphql<Cost>(big);
    assert.equal(b.rateLimit.cost, 3);
    assert.equal(budget(), before + 3);
    assert.equal(b.rateLimit.remaining, b.rateLimit.limit - budget());
  });

  it('fails loudly, naming Type.field, for a field the sandbox has no resolver for', async () => {
    const pr = await fx.pull('ada', 'no-resolver', { 'README.md': '# sample\n\nx\n' });
    const out = await raw(
      'ada',
      `query { repository(owner: "ada", name: "sample") { pullRequest(number: ${pr.number}) { title timelineItems(first: 5) { totalCount } } } }`,
    );
    assert.match(out.errors?.[0]?.message ?? '', /no resolver for PullRequest\.timelineItems/);
    await assert.rejects(
      h.client('ada').graphql('query { viewer { login bio } }'),
      (e: unknown) => e instanceof Error && /no resolver for User\.bio/.test(e.message),
    );
  });

  it('answers repository fields, lists and lookups by number', async () => {
    const issue = fx.issue('grace', 'Labelled issue');
    issue.labels.push(fx.repo.labels.find((l) => l.name === 'bug')!);
    issue.assignees.push(fx.user('ada'));
    const d = await h.client('ada').graphql<{
      repository: {
        id: string;
        nameWithOwner: string;
        owner: { login: string };
        defaultBranchRef: { name: string; target: { oid: string } };
        issue: { number: number; state: string; labels: { nodes: { name: string }[] }; assignees: { nodes: { login: string }[] } };
        issueOrPullRequest: { __typename: string };
        issues: { nodes: { number: number }[] };
        open: { totalCount: number };
        labels: { totalCount: number };
      };
    }>(
      `query($n: Int!) { repository(owner: "ada", name: "sample") {
      id nameWithOwner owner { login } defaultBranchRef { name target { ... on Commit { oid } } }
      issue(number: $n) { number state labels(first: 5) { nodes { name } } assignees(first: 5) { nodes { login } } }
      issueOrPullRequest(number: 1) { __typename }
      issues(first: 100, labels: ["bug"]) { nodes { number } }
      open: pullRequests(first: 1, states: [OPEN], headRefName: "batch-one") { totalCount }
      labels(first: 20) { totalCount } } }`,
      { n: issue.number },
    );
    const r = d.repository;
    assert.equal(r.id, nodeId('Repository', fx.repo.id));
    assert.equal(r.nameWithOwner, 'ada/sample');
    assert.equal(r.defaultBranchRef.name, 'main');
    assert.equal(r.defaultBranchRef.target.oid, await h.sandbox.git.resolve(fx.repo.gitDir, 'refs/heads/main'));
    assert.deepEqual(r.issue, { number: issue.number, state: 'OPEN', labels: { nodes: [{ name: 'bug' }] }, assignees: { nodes: [{ login: 'ada' }] } });
    assert.equal(r.issueOrPullRequest.__typename, 'PullRequest');
    assert.deepEqual(r.issues.nodes, [{ number: issue.number }]);
    assert.equal(r.open.totalCount, 1);
    assert.equal(r.labels.totalCount, fx.repo.labels.length);
    const missing = await raw('ada', '{ repository(owner: "ada", name: "sample") { pullRequest(number: 9999) { id } } }');
    assert.deepEqual(
      missing.errors?.map((e) => [e.type, e.message, e.path]),
      [['NOT_FOUND', 'Could not resolve to a PullRequest with the number of 9999.', ['repository', 'pullRequest']]],
    );
  });
});

describe('sandbox: where a commented line range lies after a change (outdated.ts)', () => {
  // Changes are zero-context diff hunks: `count` old lines from `start` replaced by `added` lines (count 0: inserted after `start`).
  it('shifts a range by what was added or removed above it', () => {
    assert.deepEqual(mapRange([{ start: 0, count: 0, added: 2 }], 5, 7), { first: 7, last: 9 });
    assert.deepEqual(mapRange([{ start: 1, count: 2, added: 0 }], 5, 7), { first: 3, last: 5 });
    assert.deepEqual(
      mapRange(
        [
          { start: 2, count: 1, added: 1 },
          { start: 9, count: 1, added: 4 },
        ],
        5,
        7,
      ),
      { first: 5, last: 7 },
      'a replacement above and a change below',
    );
    assert.deepEqual(mapRange([{ start: 7, count: 0, added: 3 }], 5, 7), { first: 5, last: 7 }, 'lines added right after the range');
    assert.deepEqual(mapRange([{ start: 4, count: 0, added: 1 }], 5, 5), { first: 6, last: 6 }, 'a line inserted right above a single line');
  });

  it('has no place for a range when a line in it changed, or lines were inserted between its lines', () => {
    assert.equal(mapRange([{ start: 6, count: 1, added: 1 }], 5, 7), undefined);
    assert.equal(mapRange([{ start: 3, count: 3, added: 0 }], 5, 7), undefined, 'a removal overlapping its first line');
    assert.equal(mapRange([{ start: 5, count: 0, added: 1 }], 5, 7), undefined);
  });
});

describe('sandbox GraphQL cost of a document with several operations', () => {
  it('charges only the operation named by operationName, as GitHub does', async () => {
    const { queryCost } = await import('../../sandbox/graphql/cost');
    const { parse } = await import('graphql');
    const doc = parse(`
      query Cheap { viewer { login } }
      query Dear { search(type: ISSUE, query: "x", first: 100) { nodes { ... on Issue { comments(first: 100) { nodes { id } } } } } }
    `);
    assert.deepEqual(queryCost(doc, {}, 'Cheap'), { cost: 1, nodeCount: 0 }, 'the other operation is not counted');
    assert.deepEqual(queryCost(doc, {}, 'Dear'), { cost: 1, nodeCount: 100 + 100 * 100 });
    assert.equal(queryCost(doc, {}).nodeCount, 100 + 100 * 100, 'without a name, every operation (one of them has connections)');
  });
});
