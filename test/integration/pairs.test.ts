import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { actionComment, invitationIssue } from '../../src/core/pairs/compose';
import type { PairState } from '../../src/core/pairs/model';
import type { Partner } from '../../src/core/partners';
import type { MutualMentorApi } from '../../src/extension/api';
import { driver } from './driverClient';
import { waitForNotification } from './notifications';
import { sandbox } from './sandboxClient';
import { waitFor } from './wait';

// The pair on GitHub (ARCHITECTURE.md §Pairs), one workbench: ada (this window) invites grace, the test
// answers as grace through the sandbox, and ada's partner list shows grace with her topics. Runs after
// the ordered suites (test/integration/index.ts): grace is by then a partner only in ada's setting.
describe('Pairs on GitHub', () => {
  let api: MutualMentorApi;
  let folder: vscode.WorkspaceFolder;
  const sidebar = (containing: string) => driver!.waitForText({ action: 'workbenchText', selector: '.part.sidebar' }, (t) => t.includes(containing));
  const refresh = () => vscode.commands.executeCommand('mutualMentor.refresh');
  const partner = (login: string) => api.partners().find((p) => p.login.toLowerCase() === login);

  before(async function () {
    if (!sandbox) this.skip();
    api = await vscode.extensions.getExtension<MutualMentorApi>('mutual-mentor.mutual-mentor')!.activate();
    assert.equal((await api.account())?.state, 'signedIn');
    folder = vscode.workspace.workspaceFolders![0]!;
    await vscode.workspace.getConfiguration('mutualMentor', folder.uri).update('exchangeRepository', 'ada/sample', vscode.ConfigurationTarget.WorkspaceFolder);
  });
  after(async () => {
    await vscode.workspace.getConfiguration('mutualMentor', folder.uri).update('exchangeRepository', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
  });

  it('a partner only in the setting is still a partner, with no pair on GitHub', async () => {
    await refresh();
    assert.equal(partner('grace')?.pair, undefined);
  });

  it('ada invites grace; a forged acceptance is ignored; grace accepts through GitHub; ada lists grace with her topics', async function () {
    this.timeout(120_000);
    const invited = await vscode.commands.executeCommand<Partner | undefined>('mutualMentor.pairWithPartner', {
      login: 'grace',
      teaches: ['typescript'],
      learns: ['rust'],
    });
    const link = invited?.pair;
    assert.ok(link, 'the invitation is on GitHub');
    assert.equal(link.status, 'invited');
    assert.deepEqual(link.mine, { teaches: ['typescript'], learns: ['rust'] });
    const issue = (await sandbox!.getAs('grace', `/repos/ada/sample/issues/${link.number}`)) as { assignees: { login: string }[]; body: string };
    assert.deepEqual(
      issue.assignees.map((u) => u.login),
      ['grace'],
    );
    const notes = (await sandbox!.getAs('grace', '/notifications?all=true')) as { subject: { title: string } }[];
    assert.ok(
      notes.some((n) => n.subject.title === 'Mutual Mentor pair: @ada and @grace'),
      'the invitation reaches grace on GitHub',
    );

    const path = `/repos/ada/sample/issues/${link.number}/comments`;
    const graceTopics = { teaches: ['rust', 'testing'], learns: ['typescript'] };
    await sandbox!.postAs('eve', path, { body: actionComment(link.id, 'accept', 'eve', 'ada', { teaches: ['forgery'], learns: [] }) });
    await refresh();
    assert.equal(partner('grace')?.pair?.status, 'invited', 'an acceptance written by eve does not count');

    await sandbox!.postAs('grace', path, { body: actionComment(link.id, 'accept', 'grace', 'ada', graceTopics) });
    await refresh();
    const accepted = await waitFor('grace accepted in ada’s partner list', () =>
      partner('grace')?.pair?.status === 'accepted' ? partner('grace') : undefined,
    );
    assert.deepEqual([accepted.teaches, accepted.learns], [graceTopics.teaches, graceTopics.learns]);
    if (!driver) return;
    await vscode.commands.executeCommand('mutualMentor.showExchanges');
    await sidebar('teaches rust, testing');
    await driver.request({ action: 'screenshotWorkbench', name: 'pair-accepted' });
  });

  it('an invitation from someone ada never asked is shown as an invitation, never accepted for her, and she can decline it', async function () {
    this.timeout(120_000);
    await sandbox!.admin('POST', '/_sandbox/repos', { owner: 'eve', name: 'lures', files: { 'README.md': 'lures' } });
    const { title, body } = invitationIssue(randomUUID(), 'eve', 'ada', { teaches: ['crypto'], learns: ['<script>alert(1)</script>'] });
    const created = (await sandbox!.postAs('eve', '/repos/eve/lures/issues', { title, body })) as { number: number };
    await refresh();
    const invitation = await waitFor('eve’s invitation', () => api.pairInvitations().find((v) => v.partner === 'eve'));
    assert.equal(partner('eve'), undefined, 'an invitation is not a partner');
    assert.deepEqual(invitation.theirs.learns, ['scriptalert1/script']);
    if (driver) {
      await waitForNotification(driver, '@eve invites you to pair');
      await sidebar('Invitation from @eve');
      await driver.request({ action: 'screenshotWorkbench', name: 'pair-invitation' });
    }
    const declined = await vscode.commands.executeCommand<PairState | undefined>('mutualMentor.declinePair', {
      owner: 'eve',
      name: 'lures',
      number: created.number,
    });
    assert.equal(declined?.status, 'declined');
    assert.equal(api.pairInvitations().length, 0);
    const comments = (await sandbox!.getAs('eve', `/repos/eve/lures/issues/${created.number}/comments`)) as { user: { login: string }; body: string }[];
    assert.ok(comments.some((c) => c.user.login === 'ada' && c.body.includes('"kind":"pair-decline"')));
  });

  it('either side can pause and resume the pair', async function () {
    this.timeout(60_000);
    const paused = await vscode.commands.executeCommand<PairState | undefined>('mutualMentor.pausePair', 'grace');
    assert.equal(paused?.status, 'paused');
    assert.equal(partner('grace')?.pair?.status, 'paused');
    const resumed = await vscode.commands.executeCommand<PairState | undefined>('mutualMentor.resumePair', 'grace');
    assert.equal(resumed?.status, 'accepted');
  });
});
