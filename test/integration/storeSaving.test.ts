import { strict as assert } from 'node:assert';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, rmdir } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { MutualMentorApi } from '../../src/extension/api';
import { driver } from './driverClient';
import { waitForNotification } from './notifications';
import { sandbox } from './sandboxClient';
import { waitFor } from './wait';

const REPLIES_ROOT = 'main#root[aria-label="Replies"]';
const QUESTION = 'Would a clock interface be overkill for the TTL tests?';

// Runs after the ordered suites: signed in as ada, paired with grace, on the branch of ada/lru-cache#1.
// The store's outbox file is made unwritable while an ask waits to be sent (the suite runs as root,
// where permissions do not stop writes, so a directory takes the file's place): the user is told,
// the ask stays queued, and once the file is back it is saved and sent.
describe('When the store cannot save', () => {
  let api: MutualMentorApi;
  let outboxFile: string;
  const aside = () => `${outboxFile}.aside`;
  const restore = async () => {
    if (existsSync(outboxFile) && statSync(outboxFile).isDirectory()) await rmdir(outboxFile);
    if (existsSync(aside())) await rename(aside(), outboxFile);
  };

  before(async function () {
    if (!sandbox || !driver) this.skip(); // the ask is composed through the browser
    api = await vscode.extensions.getExtension<MutualMentorApi>('mutual-mentor.mutual-mentor')!.activate();
    outboxFile = path.join(api.storeDir(), 'outbox.jsonl');
  });
  after(async () => {
    if (!sandbox || !driver) return;
    await restore();
    await sandbox.admin('DELETE', '/_sandbox/faults');
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('shows "not saved" with the reason, keeps the queued ask, and saves and sends it once the file is back', async function () {
    // Its waits add up past mocha's default: the store retries with a backoff of up to 30 s.
    this.timeout(240_000);
    assert.equal((await api.storeSaveState()).kind, 'saved');
    // GitHub refuses the ask's comment for now, so it waits in the outbox.
    await sandbox!.admin('POST', '/_sandbox/faults', { kind: 'status', status: 502, method: 'POST', path: '/issues/1/comments$' });
    if (existsSync(outboxFile)) await rename(outboxFile, aside());
    await mkdir(outboxFile);

    await vscode.commands.executeCommand('mutualMentor.tagPullRequest');
    await driver!.waitForText({ action: 'webviewText', root: REPLIES_ROOT }, (t) => t.includes('The whole pull request ada/lru-cache#1'));
    await driver!.request({ action: 'fillWebview', root: REPLIES_ROOT, selector: '#question', text: QUESTION });
    await driver!.request({ action: 'clickWebview', root: REPLIES_ROOT, text: 'Ask' });

    const failing = await waitFor('the store reporting that it cannot save', async () => {
      const state = await api.storeSaveState();
      return state.kind === 'failing' ? state : undefined;
    });
    assert.match(failing.reason, /outbox\.jsonl could not be read/);
    assert.equal(failing.file, outboxFile);
    const status = await driver!.waitForText({ action: 'workbenchText', selector: '.part.statusbar' }, (t) => t.includes('Mutual Mentor: not saved'));
    assert.match(status, /Mutual Mentor: not saved/);
    const toast = await waitForNotification(driver!, 'could not save its data');
    assert.match(toast, /outbox\.jsonl could not be read/);
    assert.match(toast, /Retry/);
    assert.match(toast, /Show Log/);
    await driver!.request({ action: 'screenshotWorkbench', name: 'store-not-saved' });
    // Retries do not bring more notifications: after another failed try, the list holds one.
    await waitFor(
      'another try',
      async () => {
        const state = await api.storeSaveState();
        return state.kind === 'failing' && state.attempts > failing.attempts ? true : undefined;
      },
      40_000,
    );
    await vscode.commands.executeCommand('notifications.showList');
    const list = await driver!.waitForText({ action: 'workbenchText', selector: '.notifications-center' }, (t) => t.includes('could not save its data'));
    await vscode.commands.executeCommand('notifications.hideList');
    assert.equal(list.split('could not save its data').length - 1, 1, `one notification: ${list}`);

    await restore();
    await waitFor('the store saving again', async () => ((await api.storeSaveState()).kind === 'saved' ? true : undefined), 40_000);
    await driver!.waitForText({ action: 'workbenchText', selector: '.part.statusbar' }, (t) => !t.includes('not saved'));
    const saved = await readFile(outboxFile, 'utf8');
    assert.ok(saved.includes(QUESTION), 'the queued ask is on disk');
    await driver!.request({ action: 'screenshotWorkbench', name: 'store-saved-again' });
    // GitHub keeps refusing the ask's comment until the next test has made it unreachable altogether: lifted here,
    // the ask could be sent between the two (its backoff may end first), and the next test would have nothing queued.
  });

  it('then sends the queued ask as soon as GitHub answers again, without waiting out its backoff', async function () {
    this.timeout(240_000);
    const since = new Date(Date.now() - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    // GitHub is down for a while (the poll fails too), then comes back. It stays down until the ask's next
    // try is further off than the wait below, so only "GitHub answers again" can bring it out in time.
    await sandbox!.admin('POST', '/_sandbox/faults', { kind: 'status', status: 502, path: '^/(notifications|graphql|repos/)' });
    // The poll fails as well (its "cannot be reached" notice is checked in threads.test.ts); by the time the
    // ask's next try is 45 s off, that refresh has long failed.
    await vscode.commands.executeCommand('mutualMentor.refresh');
    const nextTry = async () => {
      const text = existsSync(outboxFile) ? await readFile(outboxFile, 'utf8') : '';
      const line = text.split('\n').find((l) => l.includes(QUESTION));
      assert.ok(line, 'the ask is still queued (GitHub has refused it since the last test)');
      return line ? (JSON.parse(line) as { notBefore?: number }).notBefore : undefined;
    };
    await waitFor('the ask’s next try more than 45 s off', async () => ((await nextTry()) ?? 0) - Date.now() > 45_000 || undefined, 150_000);
    await sandbox!.admin('DELETE', '/_sandbox/faults');
    await vscode.commands.executeCommand('mutualMentor.refresh');
    await waitFor(
      'the ask reaching GitHub',
      async () => {
        // Only comments from the minute before the test on: by now the pull request has more than one page of them.
        const comments = (await sandbox!.getAs('grace', `/repos/ada/lru-cache/issues/1/comments?since=${since}&per_page=100`)) as { body: string }[];
        return comments.some((c) => c.body.includes(QUESTION)) ? true : undefined;
      },
      30_000,
    );
    await waitFor('the sent ask leaving the outbox file', async () => (!(await readFile(outboxFile, 'utf8')).includes(QUESTION) ? true : undefined), 30_000);
  });
});
