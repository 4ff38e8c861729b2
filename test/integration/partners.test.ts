import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { MutualMentorApi } from '../../src/extension/api';
import { driver } from './driverClient';
import { waitForNotification } from './notifications';
import { sandbox } from './sandboxClient';

// Runs after signIn.test.ts (test/integration/index.ts orders the suites): signed in as ada.
describe('Pairing with a partner', () => {
  let api: MutualMentorApi;
  before(async function () {
    if (!sandbox) this.skip();
    api = await vscode.extensions.getExtension<MutualMentorApi>('mutual-mentor.mutual-mentor')!.activate();
    assert.equal((await api.account())?.state, 'signedIn');
  });

  it('Exchanges offers Pair with Partner… while there is no partner', async () => {
    await vscode.commands.executeCommand('mutualMentor.showExchanges');
    assert.equal(api.exchangesRootCount(), 0);
    if (!driver) return;
    await vscode.commands.executeCommand('mutualMentor.showExchanges');
    const sidebar = await driver.waitForText({ action: 'workbenchText', selector: '.part.sidebar' }, (t) => t.includes('No partner yet.'));
    assert.match(sidebar, /An exchange starts when you ask a partner/);
    assert.match(sidebar, /Pair with Partner…/);
    await driver.request({ action: 'screenshotWorkbench', name: 'workbench-empty' });
  });

  it('pairs with a partner after checking the login on GitHub, and lists them in Exchanges', async () => {
    const partner = await vscode.commands.executeCommand<{ login: string } | undefined>('mutualMentor.pairWithPartner', '@grace');
    assert.equal(partner?.login, 'grace');
    const saved = vscode.workspace.getConfiguration().get<unknown[]>('mutualMentor.partners');
    assert.deepEqual(saved, ['grace']);
    assert.equal(api.exchangesRootCount(), 1);
    if (!driver) return;
    await vscode.commands.executeCommand('mutualMentor.showExchanges');
    const sidebar = await driver.waitForText({ action: 'workbenchText', selector: '.part.sidebar' }, (t) => t.includes('@grace'));
    assert.match(sidebar, /No exchanges yet/);
    await driver.request({ action: 'screenshotWorkbench', name: 'exchanges-partner' });
  });

  it('refuses a login that does not exist on the host', async () => {
    const partner = await vscode.commands.executeCommand('mutualMentor.pairWithPartner', 'no-such-user');
    assert.equal(partner, undefined);
    assert.deepEqual(vscode.workspace.getConfiguration().get<unknown[]>('mutualMentor.partners'), ['grace']);
    if (!driver) return;
    await waitForNotification(driver, 'There is no GitHub user @no-such-user');
  });
});
