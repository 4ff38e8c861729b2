import { strict as assert } from 'node:assert';
import { setTimeout as sleep } from 'node:timers/promises';
import { rejection, startHarness, type Harness } from './harness';

describe('sandbox: notifications', () => {
  let h: Harness;
  let n = 0;
  /** A fresh public repository of ada's (grace collaborates) with one issue by ada. */
  async function issueByAda(title = 'Help with mean()'): Promise<string> {
    const name = `notes-${++n}`;
    await h.admin('POST', '/_sandbox/repos', { owner: 'ada', name, files: { 'README.md': '# x\n' }, collaborators: ['grace'] });
    await h.client('ada').rest.issues.create({ owner: 'ada', repo: name, title });
    return name;
  }
  const raw = (login: string, path: string, headers: Record<string, string> = {}) =>
    fetch(`${h.sandbox.url}${path}`, { headers: { authorization: `token ${h.sandbox.users()[login]}`, ...headers } });

  before(async () => (h = await startHarness()));
  after(() => h.close());
  beforeEach(() => h.sandbox.state.notifications.splice(0));

  it('gives a mentioned user a `mention` thread and the author an `author` one, never the actor', async () => {
    const repo = await issueByAda();
    const { data: comment } = await h.client('grace').rest.issues.createComment({ owner: 'ada', repo, issue_number: 1, body: 'What do you think, @eve?' });
    const { data: eve } = await h.client('eve').rest.activity.listNotificationsForAuthenticatedUser();
    assert.equal(eve.length, 1);
    assert.equal(eve[0]?.reason, 'mention');
    assert.equal(eve[0]?.unread, true);
    assert.equal(eve[0]?.subject.type, 'Issue');
    assert.equal(eve[0]?.subject.title, 'Help with mean()');
    assert.equal(eve[0]?.subject.latest_comment_url, comment.url);
    assert.equal(eve[0]?.repository.full_name, `ada/${repo}`);
    const { data: ada } = await h.client('ada').rest.activity.listNotificationsForAuthenticatedUser();
    assert.deepEqual(
      ada.map((t) => t.reason),
      ['author'],
    );
    assert.deepEqual((await h.client('grace').rest.activity.listNotificationsForAuthenticatedUser()).data, []);
  });

  it('lists threads newest first, with participating, since/before filters and Link pages', async () => {
    const first = await issueByAda('first');
    const second = await issueByAda('second');
    const grace = h.client('grace');
    await grace.rest.issues.createComment({ owner: 'ada', repo: first, issue_number: 1, body: 'one' });
    await grace.rest.issues.createComment({ owner: 'ada', repo: second, issue_number: 1, body: 'two' });
    const [older, newer] = ['first', 'second'].map((t) => h.sandbox.state.notifications.find((x) => x.issue.title === t)!);
    older.updatedAt = '2020-01-01T00:00:00Z';
    const ada = h.client('ada');
    const titles = async (params: Record<string, unknown> = {}) =>
      (await ada.rest.activity.listNotificationsForAuthenticatedUser(params)).data.map((t) => t.subject.title);
    assert.deepEqual(await titles(), ['second', 'first']);
    assert.deepEqual(await titles({ since: '2021-01-01T00:00:00Z' }), ['second']);
    assert.deepEqual(await titles({ before: '2021-01-01T00:00:00Z' }), ['first']);
    newer.reason = 'subscribed';
    assert.deepEqual(await titles({ participating: true }), ['first'], 'subscribed is not participating');
    const page = await ada.rest.activity.listNotificationsForAuthenticatedUser({ per_page: 1 });
    assert.equal(page.data.length, 1);
    assert.match(page.headers.link ?? '', /per_page=1&page=2>; rel="next"/);
    assert.equal((await rejection(ada.rest.activity.listNotificationsForAuthenticatedUser({ since: 'soon' }))).status, 422);
  });

  it('sends Last-Modified and X-Poll-Interval, and answers If-Modified-Since with a 304 that costs nothing', async function () {
    this.timeout(15_000);
    const repo = await issueByAda();
    await h.admin('PUT', '/_sandbox/poll-interval', { seconds: 42 });
    await h.client('grace').rest.issues.createComment({ owner: 'ada', repo, issue_number: 1, body: 'ping' });
    const ada = h.client('ada');
    const first = await ada.rest.activity.listNotificationsForAuthenticatedUser();
    assert.equal(first.headers['x-poll-interval'], '42');
    const lastModified = first.headers['last-modified'];
    assert.ok(lastModified);
    assert.equal(new Date(lastModified).toUTCString(), lastModified, 'an HTTP date');

    const before = h.sandbox.accounting.budget('ada', 'core').used;
    const notModified = await raw('ada', '/notifications', { 'if-modified-since': lastModified });
    assert.equal(notModified.status, 304);
    assert.equal(await notModified.text(), '');
    assert.equal(notModified.headers.get('x-poll-interval'), '42');
    assert.equal(notModified.headers.get('x-ratelimit-used'), String(before));
    assert.equal(h.sandbox.accounting.budget('ada', 'core').used, before, 'a 304 spends no point');
    const viaOctokit = await rejection(ada.request('GET /notifications', { headers: { 'if-modified-since': lastModified } }));
    assert.equal(viaOctokit.status, 304);

    const older = new Date(Date.parse(lastModified) - 1000).toUTCString();
    assert.equal((await raw('ada', '/notifications', { 'if-modified-since': older })).status, 200, 'an older date gets the list');
    assert.equal(h.sandbox.accounting.budget('ada', 'core').used, before + 1);

    await sleep(1100); // HTTP dates have whole seconds
    await h.client('grace').rest.issues.createComment({ owner: 'ada', repo, issue_number: 1, body: 'ping again' });
    const changed = await raw('ada', '/notifications', { 'if-modified-since': lastModified });
    assert.equal(changed.status, 200, 'new activity ends the 304s');
    assert.ok(Date.parse(changed.headers.get('last-modified') ?? '') > Date.parse(lastModified));
    await h.admin('PUT', '/_sandbox/poll-interval', { seconds: 60 });
  });

  it('marks every notification read (205), except those updated after last_read_at', async () => {
    const repo = await issueByAda();
    await h.client('grace').rest.issues.createComment({ owner: 'ada', repo, issue_number: 1, body: 'hello' });
    const ada = h.client('ada');
    const stale = await ada.rest.activity.markNotificationsAsRead({ last_read_at: '2000-01-01T00:00:00Z' });
    assert.equal(stale.status, 205);
    assert.equal((await ada.rest.activity.listNotificationsForAuthenticatedUser()).data.length, 1, 'updated after last_read_at: still unread');

    assert.equal((await ada.rest.activity.markNotificationsAsRead()).status, 205);
    assert.deepEqual((await ada.rest.activity.listNotificationsForAuthenticatedUser()).data, [], 'only unread threads by default');
    const { data: all } = await ada.rest.activity.listNotificationsForAuthenticatedUser({ all: true });
    assert.equal(all.length, 1);
    assert.equal(all[0]?.unread, false);
    assert.ok(all[0]?.last_read_at);

    await h.client('grace').rest.issues.createComment({ owner: 'ada', repo, issue_number: 1, body: 'are you there?' });
    const { data: again } = await ada.rest.activity.listNotificationsForAuthenticatedUser();
    assert.equal(again[0]?.unread, true, 'new activity makes the thread unread again');
  });

  it('reads a thread, marks it read or done, and manages its subscription', async () => {
    const repo = await issueByAda();
    await h.client('grace').rest.issues.createComment({ owner: 'ada', repo, issue_number: 1, body: 'hello' });
    const ada = h.client('ada');
    const [listed] = (await ada.rest.activity.listNotificationsForAuthenticatedUser()).data;
    const thread_id = Number(listed.id);
    assert.equal((await ada.rest.activity.getThread({ thread_id })).data.id, listed.id);
    const eveSees = await rejection(h.client('eve', { checkContract: false }).rest.activity.getThread({ thread_id }));
    assert.equal(eveSees.status, 404, 'another user’s thread is not found');

    assert.equal((await ada.rest.activity.markThreadAsRead({ thread_id })).status, 205);
    assert.equal((await ada.rest.activity.getThread({ thread_id })).data.unread, false);

    const sub = await ada.rest.activity.getThreadSubscriptionForAuthenticatedUser({ thread_id });
    assert.equal(sub.data.subscribed, true);
    assert.equal(sub.data.reason, 'author');
    const ignored = await ada.rest.activity.setThreadSubscription({ thread_id, ignored: true });
    assert.equal(ignored.data.ignored, true);
    assert.deepEqual((await ada.rest.activity.listNotificationsForAuthenticatedUser({ all: true })).data, [], 'an ignored thread is hidden');
    assert.equal((await ada.rest.activity.deleteThreadSubscription({ thread_id })).status, 204);
    assert.equal((await ada.rest.activity.getThreadSubscriptionForAuthenticatedUser({ thread_id })).data.subscribed, false);

    assert.equal((await ada.rest.activity.markThreadAsDone({ thread_id })).status, 204);
    assert.deepEqual((await ada.rest.activity.listNotificationsForAuthenticatedUser({ all: true })).data, [], 'done threads leave the list');
  });

  it('keeps threads of a repository the user can no longer read out of the list', async () => {
    const name = `notes-private-${++n}`;
    await h.admin('POST', '/_sandbox/repos', { owner: 'ada', name, private: true, files: { 'a.md': 'a' }, collaborators: ['grace'] });
    await h.client('ada').rest.issues.create({ owner: 'ada', repo: name, title: 'Secret' });
    await h.client('grace').rest.issues.createComment({ owner: 'ada', repo: name, issue_number: 1, body: '@eve can you see this?' });
    await h.client('ada').rest.issues.createComment({ owner: 'ada', repo: name, issue_number: 1, body: 'thanks' });
    assert.deepEqual((await h.client('eve').rest.activity.listNotificationsForAuthenticatedUser({ all: true })).data, [], 'eve cannot read it');
    const grace = h.client('grace');
    assert.equal((await grace.rest.activity.listNotificationsForAuthenticatedUser()).data[0]?.subject.title, 'Secret');
    h.sandbox.state.repo('ada', name)!.collaborators.delete('grace');
    assert.deepEqual((await grace.rest.activity.listNotificationsForAuthenticatedUser({ all: true })).data, []);
  });
});
