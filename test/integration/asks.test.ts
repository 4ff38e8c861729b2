import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { MutualMentorApi } from '../../src/extension/api';
import { driver } from './driverClient';
import { waitForNotification } from './notifications';
import { sandbox } from './sandboxClient';
import { waitFor } from './wait';

const REPLIES_ROOT = 'main#root[aria-label="Replies"]';

// Runs after partners.test.ts: signed in as ada, paired with grace; the workspace is a clone of
// ada/lru-cache on feature/ttl, the branch of its open pull request #1.
describe('Asking a partner about selected code', () => {
  let api: MutualMentorApi;
  before(async function () {
    if (!sandbox || !driver) this.skip(); // the composer is filled in through the browser
    api = await vscode.extensions.getExtension<MutualMentorApi>('mutual-mentor.mutual-mentor')!.activate();
  });

  it('composes an ask in the Replies panel, sends it, and it lands as a review comment on the PR lines', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'src', 'lruCache.ts'));
    const editor = await vscode.window.showTextDocument(document);
    const first = document
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('while (this.entries.size > this.capacity)'));
    assert.ok(first > 0, 'the PR branch has the while loop');
    editor.selection = new vscode.Selection(first, 0, first + 2, document.lineAt(first + 2).text.length);

    const composing = api.nextRepliesRender();
    await vscode.commands.executeCommand('mutualMentor.askAboutSelection');
    assert.equal(await composing, 'compose');
    const page = await driver!.waitForText({ action: 'webviewText', root: REPLIES_ROOT }, (t) => t.includes('Ask your partner'));
    assert.match(page, /src\/lruCache\.ts, lines \d+–\d+/);
    assert.match(page, /review comment/i);
    assert.match(
      page,
      /Where it goes: The lines are in the diff of pull request #1, so the ask becomes a review comment/,
      'one sentence, not "Goes to The lines…"',
    );
    // At the sidebar's default height the Ask button is on screen without scrolling, and the code wraps instead of scrolling sideways.
    await driver!.request({ action: 'screenshotWebview', name: 'ask-compose-default-height', root: REPLIES_ROOT });
    type Box = { top: number; bottom: number; innerHeight: number; scrollWidth: number; clientWidth: number };
    const askButton = JSON.parse(
      (await driver!.request({ action: 'webviewBox', root: REPLIES_ROOT, selector: 'form.compose button[type="submit"]' })).text ?? '{}',
    ) as Box;
    assert.ok(askButton.top >= 0 && askButton.bottom <= askButton.innerHeight, `the Ask button is in view: ${JSON.stringify(askButton)}`);
    const excerpt = JSON.parse((await driver!.request({ action: 'webviewBox', root: REPLIES_ROOT, selector: 'form.compose pre.snippet' })).text ?? '{}') as Box;
    assert.ok(excerpt.scrollWidth <= excerpt.clientWidth + 1, `the excerpt does not scroll sideways: ${JSON.stringify(excerpt)}`);
    await driver!.request({ action: 'fillWebview', root: REPLIES_ROOT, selector: '#topic', text: 'data structures' });
    await driver!.request({
      action: 'fillWebview',
      root: REPLIES_ROOT,
      selector: '#question',
      text: 'Why a while loop here and not an if? Could size ever exceed capacity by more than one?',
    });
    await driver!.request({ action: 'screenshotWebview', name: 'ask-compose', root: REPLIES_ROOT });

    const sent = api.nextRepliesRender();
    await driver!.request({ action: 'clickWebview', root: REPLIES_ROOT, text: 'Ask' });
    assert.equal(await sent, 'compose', 'first the page shows it is sending');
    const done = await driver!.waitForText({ action: 'webviewText', root: REPLIES_ROOT }, (t) => t.includes('Asked @grace'));
    assert.match(done, /review comment on ada\/lru-cache#1/);
    await driver!.request({ action: 'screenshotWebview', name: 'ask-sent', root: REPLIES_ROOT });

    // What GitHub (the sandbox) now shows, seen as grace.
    const comments = (await sandbox!.getAs('grace', '/repos/ada/lru-cache/pulls/1/comments')) as {
      body: string;
      line: number;
      start_line: number | null;
      user: { login: string };
    }[];
    const ask = comments.find((c) => c.body.includes('Why a while loop here'));
    assert.ok(ask, 'the ask is a review comment on the pull request');
    assert.equal(ask.user.login, 'ada');
    assert.equal(ask.start_line, first + 1);
    assert.equal(ask.line, first + 3);
    assert.match(ask.body, /@grace/);
    assert.match(ask.body, /<!-- mutual-mentor \{"v":1,"kind":"ask","id":"[0-9a-f-]{36}","topic":"data structures"\} -->$/);
    const pull = (await sandbox!.getAs('grace', '/repos/ada/lru-cache/pulls/1')) as { requested_reviewers: { login: string }[]; labels: { name: string }[] };
    assert.deepEqual(
      pull.requested_reviewers.map((u) => u.login),
      ['grace'],
    );
    assert.ok(pull.labels.some((l) => l.name === 'mentoring'));

    // And Exchanges lists it under @grace.
    const listed = await waitFor('the ask showing in Exchanges', () => (api.asksWith('grace').length === 1 ? api.asksWith('grace') : undefined));
    assert.equal(listed[0]?.posted?.url.includes('/ada/lru-cache/pull/1#discussion_r'), true);
    await vscode.commands.executeCommand('mutualMentor.showExchanges');
    await driver!.waitForText({ action: 'workbenchText', selector: '.part.sidebar' }, (t) => t.includes('Why a while loop here'));
    await driver!.request({ action: 'screenshotWorkbench', name: 'ask-in-exchanges' });
  });

  it('keeps an ask it cannot send yet in the outbox, and sends it exactly once when GitHub answers again', async () => {
    const document = vscode.window.activeTextEditor!.document;
    const editor = await vscode.window.showTextDocument(document);
    const line = document
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('if (entry.expires <= this.now())'));
    editor.selection = new vscode.Selection(line, 0, line, document.lineAt(line).text.length);
    await vscode.commands.executeCommand('mutualMentor.askAboutSelection');
    await driver!.waitForText({ action: 'webviewText', root: REPLIES_ROOT }, (t) => t.includes('Ask your partner'));
    await driver!.request({ action: 'fillWebview', root: REPLIES_ROOT, selector: '#question', text: 'Is <= right for a zero TTL?' });
    // GitHub fails every write of a review comment with a server error until the fault is cleared.
    await sandbox!.admin('POST', '/_sandbox/faults', { kind: 'status', status: 502, method: 'POST', path: '/pulls/1/comments$' });
    await driver!.request({ action: 'clickWebview', root: REPLIES_ROOT, text: 'Ask' });
    const waiting = await driver!.waitForText({ action: 'webviewText', root: REPLIES_ROOT }, (t) => t.includes('waiting to send'), 30_000);
    assert.match(waiting, /will not be posted twice/);
    await driver!.waitForText({ action: 'workbenchText', selector: '.part.statusbar' }, (t) => /\b1\b/.test(t));
    await sandbox!.admin('DELETE', '/_sandbox/faults');
    // The outbox retries by itself (backoff); it lands once.
    await waitFor('the queued ask reaching GitHub', () => (api.asksWith('grace').length === 2 ? true : undefined), 60_000);
    const comments = (await sandbox!.getAs('grace', '/repos/ada/lru-cache/pulls/1/comments')) as { body: string }[];
    assert.equal(comments.filter((c) => c.body.includes('Is <= right for a zero TTL?')).length, 1);
  });

  it('tags the whole pull request as an ask: a comment on it carrying the question', async () => {
    await vscode.commands.executeCommand('mutualMentor.tagPullRequest');
    const page = await driver!.waitForText({ action: 'webviewText', root: REPLIES_ROOT }, (t) => t.includes('The whole pull request ada/lru-cache#1'));
    assert.match(page, /Where it goes: The question goes to pull request #1 as a comment/);
    await driver!.request({ action: 'fillWebview', root: REPLIES_ROOT, selector: '#question', text: 'Is an injectable clock the right way to test expiry?' });
    await driver!.request({ action: 'clickWebview', root: REPLIES_ROOT, text: 'Ask' });
    await driver!.waitForText({ action: 'webviewText', root: REPLIES_ROOT }, (t) => t.includes('Asked @grace'));
    const comments = (await sandbox!.getAs('grace', '/repos/ada/lru-cache/issues/1/comments')) as { body: string; user: { login: string } }[];
    const ask = comments.find((c) => c.body.includes('Is an injectable clock the right way'));
    assert.ok(ask, 'the question is a comment on the pull request');
    assert.equal(ask.user.login, 'ada');
    assert.match(ask.body, /<!-- mutual-mentor \{"v":1,"kind":"ask"/);
    await waitFor('the tag showing in Exchanges', () => (api.asksWith('grace').length === 3 ? true : undefined));

    // The panel still shows what was just sent; grace's reply appears in it when it arrives, without opening anything.
    const sent = await driver!.text({ action: 'webviewText', root: REPLIES_ROOT });
    assert.match(sent, /Is an injectable clock the right way[\s\S]*No reply yet/, `the sent ask's thread is on screen: ${sent}`);
    await sandbox!.postAs('grace', '/repos/ada/lru-cache/issues/1/comments', { body: 'Yes: an injectable clock keeps the expiry tests fast and exact.' });
    await vscode.commands.executeCommand('mutualMentor.refresh');
    const replied = await driver!.waitForText(
      { action: 'webviewText', root: REPLIES_ROOT },
      (t) => t.includes('keeps the expiry tests fast and exact'),
      30_000,
    );
    assert.match(replied, /Asked @grace[\s\S]*Is an injectable clock[\s\S]*@grace[\s\S]*keeps the expiry tests fast/);
    await driver!.request({ action: 'screenshotWebview', name: 'reply-after-send', root: REPLIES_ROOT, scroll: 'bottom' });
    const prAsk = api.asksWith('grace').find((a) => a.question.startsWith('Is an injectable clock'))!;
    await vscode.commands.executeCommand('mutualMentor.markRead', prAsk.id); // later suites count unread replies from zero
  });

  it('shows an ask and its replies in the Replies panel when it is picked in Exchanges', async () => {
    const ask = api.asksWith('grace').find((a) => a.question.startsWith('Why a while loop'));
    assert.ok(ask);
    await vscode.commands.executeCommand('mutualMentor.openAsk', ask.id);
    const page = await driver!.waitForText({ action: 'webviewText', root: REPLIES_ROOT }, (t) => t.includes('Why a while loop here'));
    assert.match(page, /Asked @grace/);
    assert.match(page, /src\/lruCache\.ts, lines \d+–\d+/);
    assert.match(page, /\bopen\b[\s\S]+data structures/, 'its state and topic');
    assert.match(page, /No reply yet/);
  });

  it("shows the partner's reply, with its suggestion, in the open thread without reloading", async () => {
    const ask = api.asksWith('grace').find((a) => a.question.startsWith('Why a while loop'));
    assert.ok(ask?.posted);
    await vscode.commands.executeCommand('mutualMentor.openAsk', ask.id);
    const body =
      'Good question: a lowered capacity can leave it more than one over.\n\n```suggestion\n    while (this.entries.size > this.capacity) { // shrink to fit\n```';
    await sandbox!.postAs('grace', `/repos/ada/lru-cache/pulls/1/comments/${ask.posted.databaseId}/replies`, { body });
    await vscode.commands.executeCommand('mutualMentor.refresh');
    const page = await driver!.waitForText({ action: 'webviewText', root: REPLIES_ROOT }, (t) => t.includes('a lowered capacity'), 30_000);
    assert.match(page, /@grace/);
    assert.match(page, /Suggested change/);
    assert.match(page, /shrink to fit/);
    await driver!.request({ action: 'screenshotWebview', name: 'thread-with-reply', root: REPLIES_ROOT });
  });

  it('discovers an ask addressed to you and lists it under the partner who asked', async () => {
    const marker = `<!-- mutual-mentor {"v":1,"kind":"ask","id":"${crypto.randomUUID()}","topic":"typescript"} -->`;
    await sandbox!.postAs('grace', '/repos/grace/type-kata/issues', {
      title: 'Stuck on: key remapping',
      body: `@ada why does \`as never\` drop a key in a mapped type?\n\n\`\`\`ts\ntype Drop<T> = { [K in keyof T as never]: T[K] };\n\`\`\`\n\nI _think_ it filters keys.\n\n${marker}`,
    });
    await vscode.commands.executeCommand('mutualMentor.refresh');
    const received = await waitFor('the ask to ada showing up', () => api.asksWith('grace').find((a) => a.direction === 'received'), 30_000);
    assert.match(received.question, /why does `as never` drop a key/);
    await vscode.commands.executeCommand('mutualMentor.openAsk', received.id);
    // Its markdown is rendered: a code block, a code span and emphasis, with none of the syntax showing.
    const text = await driver!.waitForText({ action: 'webviewText', root: REPLIES_ROOT }, (t) => t.includes('@grace asked you') && t.includes('type Drop<T>'));
    assert.match(text, /why does as never drop a key/);
    assert.doesNotMatch(text, /```|`as never`|_think_/);
    const block = JSON.parse((await driver!.request({ action: 'webviewBox', root: REPLIES_ROOT, selector: '.ask .question pre code' })).text ?? '{}') as {
      bottom: number;
    };
    assert.ok(block.bottom > 0, 'the code block is a <pre><code> of its own');
    await driver!.request({ action: 'screenshotWebview', name: 'received-ask-markdown', root: REPLIES_ROOT, scroll: 'top' });
    // The Exchanges row's tooltip: the same markdown, untrusted and without HTML, and its state said once.
    const row = await waitFor('the received ask in Exchanges', () => api.exchangeItem(received.id));
    assert.equal(row.tooltip.isTrusted, false);
    assert.equal(row.tooltip.supportHtml, false);
    assert.match(row.tooltip.markdown, /why does `as never` drop a key[\s\S]*```ts\ntype Drop<T>[\s\S]*I _think_ it filters keys/);
    const plain = row.tooltip.markdown.replace(/\\/g, '').replace(/&nbsp;/g, ' ');
    assert.match(plain, /State:\*\* Open \(no reply yet\)$/);
    assert.doesNotMatch(plain, /\(no reply yet\) \(no reply yet\)/);
    await vscode.commands.executeCommand('mutualMentor.showExchanges');
    const hover = await driver!
      .request({ action: 'hoverWorkbench', selector: '.part.sidebar .monaco-list-row', text: 'why does' })
      .catch((e: unknown) => ({ text: `(no hover: ${String(e)})` }));
    await driver!.request({ action: 'screenshotWorkbench', name: 'exchanges-tooltip-markdown' });
    assert.match(hover.text ?? '', /type Drop<T>/, `the tooltip shows the question's code: ${hover.text ?? ''}`);
    assert.doesNotMatch(hover.text ?? '', /```|_think_/);
  });

  it('asks about lines of a pull request file outside its diff as a comment on the file, quoting them with a permalink', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'docs', 'usage.md'));
    const editor = await vscode.window.showTextDocument(document);
    const line = document
      .getText()
      .split('\n')
      .findIndex((l) => l.startsWith('const cache = new LruCache'));
    assert.ok(line > 0 && line < 10, 'the guide starts with the example, far from the pull request’s change at its end');
    editor.selection = new vscode.Selection(line, 0, line, document.lineAt(line).text.length);
    await vscode.commands.executeCommand('mutualMentor.askAboutSelection');
    const page = await driver!.waitForText({ action: 'webviewText', root: REPLIES_ROOT }, (t) => t.includes(`docs/usage.md, line ${line + 1}`));
    assert.match(page, /outside its diff, so the ask becomes a comment on the file, quoting the lines with a link/, `the composer says where it goes: ${page}`);
    await driver!.request({ action: 'fillWebview', root: REPLIES_ROOT, selector: '#question', text: 'Is 100 a sensible example capacity?' });
    await driver!.request({ action: 'clickWebview', root: REPLIES_ROOT, text: 'Ask' });
    await driver!.waitForText({ action: 'webviewText', root: REPLIES_ROOT }, (t) => t.includes('Asked @grace'));
    const comments = (await sandbox!.getAs('grace', '/repos/ada/lru-cache/pulls/1/comments')) as {
      body: string;
      path: string;
      subject_type?: string;
      line: number | null;
    }[];
    const ask = comments.find((c) => c.body.includes('Is 100 a sensible example capacity?'));
    assert.ok(ask, 'the ask is a review comment on the pull request');
    assert.equal(ask.path, 'docs/usage.md');
    assert.equal(ask.subject_type, 'file', 'on the file, not on lines outside the diff');
    assert.ok(ask.line === null || ask.line === undefined, 'no line: it is on the file');
    assert.match(ask.body, /const cache = new LruCache<string, number>\(100\);/, 'the lines are quoted');
    assert.match(ask.body, new RegExp(`/ada/lru-cache/blob/[0-9a-f]{40}/docs/usage\\.md#L${line + 1}`), 'with a permalink');
  });

  it('asks about a file the pull request does not touch as an issue in the exchange repository', async () => {
    const folder = vscode.workspace.workspaceFolders![0];
    const config = vscode.workspace.getConfiguration('mutualMentor', folder.uri);
    // Without an exchange repository the ask cannot go anywhere, and the user is told so.
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'README.md'));
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(2, 0, 2, document.lineAt(2).text.length);
    await vscode.commands.executeCommand('mutualMentor.askAboutSelection');
    await waitForNotification(driver!, 'no exchange repository is set');
    await config.update('exchangeRepository', 'ada/sample', vscode.ConfigurationTarget.WorkspaceFolder);
    try {
      await vscode.commands.executeCommand('mutualMentor.askAboutSelection');
      const page = await driver!.waitForText({ action: 'webviewText', root: REPLIES_ROOT }, (t) => t.includes('README.md, line 3'));
      assert.match(page, /issue in ada\/sample/);
      await driver!.request({ action: 'fillWebview', root: REPLIES_ROOT, selector: '#question', text: 'How would you word this README line?' });
      await driver!.request({ action: 'clickWebview', root: REPLIES_ROOT, text: 'Ask' });
      await driver!.waitForText({ action: 'webviewText', root: REPLIES_ROOT }, (t) => t.includes('Asked @grace'));
      const issues = (await sandbox!.getAs('grace', '/repos/ada/sample/issues?state=open')) as { title: string; body: string; user: { login: string } }[];
      const ask = issues.find((i) => i.body.includes('How would you word this README line?'));
      assert.ok(ask, 'the ask is an issue in the exchange repository');
      assert.equal(ask.user.login, 'ada');
      assert.match(ask.body, /@grace/);
      assert.match(ask.body, /\/ada\/lru-cache\/blob\/[0-9a-f]{40}\/README\.md#L3/, 'a permalink to the pushed line');
    } finally {
      await config.update('exchangeRepository', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    }
  });
});
