// ada's side of the two-workbench suite (driver/pairRun.ts): she asks grace about a selection, applies
// grace's suggestion and records what she learned; then answers grace's ask. grace acts only in her own
// VS Code (grace.test.ts); everything reaches ada through GitHub.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { MutualMentorApi } from '../../../src/extension/api';
import { waitFor } from '../wait';
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
} from './side';
import { ADA_QUESTION, GRACE_QUESTION, SUGGESTED_COMMENT } from './script';

describe('ada, in her own VS Code', () => {
  let api: MutualMentorApi;

  before(async () => {
    api = await activate();
  });

  it('signs in as ada and invites grace to pair, saying what she can teach and wants to learn', async () => {
    await signIn(api, 'ada');
    const partner = await vscode.commands.executeCommand<{ login: string; pair?: { status: string } } | undefined>('mutualMentor.pairWithPartner', {
      login: 'grace',
      teaches: ['data structures'],
      learns: ['typescript'],
      repository: 'ada/lru-cache',
    });
    assert.equal(partner?.login, 'grace');
    assert.equal(partner?.pair?.status, 'invited');
  });

  it("sees grace's acceptance, with grace's topics, in her own VS Code", async () => {
    await waitForAcceptedPair(api, 'grace');
    const grace = api.partners().find((p) => p.login === 'grace')!;
    assert.deepEqual([grace.teaches, grace.learns], [['typescript'], ['data structures']], 'what grace said she teaches and wants to learn');
    await vscode.commands.executeCommand('mutualMentor.showExchanges');
    await driver().request({ action: 'screenshotWorkbench', name: 'ada-pair-accepted' });
  });

  it('asks grace about the lines that expire an entry', async () => {
    await askAboutLines(api, 'src/lruCache.ts', 'if (entry.expires <= this.now()) {', 4, 'testing', ADA_QUESTION);
    const sent = await driver().waitForText({ action: 'webviewText', root: REPLIES_ROOT }, (t) => t.includes('Asked @grace'), 60_000);
    assert.match(sent, /review comment on ada\/lru-cache#1/);
    await driver().request({ action: 'screenshotWorkbench', name: 'ada-asked' });
  });

  it("sees grace's answer with her suggestion, applies it, and records what she learned", async () => {
    const ask = api.asksWith('grace').find((a) => a.direction === 'sent' && a.question === ADA_QUESTION);
    assert.ok(ask, 'the ask is in the Exchanges');
    const page = await openAskShowing(ask.id, 'Suggested change');
    assert.match(page, /@grace/);
    await driver().request({ action: 'screenshotWorkbench', name: 'ada-sees-answer' });
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'src', 'lruCache.ts'));
    await openAskShowing(ask.id, 'Suggested change');
    await driver().request({ action: 'clickWebviewSelector', root: REPLIES_ROOT, selector: '#apply-0-0' });
    await waitFor('the suggestion preview', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label.includes('suggestion')), 30_000);
    assert.equal(await vscode.commands.executeCommand('mutualMentor.applyPreviewedSuggestion'), true);
    assert.ok(document.getText().includes(SUGGESTED_COMMENT), "grace's suggested line is in ada's file");
    await openAskShowing(ask.id, 'Suggested change');
    await markLearned('Delete an expired entry on read, so the cache never hands out a stale value');
  });

  it("answers grace's ask about her code, which arrives under Asked you", async () => {
    const ask = await waitForAskFrom(api, 'grace', (a) => a.question.includes(GRACE_QUESTION));
    await openAskShowing(ask.id, GRACE_QUESTION.slice(0, 40));
    await driver().request({ action: 'screenshotWorkbench', name: 'ada-asked-by-grace' });
    await replyInPanel(
      'The `as` clause remaps each key; a key remapped to `never` is dropped, so only the keys whose values match V remain.',
      /@ada[\s\S]*remapped to `?never/,
    );
  });

  it('shows the same exchange in the Ledger as grace sees it, mirrored', async function () {
    this.timeout(OTHER_SIDE_MS + 60_000);
    const figures = await reportLedger(api, 'grace', 'ada-ledger');
    assert.ok(figures.learned >= 1 && figures.taught >= 1);
  });
});
