import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { MutualMentorApi } from '../../src/extension/api';
import { driver } from './driverClient';
import { waitForNotification } from './notifications';
import { sandbox } from './sandboxClient';

const REPLIES_ROOT = 'main#root[aria-label="Replies"]';

// Runs first (files run in name order): the extension starts signed out.
describe('Signing in to GitHub', () => {
  let api: MutualMentorApi;
  before(async function () {
    if (!sandbox) this.skip();
    api = await vscode.extensions.getExtension<MutualMentorApi>('mutual-mentor.mutual-mentor')!.activate();
  });

  it('starts signed out and says how to sign in, in the Replies page and the Exchanges view', async () => {
    const account = await api.account();
    assert.equal(account?.state, 'signedOut');
    if (!driver) return;
    await vscode.commands.executeCommand('mutualMentor.showReplies');
    const page = await driver.waitForText({ action: 'webviewText', root: REPLIES_ROOT }, (t) => t.includes('Not signed in'));
    assert.match(page, /Sign In/);
    const sidebar = await driver.waitForText({ action: 'workbenchText', selector: '.part.sidebar' }, (t) => t.includes('Not signed in.'));
    assert.match(sidebar, /Sign in with Token…/);
    await driver.request({ action: 'screenshotWorkbench', name: 'signed-out' });
  });

  it('signs in with a token, kept in secret storage, and shows who it is signed in as', async () => {
    assert.equal(await vscode.commands.executeCommand('mutualMentor.signInWithToken', sandbox!.token('ada')), true);
    const account = await api.account();
    assert.deepEqual(account?.state === 'signedIn' && account.login, 'ada');
    assert.deepEqual(await api.refreshAccount().then((a) => a?.state), 'signedIn', 'the stored token is used again');
    if (!driver) return;
    const text = await driver.waitForText({ action: 'webviewText', root: REPLIES_ROOT }, (t) => t.includes('Signed in as @ada'));
    assert.match(text, /Signed in as @ada on 127\.0\.0\.1:\d+/);
    assert.doesNotMatch(text, /Sign In/);
    await driver.request({ action: 'screenshotWebview', name: 'replies-signed-in', root: REPLIES_ROOT });
  });

  it('refuses a token the host does not accept, and stays signed in with the good one', async () => {
    assert.equal(await vscode.commands.executeCommand('mutualMentor.signInWithToken', 'ghp_not_a_real_token'), false);
    const account = await api.account();
    assert.equal(account?.state === 'signedIn' && account.login, 'ada');
  });

  it('notices a revoked token, asks to sign in again, and recovers with a new one', async () => {
    const { token } = (await sandbox!.admin('POST', '/_sandbox/users/ada/revoke')) as { token: string };
    const revoked = await api.refreshAccount();
    assert.equal(revoked?.state, 'signedOut');
    assert.match(revoked?.state === 'signedOut' ? revoked.problem : '', /did not accept the token/);
    if (driver) {
      await driver.waitForText({ action: 'webviewText', root: REPLIES_ROOT }, (t) => /Not signed in.*did not accept the token/s.test(t));
      assert.match(await waitForNotification(driver, 'did not accept the token'), /Sign In/);
    }
    assert.equal(await vscode.commands.executeCommand('mutualMentor.signInWithToken', token), true);
    assert.equal((await api.account())?.state, 'signedIn');
  });

  it('signs out, forgetting the stored token', async () => {
    await vscode.commands.executeCommand('mutualMentor.signOut');
    assert.equal((await api.account())?.state, 'signedOut');
    assert.equal((await api.refreshAccount())?.state, 'signedOut', 'the token is gone, not just hidden');
    // Sign in again for the tests that follow.
    const { token } = (await sandbox!.admin('POST', '/_sandbox/users/ada/revoke')) as { token: string };
    assert.equal(await vscode.commands.executeCommand('mutualMentor.signInWithToken', token), true);
  });

  it("follows the workspace's git remote when the API URL setting is empty", async () => {
    const config = vscode.workspace.getConfiguration();
    const configured = config.get<string>('mutualMentor.github.apiUrl');
    assert.ok(configured);
    // Set in the Machine settings file (run.ts); a Global update of this machine-scoped setting writes there too,
    // so the finally puts the value back rather than removing it.
    const configuredGlobally = config.inspect<string>('mutualMentor.github.apiUrl')?.globalValue;
    assert.equal(configuredGlobally, configured);
    // An empty value (in a remote window this lands in the machine's settings, over the user's).
    await config.update('mutualMentor.github.apiUrl', '', vscode.ConfigurationTarget.Global);
    assert.equal(vscode.workspace.getConfiguration().get('mutualMentor.github.apiUrl'), '');
    try {
      // The workspace is a clone of the sandbox: its remote names the same host, whose stored token signs in.
      const account = await api.refreshAccount();
      assert.equal(account?.state === 'signedIn' && account.login, 'ada');
      assert.equal(account?.host, new URL(configured).host);
      assert.deepEqual(api.githubApi(), { url: configured, from: 'git remote' });
    } finally {
      await config.update('mutualMentor.github.apiUrl', configuredGlobally, vscode.ConfigurationTarget.Global);
      assert.equal(vscode.workspace.getConfiguration().get('mutualMentor.github.apiUrl'), configured);
      await api.refreshAccount();
      assert.equal(api.githubApi()?.from, 'setting');
    }
  });
});
