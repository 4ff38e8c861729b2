import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import MarkdownIt from 'markdown-it';
import type { Octokit } from 'octokit';
import { composeAsk, fenced, issueTitle, languageFor, newAskId } from '../../../src/core/asks/compose';
import { carriesAsk, findPostedAsk } from '../../../src/core/asks/find';
import { permalink, type AskPlan } from '../../../src/core/asks/plan';
import { postAsk } from '../../../src/core/asks/post';
import { preparePullRequestAsk, prepareSelectionAsk, type SelectionAskRequest } from '../../../src/core/asks/prepare';
import { fetchPullSnapshot, getPull } from '../../../src/core/asks/pulls';
import { routePullRequestAsk, routeSelectionAsk, type PullSnapshot, type SelectionRouteInput } from '../../../src/core/asks/route';
import { readGitContext } from '../../../src/core/git/context';
import { scanMarkers } from '../../../src/core/marker';
import type { RepoRef } from '../../../src/core/model';
import { startHarness, type Harness } from '../sandbox/harness';

const exec = promisify(execFile);
const git = async (cwd: string, ...args: string[]) => (await exec('git', args, { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } })).stdout.trim();

const repo: RepoRef = { host: 'ghe.example.com', owner: 'ada', name: 'sample' };
const exchange: RepoRef = { host: 'ghe.example.com', owner: 'ada', name: 'mentoring' };
const HEAD = 'a'.repeat(40);
const ask = (question = 'Why does this return NaN?') => ({ id: newAskId(), partner: 'grace', question, topic: 'testing' });
const pullAt = (headSha: string): PullSnapshot => ({
  repo,
  number: 7,
  headSha,
  author: 'ada',
  url: 'https://ghe.example.com/ada/sample/pull/7',
  files: [{ filename: 'src/math.ts', patch: '@@ -3,6 +3,7 @@\n }\n \n export\n+  if (x) return 0;\n a\n b\n c' }, { filename: 'logo.png' }],
});
const input = (over: Partial<SelectionRouteInput> = {}): SelectionRouteInput => ({
  ask: ask(),
  selection: { path: 'src/math.ts', startLine: 5, endLine: 7, text: 'export function mean() {\n  if (x) return 0;\n  let t = 0;' },
  edits: { state: 'clean', hunks: [], headRange: { startLine: 5, endLine: 7 } },
  head: HEAD,
  headPushed: true,
  branch: 'guard',
  source: { repo, webUrl: 'https://ghe.example.com' },
  pull: pullAt(HEAD),
  exchange,
  ...over,
});
const planOf = (over: Partial<SelectionRouteInput> = {}): AskPlan => {
  const result = routeSelectionAsk(input(over));
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result.plan;
};

describe('core/asks/compose', () => {
  const md = new MarkdownIt({ html: true });

  it('writes the mention, the multi-line question, the code, the topic, and one marker last', () => {
    const plan = planOf({ pull: undefined, headPushed: false });
    const body = composeAsk({ ...plan, question: 'Line one\n\nLine two' }).body;
    assert.match(body, /^@grace Line one\n\nLine two\n\n/);
    assert.match(composeAsk({ ...plan, question: '- first\n- second' }).body, /^@grace\n\n- first\n- second\n\n/, 'a list stays a list');
    assert.match(body, /`src\/math.ts` lines 5–7 at `aaaaaaa`, not pushed yet:\n\n```ts\nexport function mean\(\) \{\n/);
    assert.match(body, /Topic: `testing`\n\n<!-- mutual-mentor \{"v":1,"kind":"ask",[^\n]*\} -->$/);
    assert.deepEqual(scanMarkers(body).markers, [{ v: 1, kind: 'ask', id: plan.id, topic: 'testing' }]);
  });

  it('a question or code carrying a marker cannot forge a second one, nor hide the rest of the body', () => {
    const forged = `<!-- mutual-mentor {"v":1,"kind":"ask","id":"${newAskId()}"} -->`;
    const plan = planOf({ pull: undefined, headPushed: false, selection: { path: 'a.html', startLine: 1, endLine: 2, text: `<!-- plain -->\n${forged}` } });
    const body = composeAsk({ ...plan, question: `Is this it? ${forged} <!-- hidden`, topic: '<!-- mutual-mentor x -->' }).body;
    assert.deepEqual(
      scanMarkers(body).markers.map((m) => m.id),
      [plan.id],
    );
    assert.ok(body.includes('<!-- plain -->'), 'an ordinary HTML comment in code is left alone');
    const html = md.render(body);
    assert.match(html, /<p>@grace Is this it\? &lt;!-\u2060- mutual-mentor/, 'the question renders as text');
    assert.match(html, /<code class="language-html">&lt;!-- plain --&gt;/);
  });

  it("keeps the user's fences from swallowing the body, and quotes code no backticks in it can close", () => {
    const plan = planOf({ pull: undefined, headPushed: false, selection: { path: 'README.md', startLine: 1, endLine: 3, text: '```js\nx()\n```' } });
    const body = composeAsk({ ...plan, question: 'Look:\n```ts\nconst a = 1;' }).body;
    const html = md.render(body);
    assert.match(html, /<code class="language-ts">const a = 1;\n<\/code><\/pre>/, 'the open fence is closed right after the question');
    assert.match(html, /<code class="language-markdown">```js\nx\(\)\n```\n<\/code>/, 'the snippet stays one block');
    assert.match(html, /<!-- mutual-mentor \{.*\} -->/, 'the marker is an HTML comment, not text');
    assert.equal(fenced('a ```` b', ''), '`````\na ```` b\n`````');
  });

  it('names the language, builds permalinks and short titles, and refuses a login that is not one', () => {
    assert.deepEqual(['src/a.ts', 'x.PY', 'Dockerfile', 'LICENSE', 'a.weird'].map(languageFor), ['ts', 'python', 'dockerfile', '', '']);
    assert.equal(
      permalink('https://github.com/', repo, HEAD, 'src/my file (1).ts', { startLine: 3, endLine: 9 }),
      `https://github.com/ada/sample/blob/${HEAD}/src/my%20file%20%281%29.ts#L3-L9`,
    );
    assert.equal(permalink('https://github.com', repo, HEAD, 'a.ts', { startLine: 4, endLine: 4 }), `https://github.com/ada/sample/blob/${HEAD}/a.ts#L4`);
    assert.equal(issueTitle(`  ${'word '.repeat(30)}\nsecond line`).length, 80);
    assert.equal(issueTitle('Why?\nDetails'), 'Why?');
    assert.throws(() => composeAsk({ ...planOf(), partner: 'grace\n@eve' }), /not a GitHub login/);
  });
});

describe('core/asks/route', () => {
  it('a selection inside a diff hunk becomes a review comment on the lines at the PR head', () => {
    const plan = planOf();
    assert.deepEqual(plan.target, { kind: 'reviewComment', repo, pull: 7, line: 7, startLine: 5, side: 'RIGHT' });
    assert.equal(plan.commitId, HEAD);
    assert.equal(plan.code?.quote, false);
    assert.ok(!composeAsk(plan).body.includes('/blob/'), 'the comment sits on the lines: no link');
    assert.deepEqual(
      planOf({ selection: { ...input().selection, startLine: 6, endLine: 6 }, edits: { state: 'clean', hunks: [], headRange: { startLine: 6, endLine: 6 } } })
        .target,
      { kind: 'reviewComment', repo, pull: 7, line: 6, side: 'RIGHT' },
    );
  });

  it('uncommitted edits in the selection: anchored at the committed lines, the local version quoted', () => {
    const plan = planOf({
      edits: { state: 'edited', hunks: [{ oldStart: 5, oldLines: 1, newStart: 6, newLines: 1 }], headRange: { startLine: 4, endLine: 6 } },
    });
    assert.deepEqual(plan.target, { kind: 'reviewComment', repo, pull: 7, line: 6, startLine: 4, side: 'RIGHT' });
    assert.equal(plan.notes[0], 'Uncommitted changes in line 6 of src/math.ts: your local version will be quoted; the ask points at the committed lines 4–6.');
    assert.match(composeAsk(plan).body, /as in my working copy \(with uncommitted changes\):\n\n```ts\n/);
    const asIssue = planOf({ pull: undefined, edits: { state: 'edited', hunks: [], headRange: { startLine: 4, endLine: 6 } } });
    assert.match(
      composeAsk(asIssue).body,
      /`src\/math.ts` lines 4–6\]\(https:\/\/ghe.example.com\/ada\/sample\/blob\/a+\/src\/math.ts#L4-L6\)\n\n`ada\/sample` `src\/math.ts` lines 5–7 as in my working copy/,
      'the link names the committed lines, the quote the local ones',
    );
  });

  it('a selection in a PR file but outside its diff becomes a file comment with a permalink and the lines', () => {
    const plan = planOf({
      selection: { path: 'src/math.ts', startLine: 1, endLine: 2, text: 'a\nb' },
      edits: { state: 'clean', hunks: [], headRange: { startLine: 1, endLine: 2 } },
    });
    assert.deepEqual(plan.target, { kind: 'fileComment', repo, pull: 7, path: 'src/math.ts' });
    assert.match(plan.reason, /outside its diff/);
    const body = composeAsk(plan).body;
    assert.ok(body.includes(`[\`src/math.ts\` lines 1–2](https://ghe.example.com/ada/sample/blob/${HEAD}/src/math.ts#L1-L2)\n\n\`\`\`ts\na\nb\n\`\`\``));
    assert.equal(planOf({ head: 'b'.repeat(40) }).target.kind, 'fileComment', 'a checkout that is not the PR head');
    assert.equal(planOf({ selection: { ...input().selection, path: 'logo.png' } }).target.kind, 'fileComment', 'a file without a patch');
  });

  it('no PR, an unpushed commit, or a file outside the PR becomes an issue in the exchange repository', () => {
    const noPull = planOf({ pull: undefined });
    assert.deepEqual(noPull.target, { kind: 'issue', repo: exchange });
    assert.match(noPull.reason, /no open pull request for branch guard/);
    assert.match(composeAsk(noPull).body, /\[`ada\/sample` `src\/math.ts` lines 5–7\]\(.*#L5-L7\)\n\n```ts/, 'linked, and quoted for another repository');
    assert.ok(!composeAsk(planOf({ pull: undefined, exchange: repo })).body.includes('```'), 'in the same repository GitHub shows the lines itself');
    const unpushed = planOf({ headPushed: false });
    assert.equal(unpushed.target.kind, 'issue');
    assert.equal(unpushed.code?.permalink, undefined);
    assert.match(unpushed.reason, /not pushed/);
    assert.equal(planOf({ selection: { ...input().selection, path: 'README.md' } }).target.kind, 'issue');
    const nowhere = routeSelectionAsk(input({ pull: undefined, exchange: undefined }));
    assert.ok(!nowhere.ok && /no exchange repository is set/.test(nowhere.reason));
  });

  it('a whole pull request: label, review request and a comment', () => {
    const plan = routePullRequestAsk({ ask: ask('Can you review my approach?'), pull: { repo, number: 7, author: 'ada' }, label: 'pairing' });
    assert.deepEqual([plan.target, plan.label, plan.pullAuthor], [{ kind: 'pullRequest', repo, pull: 7 }, 'pairing', 'ada']);
    assert.match(composeAsk(plan).body, /^@grace Can you review my approach\?\n\nTopic: `testing`\n\n<!-- mutual-mentor /);
    assert.match(plan.reason, /@grace is requested as reviewer/);
    assert.match(
      routePullRequestAsk({ ask: { ...ask(), partner: 'ADA' }, pull: { repo, number: 7, author: 'ada' } }).reason,
      /mentioning @ADA \(the pull request's author\)/,
    );
  });
});

describe('core/asks against the sandbox', () => {
  let h: Harness;
  let work: string;
  let clone: string;
  let ada: Octokit;
  let pr: { number: number; head: string };
  let sample: RepoRef;
  let mentoring: RepoRef;
  const mathFile = () => path.join(clone, 'src', 'math.ts');
  const request = async (startLine: number, endLine: number, over: Partial<SelectionAskRequest> = {}): Promise<SelectionAskRequest> => {
    const text = (await readFile(over.file ?? mathFile(), 'utf8'))
      .split('\n')
      .slice(startLine - 1, endLine)
      .join('\n');
    return { ask: ask(), folder: clone, file: mathFile(), startLine, endLine, text, exchange: mentoring, ...over };
  };
  const prepare = async (req: SelectionAskRequest) => {
    const prepared = await prepareSelectionAsk(ada, req);
    assert.ok(prepared.ok, prepared.ok ? '' : prepared.reason);
    return prepared;
  };

  before(async function () {
    this.timeout(60_000);
    h = await startHarness();
    assert.equal(
      (await h.admin('POST', '/_sandbox/repos', { owner: 'ada', name: 'mentoring', files: { 'README.md': 'asks\n' }, collaborators: ['grace'] })).status,
      201,
    );
    work = await mkdtemp(path.join(os.tmpdir(), 'mm-asks-'));
    await git(work, 'clone', '--quiet', `http://ada:${h.sandbox.users().ada}@${h.sandbox.url.slice(7)}/ada/sample.git`, 'sample');
    clone = path.join(work, 'sample');
    await git(clone, 'config', 'user.name', 'Ada');
    await git(clone, 'config', 'user.email', 'ada@example.com');
    await git(clone, 'checkout', '--quiet', '-b', 'guard-empty');
    const before = (await readFile(mathFile(), 'utf8')).split('\n');
    before.splice(5, 0, '  if (values.length === 0) return 0;');
    await writeFile(mathFile(), before.join('\n'));
    await git(clone, 'commit', '--quiet', '-am', 'Guard the empty mean');
    await git(clone, 'push', '--quiet', '-u', 'origin', 'guard-empty');
    const ctx = await readGitContext(clone);
    assert.ok(ctx?.remote);
    assert.equal(ctx.remote.apiUrl, `${h.sandbox.url}/api/v3`);
    sample = ctx.remote.repo;
    mentoring = { ...sample, name: 'mentoring' };
    ada = h.client('ada', { baseUrl: ctx.remote.apiUrl });
    const { data } = await ada.rest.pulls.create({ owner: 'ada', repo: 'sample', head: 'guard-empty', base: 'main', title: 'Guard the empty mean' });
    pr = { number: data.number, head: data.head.sha };
    // GitHub's OpenAPI types a pull request's label descriptions as strings, though GitHub sends null for a
    // label without one (github/rest-api-description#1812); the contract check follows the description.
    await ada.rest.issues.createLabel({ owner: 'ada', repo: 'sample', name: 'mentoring', color: '0e8a16', description: 'Mutual Mentor exchange' });
  });
  after(async () => {
    await h.close();
    await rm(work, { recursive: true, force: true });
  });

  const prState = async () => {
    const [reviewers, labels] = await Promise.all([
      ada.rest.pulls.listRequestedReviewers({ owner: 'ada', repo: 'sample', pull_number: pr.number }),
      ada.rest.issues.listLabelsOnIssue({ owner: 'ada', repo: 'sample', issue_number: pr.number }),
    ]);
    return { reviewers: reviewers.data.users.map((u) => u.login), labels: labels.data.map((l) => l.name) };
  };

  it('in the diff: a review comment on the lines at the PR head, grace requested, the PR labelled', async () => {
    const { plan } = await prepare(await request(5, 7));
    const result = await postAsk(ada, plan);
    assert.deepEqual(result.warnings, []);
    const { data: c } = await ada.rest.pulls.getReviewComment({ owner: 'ada', repo: 'sample', comment_id: result.posted.databaseId });
    assert.deepEqual([c.path, c.start_line, c.line, c.side, c.commit_id, c.subject_type], ['src/math.ts', 5, 7, 'RIGHT', pr.head, 'line']);
    assert.match(c.body, /^@grace Why does this return NaN\?/);
    assert.deepEqual(await prState(), { reviewers: ['grace'], labels: ['mentoring'] });
    const { node } = await ada.graphql<{ node: { path: string; line: number; comments: { nodes: { id: string }[] } } }>(
      'query($id: ID!) { node(id: $id) { ... on PullRequestReviewThread { path line comments(first: 1) { nodes { id } } } } }',
      { id: result.posted.threadNodeId },
    );
    assert.deepEqual([node.path, node.line, node.comments.nodes[0]?.id], ['src/math.ts', 7, c.node_id]);
    assert.deepEqual(await findPostedAsk(ada, plan.target, plan.id, { author: 'ada' }), result.posted);
    assert.equal(await findPostedAsk(ada, plan.target, plan.id, { author: 'grace' }), undefined, "only the asker's comment counts");

    const again = await postAsk(ada, plan, { checkExisting: true, author: 'ada' });
    assert.equal(again.alreadyPosted, true);
    const { data: all } = await ada.rest.pulls.listReviewComments({ owner: 'ada', repo: 'sample', pull_number: pr.number });
    assert.equal(all.filter((x) => carriesAsk(x.body, plan.id)).length, 1, 'a retry does not post twice');
  });

  it('uncommitted edits in the selection are detected and the local version quoted', async () => {
    const original = await readFile(mathFile(), 'utf8');
    await writeFile(mathFile(), original.replace('  let total = 0;', '  let total = 0; // running sum'));
    try {
      const { plan, edits } = await prepare(await request(5, 7));
      assert.equal(edits?.state, 'edited');
      assert.equal(plan.target.kind, 'reviewComment');
      assert.match(plan.notes.join(' '), /uncommitted changes in line 7/i);
      const { posted } = await postAsk(ada, plan);
      const { data: c } = await ada.rest.pulls.getReviewComment({ owner: 'ada', repo: 'sample', comment_id: posted.databaseId });
      assert.match(c.body, /with uncommitted changes\):\n\n```ts\n[\s\S]*let total = 0; \/\/ running sum\n```/);
    } finally {
      await writeFile(mathFile(), original);
    }
  });

  it('outside the diff: a file-level comment quoting the lines with a permalink', async () => {
    const { plan } = await prepare(await request(1, 2));
    assert.equal(plan.target.kind, 'fileComment');
    const { posted } = await postAsk(ada, plan);
    const { data: c } = await ada.rest.pulls.getReviewComment({ owner: 'ada', repo: 'sample', comment_id: posted.databaseId });
    assert.equal(c.subject_type, 'file');
    assert.ok(
      c.body.includes(
        `](${h.sandbox.url}/ada/sample/blob/${pr.head}/src/math.ts#L1-L2)\n\n\`\`\`ts\nexport function add(a: number, b: number): number {\n  return a + b;\n\`\`\``,
      ),
    );
    assert.ok(posted.threadNodeId);
    assert.deepEqual(await findPostedAsk(ada, plan.target, plan.id), posted);
  });

  it('a file outside the PR: an issue in the exchange repository, grace mentioned, assigned, labelled', async () => {
    const readme = path.join(clone, 'README.md');
    const { plan } = await prepare(await request(1, 1, { file: readme, text: '# sample' }));
    assert.deepEqual(plan.target, { kind: 'issue', repo: mentoring });
    const { posted } = await postAsk(ada, plan);
    const { data: issue } = await ada.rest.issues.get({ owner: 'ada', repo: 'mentoring', issue_number: posted.number! });
    assert.equal(issue.title, 'Why does this return NaN?');
    assert.match(issue.body ?? '', /^@grace /);
    assert.ok(issue.body?.includes(`(${h.sandbox.url}/ada/sample/blob/${pr.head}/README.md#L1)`));
    assert.deepEqual([issue.assignees?.map((u) => u.login), issue.labels.map((l) => (typeof l === 'string' ? l : l.name))], [['grace'], ['mentoring']]);
    assert.deepEqual(await findPostedAsk(ada, plan.target, plan.id, { author: 'ada' }), posted);
  });

  it('an unpushed commit: an issue quoting the snippet instead of a permalink; eve is mentioned, not assigned', async function () {
    this.timeout(20_000);
    const original = await readFile(mathFile(), 'utf8');
    await writeFile(mathFile(), original.replace('return a + b;', 'return b + a;'));
    await git(clone, 'commit', '--quiet', '-am', 'local only');
    try {
      const prepared = await prepare({ ...(await request(1, 3)), ask: { ...ask(), partner: 'eve' } });
      assert.equal(prepared.git?.headPushed, false);
      assert.match(prepared.plan.reason, /is not pushed yet/);
      const result = await postAsk(ada, prepared.plan);
      assert.match(result.warnings.join(), /@eve cannot be assigned/);
      const { data: issue } = await ada.rest.issues.get({ owner: 'ada', repo: 'mentoring', issue_number: result.posted.number! });
      assert.ok(!issue.body?.includes('/blob/'));
      assert.match(
        issue.body ?? '',
        /lines 1–3 at `[0-9a-f]{7}`, not pushed yet:\n\n```ts\nexport function add\(a: number, b: number\): number \{\n {2}return b \+ a;\n\}\n```/,
      );
      assert.deepEqual(issue.assignees, []);
    } finally {
      await git(clone, 'reset', '--quiet', '--hard', 'origin/guard-empty');
    }
  });

  it('a whole PR: a comment carrying the question, grace requested, the PR labelled', async () => {
    const prepared = await preparePullRequestAsk(ada, { ask: ask('Is the guard the right fix?'), folder: clone });
    assert.ok(prepared.ok);
    const { posted } = await postAsk(ada, prepared.plan);
    const { data: comment } = await ada.rest.issues.getComment({ owner: 'ada', repo: 'sample', comment_id: posted.databaseId });
    assert.match(comment.body ?? '', /^@grace Is the guard the right fix\?\n\nTopic: `testing`\n\n<!-- mutual-mentor /);
    assert.ok(comment.html_url.includes(`/pull/${pr.number}`));
    assert.deepEqual(await prState(), { reviewers: ['grace'], labels: ['mentoring'] });
    assert.deepEqual(await findPostedAsk(ada, prepared.plan.target, prepared.plan.id), posted);
    assert.equal(await findPostedAsk(ada, prepared.plan.target, newAskId()), undefined);
  });

  it('an asker without push access: the ask lands, what GitHub refuses them becomes warnings', async () => {
    // Not contract-checked: the sandbox refuses eve's labels with a 403 GitHub's OpenAPI does not list for that operation.
    const eve = h.client('eve', { baseUrl: `${h.sandbox.url}/api/v3`, checkContract: false });
    const onPull = await postAsk(eve, routePullRequestAsk({ ask: ask('Why a guard?'), pull: { repo: sample, number: pr.number, author: 'ada' } }));
    assert.equal(onPull.warnings.length, 2);
    assert.match(onPull.warnings.join('\n'), /Could not request a review from @grace[\s\S]*Could not label #\d+ "mentoring"/);
    const issue = await postAsk(eve, planOf({ pull: undefined, source: { repo: sample, webUrl: h.sandbox.url }, exchange: mentoring }));
    assert.deepEqual(issue.warnings, [
      '@grace cannot be assigned in ada/mentoring; they are mentioned instead.',
      'The issue could not be labelled "mentoring" (no permission to label in ada/mentoring).',
    ]);
  });

  it('a review comment whose lines GitHub refuses (the head moved) falls back to the file', async function () {
    this.timeout(20_000);
    const commit = async (files: Record<string, string>, parent?: string) =>
      (
        (await (
          await h.admin('POST', '/_sandbox/repos/ada/sample/commits', { branch: 'moving', files, message: 'm', author: 'ada', ...(parent ? { parent } : {}) })
        ).json()) as { sha: string }
      ).sha;
    const base = await readFile(mathFile(), 'utf8'); // guard-empty's math.ts; main's has no guard line
    const main = base.replace('  if (values.length === 0) return 0;\n', '');
    await commit({ 'src/math.ts': main.replace('return a + b;', 'return a + b; // sum') });
    const { data } = await ada.rest.pulls.create({ owner: 'ada', repo: 'sample', head: 'moving', base: 'main', title: 'Moving' });
    const snapshot = await fetchPullSnapshot(ada, await getPull(ada, sample, data.number));
    const plan = (head: string, snap: PullSnapshot) =>
      planOf({
        head,
        pull: snap,
        source: { repo: sample, webUrl: h.sandbox.url },
        exchange: mentoring,
        selection: { path: 'src/math.ts', startLine: 1, endLine: 2, text: 'export function add…\n  return a + b; // sum' },
        edits: { state: 'clean', hunks: [], headRange: { startLine: 1, endLine: 2 } },
      });
    const first = plan(data.head.sha, snapshot);
    assert.equal(first.target.kind, 'reviewComment');

    // Force-pushed: the planned commit left the pull request and line 2 is no longer changed.
    const moved = await commit({ 'src/math.ts': main.replace('let total = 0;', 'let total = 0; // moved') }, 'main');
    const result = await postAsk(ada, first);
    assert.equal(result.target.kind, 'fileComment');
    assert.match(result.warnings.join(), /no longer in its diff/);
    const { data: c } = await ada.rest.pulls.getReviewComment({ owner: 'ada', repo: 'sample', comment_id: result.posted.databaseId });
    assert.deepEqual([c.subject_type, c.commit_id], ['file', moved]);
    assert.match(c.body, /```ts\nexport function add…\n {2}return a \+ b; \/\/ sum\n```/);
    assert.deepEqual(await findPostedAsk(ada, first.target, first.id), result.posted, 'found where the review comment would have been');

    // A plan made from a stale diff: its lines are not in the diff at the commit it names.
    const stale = plan(moved, { ...snapshot, headSha: moved });
    const again = await postAsk(ada, stale);
    assert.equal(again.target.kind, 'fileComment');
  });
});
