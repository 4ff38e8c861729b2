import { strict as assert } from 'node:assert';
import type { Issue, Repo, SandboxEvent } from '../../sandbox/state';
import { validateResponse } from '../../support/openapi';
import { rejection, startHarness, type Harness } from './harness';

/** A pull request put straight into the state (the pulls routes are tested elsewhere). */
function addPull(h: Harness, repo: Repo, title: string): Issue {
  const ada = h.sandbox.state.user('ada')!;
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const pull: Issue = {
    id: h.sandbox.state.id(),
    repo,
    number: repo.nextNumber++,
    user: ada,
    title,
    body: 'A change',
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
      headRef: 'feature',
      headSha: 'a'.repeat(40),
      baseRef: 'main',
      baseSha: 'b'.repeat(40),
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
  return pull;
}

describe('sandbox: issues, comments and labels', () => {
  let h: Harness;
  let n = 0;
  /** A fresh public repository of ada's (grace collaborates) per test, so tests do not see each other's issues. */
  async function freshRepo(isPrivate = false): Promise<string> {
    const name = `issues-${++n}`;
    const res = await h.admin('POST', '/_sandbox/repos', { owner: 'ada', name, private: isPrivate, files: { 'README.md': '# x\n' }, collaborators: ['grace'] });
    assert.equal(res.status, 201);
    return name;
  }
  before(async () => (h = await startHarness()));
  after(() => h.close());

  it('creates issues numbered per repository, gets them, and answers 422 without a title', async () => {
    const repo = await freshRepo();
    const ada = h.client('ada');
    const first = await ada.rest.issues.create({ owner: 'ada', repo, title: 'First', body: 'Hello', labels: ['bug'], assignees: ['grace'] });
    assert.equal(first.status, 201);
    assert.equal(first.data.number, 1);
    assert.equal(first.headers.location, first.data.url);
    assert.deepEqual(
      first.data.labels.map((l) => (typeof l === 'string' ? l : l.name)),
      ['bug'],
    );
    assert.equal(first.data.assignee?.login, 'grace');
    const second = await h.client('grace').rest.issues.create({ owner: 'ada', repo, title: 'Second' });
    assert.equal(second.data.number, 2);
    const got = await h.client('eve').rest.issues.get({ owner: 'ada', repo, issue_number: 1 });
    assert.equal(got.data.title, 'First');
    assert.equal(got.data.user?.login, 'ada');

    const error = await rejection(ada.rest.issues.create({ owner: 'ada', repo, title: '' }));
    assert.equal(error.status, 422);
    assert.deepEqual((error.response?.data as { errors: unknown[] }).errors, [{ resource: 'Issue', code: 'missing_field', field: 'title' }]);
    assert.equal((await rejection(ada.rest.issues.create({ owner: 'ada', repo, title: 'x', assignees: ['eve'] }))).status, 422, 'eve is not assignable');
    assert.equal((await rejection(ada.rest.issues.get({ owner: 'ada', repo, issue_number: 99 }))).status, 404);
  });

  it('drops labels and assignees from users without push access, as GitHub does', async () => {
    const repo = await freshRepo();
    const { data } = await h.client('eve').rest.issues.create({ owner: 'ada', repo, title: 'From eve', labels: ['bug'], assignees: ['ada'] });
    assert.deepEqual(data.labels, []);
    assert.deepEqual(data.assignees, []);
  });

  it('answers 404 for the issues of a private repository the user cannot see', async () => {
    const repo = await freshRepo(true);
    await h.client('ada').rest.issues.create({ owner: 'ada', repo, title: 'Secret' });
    const eve = h.client('eve');
    assert.equal((await rejection(eve.rest.issues.listForRepo({ owner: 'ada', repo }))).status, 404);
    assert.equal((await rejection(eve.rest.issues.get({ owner: 'ada', repo, issue_number: 1 }))).status, 404);
    assert.equal((await rejection(eve.rest.issues.create({ owner: 'ada', repo, title: 'hi' }))).status, 404);
    assert.equal((await rejection(eve.rest.issues.createComment({ owner: 'ada', repo, issue_number: 1, body: 'hi' }))).status, 404);
    assert.equal((await h.client('grace').rest.issues.listForRepo({ owner: 'ada', repo })).data.length, 1);
  });

  it('lists issues and pull requests with GitHub’s filters and sorting', async () => {
    const repo = await freshRepo();
    const ada = h.client('ada');
    const grace = h.client('grace');
    await ada.rest.issues.create({ owner: 'ada', repo, title: 'bug one', labels: ['bug', 'question'] });
    await grace.rest.issues.create({ owner: 'ada', repo, title: 'bug two', labels: ['bug'], assignees: ['ada'], body: 'cc @eve' });
    await ada.rest.issues.create({ owner: 'ada', repo, title: 'closed one' });
    await ada.rest.issues.update({ owner: 'ada', repo, issue_number: 3, state: 'closed' });
    const pull = addPull(h, h.sandbox.state.repo('ada', repo)!, 'a pull request');
    await grace.rest.issues.createComment({ owner: 'ada', repo, issue_number: 1, body: 'me too' });

    const list = async (params: Record<string, string>) => (await ada.rest.issues.listForRepo({ owner: 'ada', repo, ...params })).data.map((i) => i.number);
    assert.deepEqual(await list({}), [pull.number, 2, 1], 'open only, newest first, pull requests included');
    assert.ok((await ada.rest.issues.listForRepo({ owner: 'ada', repo })).data[0]?.pull_request, 'a pull request is marked as one');
    assert.deepEqual(await list({ state: 'closed' }), [3]);
    assert.deepEqual(await list({ state: 'all', direction: 'asc' }), [1, 2, 3, pull.number]);
    assert.deepEqual(await list({ labels: 'bug' }), [2, 1]);
    assert.deepEqual(await list({ labels: 'bug,question' }), [1], 'every label must match');
    assert.deepEqual(await list({ creator: 'grace' }), [2]);
    assert.deepEqual(await list({ assignee: 'ada' }), [2]);
    assert.deepEqual(await list({ assignee: 'none' }), [pull.number, 1]);
    assert.deepEqual(await list({ mentioned: 'eve' }), [2]);
    assert.deepEqual(await list({ sort: 'comments' }), [1, pull.number, 2]);
    assert.deepEqual(await list({ sort: 'updated', state: 'all' }).then((l) => l.length), 4);
    assert.deepEqual(await list({ since: '2999-01-01T00:00:00Z' }), []);
    assert.equal((await rejection(ada.rest.issues.listForRepo({ owner: 'ada', repo, since: 'yesterday' }))).status, 422);
  });

  it('pages issues with Link headers pointing at /repositories/{id}/issues, which it also serves', async () => {
    const repo = await freshRepo();
    const ada = h.client('ada');
    for (let i = 1; i <= 7; i++) await ada.rest.issues.create({ owner: 'ada', repo, title: `Issue ${i}` });
    const id = h.sandbox.state.repo('ada', repo)!.id;
    const first = await ada.rest.issues.listForRepo({ owner: 'ada', repo, per_page: 3 });
    assert.deepEqual(
      first.data.map((i) => i.number),
      [7, 6, 5],
    );
    assert.match(first.headers.link ?? '', new RegExp(`<${h.sandbox.url}/repositories/${id}/issues\\?per_page=3&page=2>; rel="next"`));
    assert.match(first.headers.link ?? '', /page=3>; rel="last"/);
    // GitHub's description has no /repositories/{id}/... paths; each page is checked against the one for /repos/{owner}/{repo}/issues.
    const unchecked = h.client('ada', { checkContract: false });
    const numbers: number[] = [];
    for await (const page of unchecked.paginate.iterator(unchecked.rest.issues.listForRepo, { owner: 'ada', repo, per_page: 3 })) {
      const result = validateResponse('GET', `/repos/ada/${repo}/issues`, page.status, page.data);
      assert.equal(result.problems, undefined, result.problems);
      numbers.push(...page.data.map((i) => i.number));
    }
    assert.deepEqual(numbers, [7, 6, 5, 4, 3, 2, 1]);
    const last = await unchecked.request('GET /repositories/{id}/issues', { id, per_page: 3, page: 3 });
    assert.match(String(last.headers.link), /rel="prev".*rel="first"/);
    assert.doesNotMatch(String(last.headers.link), /rel="next"/);
  });

  it('edits, closes with a reason and reopens an issue; only the author or a collaborator may', async () => {
    const repo = await freshRepo();
    const { data: created } = await h.client('eve').rest.issues.create({ owner: 'ada', repo, title: 'Typo' });
    const eve = h.client('eve');
    const renamed = await eve.rest.issues.update({ owner: 'ada', repo, issue_number: created.number, title: 'Typo in README', labels: ['bug'] });
    assert.equal(renamed.data.title, 'Typo in README');
    assert.deepEqual(renamed.data.labels, [], 'the author without push access cannot label');
    const { data: other } = await h.client('grace').rest.issues.create({ owner: 'ada', repo, title: 'Grace’s' });
    assert.equal((await rejection(eve.rest.issues.update({ owner: 'ada', repo, issue_number: other.number, title: 'mine now' }))).status, 403);

    const grace = h.client('grace');
    const closed = await grace.rest.issues.update({ owner: 'ada', repo, issue_number: created.number, state: 'closed', state_reason: 'not_planned' });
    assert.equal(closed.data.state, 'closed');
    assert.equal(closed.data.state_reason, 'not_planned');
    assert.ok(closed.data.closed_at);
    assert.equal(closed.data.closed_by?.login, 'grace');
    const reopened = await grace.rest.issues.update({ owner: 'ada', repo, issue_number: created.number, state: 'open', assignees: ['ada'] });
    assert.equal(reopened.data.state_reason, 'reopened');
    assert.equal(reopened.data.closed_at, null);
    assert.deepEqual(
      reopened.data.assignees?.map((u) => u.login),
      ['ada'],
    );
    assert.equal((await rejection(grace.rest.issues.update({ owner: 'ada', repo, issue_number: created.number, state: 'done' as 'open' }))).status, 422);
  });

  it('renders bodies for the html and full media types', async () => {
    const repo = await freshRepo();
    await h.client('ada').rest.issues.create({ owner: 'ada', repo, title: 'x', body: '**bold** <!-- hidden -->' });
    const html = await h.client('ada').rest.issues.get({ owner: 'ada', repo, issue_number: 1, mediaType: { format: 'html' } });
    assert.match(html.data.body_html ?? '', /<strong>bold<\/strong>/);
    assert.equal(html.data.body, undefined);
    const full = await h.client('ada').rest.issues.get({ owner: 'ada', repo, issue_number: 1, mediaType: { format: 'full' } });
    assert.equal(full.data.body_text, '**bold**');
    assert.equal(full.data.body, '**bold** <!-- hidden -->');
  });

  describe('comments', () => {
    it('comments on issues and pull requests, lists them with since and pages, and emits the change', async () => {
      const repo = await freshRepo();
      const ada = h.client('ada');
      await ada.rest.issues.create({ owner: 'ada', repo, title: 'Question' });
      const pull = addPull(h, h.sandbox.state.repo('ada', repo)!, 'PR');
      const events: SandboxEvent[] = [];
      const off = h.sandbox.state.on((e) => events.push(e));
      const grace = h.client('grace');
      const made = await grace.rest.issues.createComment({ owner: 'ada', repo, issue_number: 1, body: 'One' });
      off();
      assert.equal(made.status, 201);
      assert.equal(made.headers.location, made.data.url);
      assert.equal(made.data.author_association, 'COLLABORATOR');
      assert.deepEqual(
        events.map((e) => e.type),
        ['issue_comment'],
      );
      await grace.rest.issues.createComment({ owner: 'ada', repo, issue_number: 1, body: 'Two' });
      await ada.rest.issues.createComment({ owner: 'ada', repo, issue_number: 1, body: 'Three' });
      const onPull = await ada.rest.issues.createComment({ owner: 'ada', repo, issue_number: pull.number, body: 'On the PR' });
      assert.match(onPull.data.html_url, new RegExp(`/pull/${pull.number}#issuecomment-`));

      const page1 = await ada.rest.issues.listComments({ owner: 'ada', repo, issue_number: 1, per_page: 2 });
      assert.deepEqual(
        page1.data.map((c) => c.body),
        ['One', 'Two'],
      );
      assert.match(page1.headers.link ?? '', /rel="next"/);
      assert.equal((await ada.rest.issues.get({ owner: 'ada', repo, issue_number: 1 })).data.comments, 3);
      const later = await ada.rest.issues.listComments({ owner: 'ada', repo, issue_number: 1, since: '2999-01-01T00:00:00Z' });
      assert.deepEqual(later.data, []);
      const all = await ada.rest.issues.listCommentsForRepo({ owner: 'ada', repo });
      assert.deepEqual(
        all.data.map((c) => c.body),
        ['One', 'Two', 'Three', 'On the PR'],
      );
      const desc = await ada.rest.issues.listCommentsForRepo({ owner: 'ada', repo, sort: 'created', direction: 'desc' });
      assert.deepEqual(
        desc.data.map((c) => c.body),
        ['On the PR', 'Three', 'Two', 'One'],
      );

      const error = await rejection(ada.rest.issues.createComment({ owner: 'ada', repo, issue_number: 1, body: '' }));
      assert.equal(error.status, 422);
      assert.equal((await rejection(ada.rest.issues.createComment({ owner: 'ada', repo, issue_number: 42, body: 'x' }))).status, 404);
    });

    it('gets, edits and deletes a comment; others without push access may not', async () => {
      const repo = await freshRepo();
      await h.client('ada').rest.issues.create({ owner: 'ada', repo, title: 'Q' });
      const grace = h.client('grace');
      const { data: c } = await grace.rest.issues.createComment({ owner: 'ada', repo, issue_number: 1, body: 'draft' });
      assert.equal((await h.client('eve').rest.issues.getComment({ owner: 'ada', repo, comment_id: c.id })).data.body, 'draft');
      assert.equal(
        (await rejection(h.client('eve', { checkContract: false }).rest.issues.updateComment({ owner: 'ada', repo, comment_id: c.id, body: 'mine' }))).status,
        403,
      );
      const edited = await grace.rest.issues.updateComment({ owner: 'ada', repo, comment_id: c.id, body: 'final' });
      assert.equal(edited.data.body, 'final');
      assert.equal((await rejection(grace.rest.issues.updateComment({ owner: 'ada', repo, comment_id: c.id, body: '' }))).status, 422);
      assert.equal((await h.client('ada').rest.issues.deleteComment({ owner: 'ada', repo, comment_id: c.id })).status, 204, 'the owner may delete');
      assert.equal((await rejection(grace.rest.issues.getComment({ owner: 'ada', repo, comment_id: c.id }))).status, 404);
      assert.equal((await h.client('ada').rest.issues.get({ owner: 'ada', repo, issue_number: 1 })).data.comments, 0);
    });
  });

  describe('labels', () => {
    it('lists, creates, gets, renames and deletes repository labels', async () => {
      const repo = await freshRepo();
      const ada = h.client('ada');
      const defaults = await ada.rest.issues.listLabelsForRepo({ owner: 'ada', repo });
      assert.ok(defaults.data.some((l) => l.name === 'good first issue' && l.default));
      const made = await ada.rest.issues.createLabel({ owner: 'ada', repo, name: 'needs review', color: '663399', description: 'Look at me' });
      assert.equal(made.status, 201);
      assert.equal(made.headers.location, made.data.url);
      const bad = await rejection(ada.rest.issues.createLabel({ owner: 'ada', repo, name: 'foo', color: 'invalid' }));
      assert.equal(bad.status, 422);
      assert.deepEqual((bad.response?.data as { errors: unknown[] }).errors, [{ resource: 'Label', code: 'invalid', field: 'color' }]);
      const dup = await rejection(ada.rest.issues.createLabel({ owner: 'ada', repo, name: 'Needs Review', color: '000000' }));
      assert.equal(dup.status, 422, 'names are unique case-insensitively');
      assert.equal((await h.client('eve').rest.issues.getLabel({ owner: 'ada', repo, name: 'needs review' })).data.color, '663399');
      assert.equal((await rejection(h.client('eve', { checkContract: false }).rest.issues.createLabel({ owner: 'ada', repo, name: 'eve' }))).status, 403);

      await ada.rest.issues.create({ owner: 'ada', repo, title: 'labelled', labels: ['needs review'] });
      const renamed = await ada.rest.issues.updateLabel({ owner: 'ada', repo, name: 'needs review', new_name: 'reviewing', color: 'BADA55' });
      assert.equal(renamed.data.name, 'reviewing');
      assert.equal(renamed.data.color, 'BADA55', 'the colour keeps its case, as on GitHub');
      assert.deepEqual(
        (await ada.rest.issues.listLabelsOnIssue({ owner: 'ada', repo, issue_number: 1 })).data.map((l) => l.name),
        ['reviewing'],
      );
      assert.equal((await rejection(ada.rest.issues.getLabel({ owner: 'ada', repo, name: 'needs review' }))).status, 404);
      assert.equal((await ada.rest.issues.deleteLabel({ owner: 'ada', repo, name: 'reviewing' })).status, 204);
      assert.deepEqual((await ada.rest.issues.get({ owner: 'ada', repo, issue_number: 1 })).data.labels, [], 'deleting a label unlabels its issues');
    });

    it('adds, replaces and removes the labels of an issue, creating unknown ones', async () => {
      const repo = await freshRepo();
      const ada = h.client('ada');
      await ada.rest.issues.create({ owner: 'ada', repo, title: 'Issue without a label' });
      const added = await ada.rest.issues.addLabels({ owner: 'ada', repo, issue_number: 1, labels: ['Foo', 'bAr', 'BUG'] });
      assert.deepEqual(
        added.data.map((l) => [l.name, l.color, l.default]),
        [
          ['Foo', 'ededed', false],
          ['bAr', 'ededed', false],
          ['bug', 'd73a4a', true],
        ],
      );
      assert.ok((await ada.rest.issues.getLabel({ owner: 'ada', repo, name: 'foo' })).data, 'Foo now exists in the repository');
      const again = await ada.rest.issues.addLabels({ owner: 'ada', repo, issue_number: 1, labels: ['foo'] });
      assert.equal(again.data.length, 3, 'adding a label twice does not duplicate it');
      const removed = await ada.rest.issues.removeLabel({ owner: 'ada', repo, issue_number: 1, name: 'bAr' });
      assert.deepEqual(
        removed.data.map((l) => l.name),
        ['Foo', 'bug'],
      );
      assert.equal(
        (await rejection(h.client('ada', { checkContract: false }).rest.issues.removeLabel({ owner: 'ada', repo, issue_number: 1, name: 'question' }))).status,
        404,
      );
      const set = await ada.rest.issues.setLabels({ owner: 'ada', repo, issue_number: 1, labels: ['question'] });
      assert.deepEqual(
        set.data.map((l) => l.name),
        ['question'],
      );
      assert.equal((await ada.rest.issues.removeAllLabels({ owner: 'ada', repo, issue_number: 1 })).status, 204);
      assert.deepEqual((await ada.rest.issues.listLabelsOnIssue({ owner: 'ada', repo, issue_number: 1 })).data, []);
      assert.equal(
        (await rejection(h.client('eve', { checkContract: false }).rest.issues.addLabels({ owner: 'ada', repo, issue_number: 1, labels: ['x'] }))).status,
        403,
      );
    });
  });
});
