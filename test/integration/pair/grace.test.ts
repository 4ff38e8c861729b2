// grace's side of the two-workbench suite (driver/pairRun.ts): she answers ada's ask with a suggestion,
// asks ada about her own code and records what she learned. ada acts only in her own VS Code
// (ada.test.ts); everything reaches grace through GitHub.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { MutualMentorApi } from '../../../src/extension/api';
import {
  activate,
  askAboutLines,
  driver,
  markLearned,
  openAskShowing,
  OTHER_SIDE_MS,
  REPLIES_ROOT,
  replyInPanel,
  reportLedger,
  signIn,
  waitForAcceptedPair,
  waitForAskFrom,
  waitForInvitation,
} from './side';
import { ADA_QUESTION, GRACE_QUESTION, GRACE_SUGGESTION } from './script';

describe('grace, in her own VS Code', () => {
  let api: MutualMentorApi;

  before(async () => {
    api = await activate();
  });

  it("signs in as grace, sees ada's invitation with ada's topics, and accepts it with her own", async () => {
    await signIn(api, 'grace');
    const invitation = await waitForInvitation(api, 'ada');
    assert.deepEqual([invitation.theirs.teaches, invitation.theirs.learns], [['data structures'], ['typescript']]);
    await vscode.commands.executeCommand('mutualMentor.showExchanges');
    await driver().request({ action: 'screenshotWorkbench', name: 'grace-invited' });
    await vscode.commands.executeCommand('mutualMentor.acceptPair', invitation.pair, { teaches: ['typescript'], learns: ['data structures'] });
    await waitForAcceptedPair(api, 'ada');
  });

  it("sees ada's ask under Asked you and answers it with a suggestion", async () => {
    const ask = await waitForAskFrom(api, 'ada', (a) => a.question.includes(ADA_QUESTION.slice(0, 40)));
    const page = await openAskShowing(ask.id, ADA_QUESTION.slice(0, 40));
    assert.match(page, /@ada/);
    assert.match(page, /entry\.expires <= this\.now\(\)/, 'the lines ada asked about show with her ask, read from GitHub');
    // Her workspace is not a clone of ada's repository: the ask is not pinned to a file that is not there.
    assert.deepEqual(await api.inlineThreadLabels(), [], 'no inline thread in grace/type-kata for an ask about ada/lru-cache');
    await driver().request({ action: 'screenshotWorkbench', name: 'grace-asked-by-ada' });
    await replyInPanel(GRACE_SUGGESTION, /@grace[\s\S]*Suggested change/);
  });

  it('asks ada about her own code', async () => {
    // type-kata has no pull request: the ask becomes an issue in her exchange repository, as she sets it.
    await vscode.workspace.getConfiguration('mutualMentor').update('exchangeRepository', 'grace/type-kata', vscode.ConfigurationTarget.Global);
    await askAboutLines(api, 'src/pick.ts', 'export type PickByValue', 3, 'typescript', GRACE_QUESTION);
    await driver().waitForText({ action: 'webviewText', root: REPLIES_ROOT }, (t) => t.includes('Asked @ada'), 60_000);
    await driver().request({ action: 'screenshotWorkbench', name: 'grace-asked' });
  });

  it("reads ada's answer and records what she learned", async () => {
    const ask = api.asksWith('ada').find((a) => a.direction === 'sent' && a.question === GRACE_QUESTION);
    assert.ok(ask, 'the ask is in the Exchanges');
    await openAskShowing(ask.id, 'remapped to');
    await driver().request({ action: 'screenshotWorkbench', name: 'grace-sees-answer' });
    await markLearned('A key remapped to never is dropped from a mapped type');
  });

  it('shows the same exchange in the Ledger as ada sees it, mirrored', async function () {
    this.timeout(OTHER_SIDE_MS + 60_000);
    const figures = await reportLedger(api, 'ada', 'grace-ledger');
    assert.ok(figures.learned >= 1 && figures.taught >= 1);
  });
});
