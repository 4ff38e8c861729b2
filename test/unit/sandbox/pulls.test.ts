import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { RequestError } from 'octokit';
import type { SandboxEvent } from '../../sandbox/state';
import { rejection, startHarness, type Harness } from './harness';
import { nextLink } from '../../../src/core/sync/notifications';

describe('sandbox: pull requests', () => {
  let h: Harness;
  let work: string;
  // Asynchronous on purpose: a synchronous git call would block the in-process sandbox it talks to.
  const git = async (args: string[], cwd = work) =>
    (await promisify(execFile)('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } })).stdout.trim();
  /** A fresh repository of ada's (grace collaborates) with the given files on main. */
  const repo = async (name: string, files: Record<string, string>) => {
    const res = await h.admin('POST', '/_sandbox/repos', { owner: 'ada', name, files, collaborators: ['grace'] });
    assert.equal(res.status, 201);
  };
  const commit = async (name: string, branch: string, files: Record<string, string | null>, extra: Record<string, unknown> = {}) => {
    const res = await h.admin('POST', `/_sandbox/repos/ada/${name}/commits`, { branch, files, message: `change ${branch}`, author: 'ada', ...extra });
    return ((await res.json()) as { sha: string }).sha;
  };
  const events: SandboxEvent[] = [];

  before(async () => {
    h = await startHarness();
    work = mkdtempSync(path.join(os.tmpdir(), 'mm-sandbox-pulls-'));
    h.sandbox.state.on((e) => events.push(e));
  });
  after(async () => {
    await h.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('opens a pull request from a branch pushed with git; sha, files and patch come from git', async function () {
    this.timeout(30_000);
    const remote = `http://ada:${h.sandbox.users().ada}@${h.sandbox.url.slice(7)}/ada/sample.git`;
    await git(['clone', '--quiet', remote, 'sample']);
    const clone = path.join(work, 'sample');
    await git(['checkout', '--quiet', '-b', 'guard-empty'], clone);
    writeFileSync(
      path.join(clone, 'src/math.ts'),
      [
        'export function add(a: number, b: number): number {',
        '  return a + b;',
        '}',
        '',
        'export function mean(values: readonly number[]): number {',
        '  if (values.length === 0) return 0;',
        '  let total = 0;',
        '  for (const v of values) total += v;',
        '  return total / values.length;',
        '}',
        '',
      ].join('\n'),
    );
    writeFileSync(path.join(clone, 'NOTES.md'), 'mean of nothing is 0\n');
    await git(['add', '-A'], clone);
    await git(['-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', 'commit', '--quiet', '-m', 'Guard the empty mean'], clone);
    await git(['push', '--quiet', 'origin', 'guard-empty'], clone);

    const ada = h.client('ada');
    const {
      data: created,
      status,
      headers,
    } = await ada.rest.pulls.create({ owner: 'ada', repo: 'sample', head: 'guard-empty', base: 'main', title: 'Guard the empty mean', body: 'Fixes NaN' });
    assert.equal(status, 201);
    assert.equal(headers.location, `${h.sandbox.url}/repos/ada/sample/pulls/${created.number}`);
    assert.equal(created.head.sha, await git(['rev-parse', 'HEAD'], clone));
    assert.equal(created.base.sha, await git(['rev-parse', 'origin/main'], clone));
    assert.equal(created.state, 'open');
    assert.deepEqual([created.commits, created.changed_files, created.additions, created.deletions], [1, 2, 2, 0]);

    const { data: files } = await ada.rest.pulls.listFiles({ owner: 'ada', repo: 'sample', pull_number: created.number });
    assert.deepEqual(
      files.map((f) => [f.filename, f.status, f.additions, f.deletions]),
      [
        ['NOTES.md', 'added', 1, 0],
        ['src/math.ts', 'modified', 1, 0],
      ],
    );
    const expected = await git(['diff', 'origin/main...HEAD', '--', 'src/math.ts'], clone);
    assert.equal(files[1].patch, expected.slice(expected.indexOf('@@')));
    assert.equal(files[1].sha, await git(['rev-parse', 'HEAD:src/math.ts'], clone));
    assert.ok(events.some((e) => e.type === 'pull_request' && e.pull.number === created.number));

    writeFileSync(path.join(clone, 'NOTES.md'), 'the mean of nothing is 0\n');
    await git(['-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', 'commit', '--quiet', '-am', 'Reword'], clone);
    await git(['push', '--quiet', 'origin', 'guard-empty'], clone);
    const { data: again } = await ada.rest.pulls.get({ owner: 'ada', repo: 'sample', pull_number: created.number });
    assert.equal(again.head.sha, await git(['rev-parse', 'HEAD'], clone), 'a git push to the head branch moves the head');
    assert.equal(again.commits, 2);
    assert.equal(again.mergeable, true);
    assert.equal(again.body, 'Fixes NaN');
  });

  it('refuses a pull request GitHub would refuse, with its 422s', async () => {
    await repo('refusals', { 'a.txt': 'a\n' });
    await commit('refusals', 'topic', { 'a.txt': 'b\n' });
    const ada = h.client('ada');
    const create = (head: string, extra: Record<string, string> = {}) =>
      rejection(ada.rest.pulls.create({ owner: 'ada', repo: 'refusals', head, base: 'main', title: 'T', ...extra }));
    const field = (e: RequestError) => (e.response?.data as { errors: Record<string, string>[] }).errors[0];

    const noBranch = await create('no-such-branch');
    assert.equal(noBranch.status, 422);
    assert.deepEqual(field(noBranch), { resource: 'PullRequest', field: 'head', code: 'invalid' });
    assert.deepEqual(field(await create('topic', { base: 'nope' })), { resource: 'PullRequest', field: 'base', code: 'invalid' });
    assert.deepEqual(field(await create('topic', { title: '' })), { resource: 'PullRequest', code: 'missing_field', field: 'title' });
    assert.equal(field(await create('main')).message, 'No commits between main and main');
    await ada.rest.pulls.create({ owner: 'ada', repo: 'refusals', head: 'ada:topic', base: 'main', title: 'T' });
    assert.equal(field(await create('topic')).message, 'A pull request already exists for ada:topic.');
  });

  it('lists pull requests by state, head and base, paged with Link to /repositories/{id}/pulls', async () => {
    await repo('listing', { 'f.txt': 'f\n' });
    const ada = h.client('ada');
    for (const b of ['one', 'two', 'three']) {
      await commit('listing', b, { [`${b}.txt`]: `${b}\n` });
      await ada.rest.pulls.create({ owner: 'ada', repo: 'listing', head: b, base: 'main', title: b });
    }
    await commit('listing', 'closing', { 'c.txt': 'c\n' });
    const closing = await ada.rest.pulls.create({ owner: 'ada', repo: 'listing', head: 'closing', base: 'main', title: 'closing' });
    const { data: squashed } = await ada.rest.pulls.merge({ owner: 'ada', repo: 'listing', pull_number: closing.data.number, merge_method: 'squash' });
    const squash = await h.sandbox.git.commitInfo(h.sandbox.state.repo('ada', 'listing')!.gitDir, squashed.sha);
    assert.deepEqual([squash.parents.length, squash.message.split('\n')[0]], [1, `closing (#${closing.data.number})`], 'a squash merge has one parent');

    const open = await ada.rest.pulls.list({ owner: 'ada', repo: 'listing' });
    assert.deepEqual(
      open.data.map((p) => p.title),
      ['three', 'two', 'one'],
      'open ones, newest first',
    );
    const closed = await ada.rest.pulls.list({ owner: 'ada', repo: 'listing', state: 'closed' });
    assert.deepEqual(
      closed.data.map((p) => p.title),
      ['closing'],
    );
    assert.deepEqual(
      (await ada.rest.pulls.list({ owner: 'ada', repo: 'listing', head: 'ada:two' })).data.map((p) => p.title),
      ['two'],
    );
    assert.equal((await ada.rest.pulls.list({ owner: 'ada', repo: 'listing', base: 'other' })).data.length, 0);
    const asc = await ada.rest.pulls.list({ owner: 'ada', repo: 'listing', state: 'all', direction: 'asc' });
    assert.deepEqual(
      asc.data.map((p) => p.title),
      ['one', 'two', 'three', 'closing'],
    );

    const page1 = await ada.rest.pulls.list({ owner: 'ada', repo: 'listing', per_page: 2 });
    const { data: info } = await ada.rest.repos.get({ owner: 'ada', repo: 'listing' });
    const next = nextLink(page1.headers.link ?? undefined);
    assert.equal(next, `${h.sandbox.url}/repositories/${info.id}/pulls?per_page=2&page=2`);
    // GitHub's /repositories/{id} form is not in its OpenAPI description, so this one response is not contract-checked.
    const page2 = await h.client('ada', { checkContract: false }).request(`GET ${next}`);
    assert.deepEqual(
      (page2.data as { title: string }[]).map((p) => p.title),
      ['one'],
    );
  });

  it('moves head.sha when the head branch is pushed again', async () => {
    await repo('moving', { 'm.txt': 'one\n' });
    const first = await commit('moving', 'topic', { 'm.txt': 'two\n' });
    const ada = h.client('ada');
    const { data: pr } = await ada.rest.pulls.create({ owner: 'ada', repo: 'moving', head: 'topic', base: 'main', title: 'Move' });
    assert.equal(pr.head.sha, first);
    const second = await commit('moving', 'topic', { 'n.txt': 'new\n' });
    const { data: after } = await ada.rest.pulls.get({ owner: 'ada', repo: 'moving', pull_number: pr.number });
    assert.equal(after.head.sha, second);
    assert.equal(after.commits, 2);
    assert.equal(after.changed_files, 2);
    assert.ok(after.updated_at >= pr.updated_at);
  });

  it('merges with a real merge commit on the base branch, then refuses to merge again', async function () {
    this.timeout(30_000);
    await repo('merging', { 'a.txt': 'a\n', 'b.txt': 'b\n' });
    const head = await commit('merging', 'topic', { 'a.txt': 'A\n' });
    const baseMoved = await commit('merging', 'main', { 'b.txt': 'B\n' });
    const ada = h.client('ada');
    const { data: pr } = await ada.rest.pulls.create({ owner: 'ada', repo: 'merging', head: 'topic', base: 'main', title: 'Shout a' });
    const { data: merged } = await ada.rest.pulls.merge({ owner: 'ada', repo: 'merging', pull_number: pr.number });
    assert.equal(merged.merged, true);

    await git(['clone', '--quiet', `${h.sandbox.url}/ada/merging.git`, 'merging']);
    const clone = path.join(work, 'merging');
    assert.equal(await git(['rev-parse', 'origin/main'], clone), merged.sha);
    assert.deepEqual((await git(['log', '-1', '--format=%P', merged.sha], clone)).split(' '), [baseMoved, head]);
    assert.equal(await git(['show', `${merged.sha}:a.txt`], clone), 'A');
    assert.equal(await git(['show', `${merged.sha}:b.txt`], clone), 'B');
    assert.match(await git(['log', '-1', '--format=%s', merged.sha], clone), new RegExp(`^Merge pull request #${pr.number} from ada/topic$`));

    const { data: after } = await ada.rest.pulls.get({ owner: 'ada', repo: 'merging', pull_number: pr.number });
    assert.deepEqual([after.merged, after.state, after.merge_commit_sha, after.merged_by?.login], [true, 'closed', merged.sha, 'ada']);
    assert.equal((await ada.rest.pulls.checkIfMerged({ owner: 'ada', repo: 'merging', pull_number: pr.number })).status, 204);
    const again = await rejection(ada.rest.pulls.merge({ owner: 'ada', repo: 'merging', pull_number: pr.number }));
    assert.equal(again.status, 405);
  });

  it('reports a conflicting pull request as not mergeable and refuses to merge it (405)', async () => {
    await repo('conflict', { 'c.txt': 'base\n' });
    await commit('conflict', 'topic', { 'c.txt': 'topic\n' });
    const mainBefore = await commit('conflict', 'main', { 'c.txt': 'main\n' });
    const ada = h.client('ada');
    const { data: pr } = await ada.rest.pulls.create({ owner: 'ada', repo: 'conflict', head: 'topic', base: 'main', title: 'Clash' });
    assert.equal(pr.mergeable, false);
    assert.equal(pr.mergeable_state, 'dirty');
    const error = await rejection(ada.rest.pulls.merge({ owner: 'ada', repo: 'conflict', pull_number: pr.number }));
    assert.equal(error.status, 405);
    assert.equal((error.response?.data as { message: string }).message, 'Pull Request is not mergeable');
    assert.equal(await h.sandbox.git.resolve(h.sandbox.state.repo('ada', 'conflict')!.gitDir, 'refs/heads/main'), mainBefore);
  });

  it('requests reviewers: the reviewer is listed, notified with review_requested, and can be removed', async () => {
    await repo('reviewers', { 'r.txt': 'r\n' });
    await commit('reviewers', 'topic', { 'r.txt': 'R\n' });
    const ada = h.client('ada');
    const { data: pr } = await ada.rest.pulls.create({ owner: 'ada', repo: 'reviewers', head: 'topic', base: 'main', title: 'Review me' });
    const params = { owner: 'ada', repo: 'reviewers', pull_number: pr.number };
    const { data: simple, status } = await ada.rest.pulls.requestReviewers({ ...params, reviewers: ['grace'] });
    assert.equal(status, 201);
    assert.deepEqual(
      simple.requested_reviewers?.map((u) => u.login),
      ['grace'],
    );
    assert.deepEqual(
      (await ada.rest.pulls.listRequestedReviewers(params)).data.users.map((u) => u.login),
      ['grace'],
    );

    const thread = h.sandbox.state.notifications.find((t) => t.user.login === 'grace' && t.issue.number === pr.number && t.issue.repo.name === 'reviewers');
    assert.ok(thread, 'grace has a notification thread for the pull request');
    assert.equal(thread.reason, 'review_requested');
    assert.equal(thread.unread, true);
    assert.ok(events.some((e) => e.type === 'review_requested' && e.reviewer.login === 'grace' && e.pull.number === pr.number));
    assert.equal(
      h.sandbox.state.notifications.some((t) => t.user.login === 'ada' && t.issue.repo.name === 'reviewers'),
      false,
      'never the actor',
    );

    const notCollaborator = await rejection(ada.rest.pulls.requestReviewers({ ...params, reviewers: ['eve'] }));
    assert.equal(notCollaborator.status, 422);
    assert.match((notCollaborator.response?.data as { message: string }).message, /may only be requested from collaborators/);
    const author = await rejection(ada.rest.pulls.requestReviewers({ ...params, reviewers: ['ada'] }));
    assert.equal((author.response?.data as { message: string }).message, 'Review cannot be requested from pull request author.');

    const { data: removed } = await ada.rest.pulls.removeRequestedReviewers({ ...params, reviewers: ['grace'] });
    assert.deepEqual(removed.requested_reviewers, []);
  });

  it('answers 404 for pull requests of a private repository the user cannot see', async () => {
    await h.admin('POST', '/_sandbox/repos', { owner: 'ada', name: 'hidden', private: true, files: { 's.txt': 's\n' }, collaborators: ['grace'] });
    await commit('hidden', 'topic', { 's.txt': 'S\n' });
    const { data: pr } = await h.client('ada').rest.pulls.create({ owner: 'ada', repo: 'hidden', head: 'topic', base: 'main', title: 'Secret' });
    const eve = h.client('eve');
    assert.equal((await rejection(eve.rest.pulls.get({ owner: 'ada', repo: 'hidden', pull_number: pr.number }))).status, 404);
    // GitHub's description documents no 404 for these, though GitHub answers one: not contract-checked.
    const unchecked = h.client('eve', { checkContract: false });
    assert.equal((await rejection(unchecked.rest.pulls.list({ owner: 'ada', repo: 'hidden' }))).status, 404);
    assert.equal((await rejection(unchecked.rest.pulls.listFiles({ owner: 'ada', repo: 'hidden', pull_number: pr.number }))).status, 404);
    assert.equal((await h.client('grace').rest.pulls.get({ owner: 'ada', repo: 'hidden', pull_number: pr.number })).data.title, 'Secret');
  });

  it('renders the body for the html and full media types', async () => {
    await repo('media', { 'x.txt': 'x\n' });
    await commit('media', 'topic', { 'x.txt': 'y\n' });
    const ada = h.client('ada');
    const { data: pr } = await ada.rest.pulls.create({ owner: 'ada', repo: 'media', head: 'topic', base: 'main', title: 'Media', body: '**bold** ask @grace' });
    const full = await ada.rest.pulls.get({ owner: 'ada', repo: 'media', pull_number: pr.number, mediaType: { format: 'full' } });
    const data = full.data as typeof full.data & { body_html?: string; body_text?: string };
    assert.match(data.body_html ?? '', /<strong>bold<\/strong>/);
    assert.equal(data.body, '**bold** ask @grace');
    assert.equal(h.sandbox.state.notifications.find((t) => t.user.login === 'grace' && t.issue.repo.name === 'media')?.reason, 'mention');
  });
});
