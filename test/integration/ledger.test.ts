import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { lessonBody } from '../../src/core/ledger/lessons';
import type { MutualMentorApi } from '../../src/extension/api';
import { driver } from './driverClient';
import { sandbox } from './sandboxClient';
import { waitFor } from './wait';

const REPLIES_ROOT = 'main#root[aria-label="Replies"]';
const LEDGER_ROOT = 'main#root[aria-label="Ledger"]';

// Runs after threads.test.ts: ada and grace have exchanged asks and replies on ada/lru-cache#1.
describe('The two-way ledger', () => {
  let api: MutualMentorApi;

  before(async function () {
    if (!sandbox || !driver) this.skip();
    api = await vscode.extensions.getExtension<MutualMentorApi>('mutual-mentor.mutual-mentor')!.activate();
  });

  it('records what ada learned as a lesson comment in the thread, written by ada', async () => {
    const ask = api.asksWith('grace').find((a) => a.question.startsWith('Why a while loop'))!;
    await vscode.commands.executeCommand('mutualMentor.openAsk', ask.id);
    await driver!.waitForText({ action: 'webviewText', root: REPLIES_ROOT }, (t) => t.includes('a lowered capacity'));
    await driver!.request({ action: 'clickWebviewSelector', root: REPLIES_ROOT, selector: '#mark-learned' });
    await driver!.request({ action: 'typeWorkbench', text: 'A while loop keeps shrinking until the cache fits again' });
    const lesson = await waitFor(
      'the lesson on GitHub',
      async () => {
        const comments = (await sandbox!.getAs('grace', '/repos/ada/lru-cache/pulls/1/comments')) as {
          body: string;
          user: { login: string };
          in_reply_to_id?: number;
        }[];
        return comments.find((c) => c.body.includes('A while loop keeps shrinking'));
      },
      30_000,
    );
    assert.equal(lesson.user.login, 'ada');
    assert.equal(lesson.in_reply_to_id, ask.posted!.databaseId, 'in the ask’s thread, where grace sees it');
    assert.match(lesson.body, /^Learned from @grace \(topic: data structures\): A while loop keeps shrinking/);
    assert.match(lesson.body, /"kind":"lesson".*"learner":"ada","teacher":"grace"/);
  });

  it('counts lessons and merged pull requests each way, ignores a forged lesson, and shows it in the Ledger', async () => {
    // grace records what she learned from ada, in the whole-PR ask's conversation; and forges one for ada.
    const prAsk = api.asksWith('grace').find((a) => a.question.startsWith('Is an injectable clock'))!;
    await sandbox!.postAs('grace', '/repos/ada/lru-cache/issues/1/comments', {
      body: lessonBody({
        id: randomUUID(),
        learner: 'grace',
        teacher: 'ada',
        topic: 'testing',
        text: 'Inject the clock instead of faking timers',
        askId: prAsk.id,
      }),
    });
    await sandbox!.postAs('grace', '/repos/ada/lru-cache/issues/1/comments', {
      body: lessonBody({ id: randomUUID(), learner: 'ada', teacher: 'grace', topic: 'testing', text: 'grace is the best teacher (forged)' }),
    });
    // A pull request each way, merged by the other side.
    const adaHead = `docs-${Date.now()}`;
    await sandbox!.admin('POST', '/_sandbox/repos/grace/type-kata/commits', {
      branch: adaHead,
      files: { 'NOTES.md': 'Notes from ada\n' },
      author: 'ada',
      message: 'Add notes',
    });
    const adaPull = (await sandbox!.postAs('ada', '/repos/grace/type-kata/pulls', { title: 'Add notes', head: adaHead, base: 'main' })) as { number: number };
    await sandbox!.putAs('grace', `/repos/grace/type-kata/pulls/${adaPull.number}/merge`);
    const graceHead = `fix-${Date.now()}`;
    await sandbox!.admin('POST', '/_sandbox/repos/ada/lru-cache/commits', {
      branch: graceHead,
      files: { 'CONTRIBUTING.md': 'Be kind\n' },
      author: 'grace',
      message: 'Contributing guide',
    });
    const gracePull = (await sandbox!.postAs('grace', '/repos/ada/lru-cache/pulls', { title: 'Contributing guide', head: graceHead, base: 'main' })) as {
      number: number;
    };
    await sandbox!.putAs('ada', `/repos/ada/lru-cache/pulls/${gracePull.number}/merge`);

    await vscode.commands.executeCommand('mutualMentor.refresh');
    const page = async () => driver!.text({ action: 'webviewText', root: LEDGER_ROOT }).catch(() => '');
    await vscode.commands.executeCommand('mutualMentor.showLedger');
    const text = await waitFor(
      'the ledger with both lessons and both pull requests',
      async () => {
        await vscode.commands.executeCommand('mutualMentor.refresh');
        const t = await page();
        return /You gave \d+ \(taught 1, help 1\) · received \d+ \(learned 1, help [1-9]\)/.test(t) ? t : undefined;
      },
      60_000,
    ).catch(async (e: unknown) => {
      throw new Error(`${e instanceof Error ? e.message : String(e)}; the page read:\n${await page()}`);
    });
    assert.doesNotMatch(text, /forged/, 'the forged lesson is not counted or shown');
    // Exchanges lists the lessons and the help under the partner too.
    await vscode.commands.executeCommand('mutualMentor.showExchanges');
    await driver!.waitForText({ action: 'workbenchText', selector: '.part.sidebar' }, (t) => /Lessons\s*2/.test(t) && /Help\s*\d/.test(t));
    // With a lower threshold the pair counts as one-sided, and the ledger points at a real way to give back.
    const ledgerSettings = vscode.workspace.getConfiguration('mutualMentor.ledger');
    await ledgerSettings.update('oneSidedShare', 0.6, vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('mutualMentor.showLedger');
      const drifted = await waitFor(
        'the give-back suggestion',
        async () => {
          const t = await page();
          return /You have received \d+ and given \d+ in the last 60 days\. (?:A way|Ways) to give back:/.test(t) ? t : undefined;
        },
        30_000,
      );
      assert.match(drifted, /@ada why does `as never` drop a key in a mapped type\?/, 'grace’s unanswered ask to ada, a real item');
      await driver!.request({ action: 'screenshotWebview', name: 'ledger-give-back', root: LEDGER_ROOT, scroll: 'top' });
    } finally {
      await ledgerSettings.update('oneSidedShare', undefined, vscode.ConfigurationTarget.Global);
    }
    const workbench = vscode.workspace.getConfiguration('workbench');
    const theme = workbench.get<string>('colorTheme');
    try {
      for (const [name, kind, label] of [
        ['Default Dark Modern', vscode.ColorThemeKind.Dark, 'dark'],
        ['Default Light Modern', vscode.ColorThemeKind.Light, 'light'],
      ] as const) {
        await workbench.update('colorTheme', name, vscode.ConfigurationTarget.Global);
        await waitFor(`the ${label} theme`, () => (vscode.window.activeColorTheme.kind === kind ? true : undefined));
        await driver!.request({ action: 'screenshotWebview', name: `ledger-${label}`, root: LEDGER_ROOT, scroll: 'top' });
        await driver!.request({ action: 'screenshotWorkbench', name: `workbench-ledger-${label}` });
      }
    } finally {
      await workbench.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
    }
  });

  it('redraws the open Ledger at once when ada answers grace, with no refresh', async () => {
    const page = async () => driver!.text({ action: 'webviewText', root: LEDGER_ROOT }).catch(() => '');
    const gave = (t: string) => Number(/You gave (\d+)/.exec(t)?.[1] ?? NaN);
    await vscode.commands.executeCommand('mutualMentor.showLedger');
    const before = gave(await waitFor('the ledger page', async () => ((t) => (/You gave \d+/.test(t) ? t : undefined))(await page())));
    // grace's ask to ada ("as never", from asks.test.ts), answered from the Replies panel beside the Ledger.
    const received = api.asksWith('grace').find((a) => a.direction === 'received' && a.question.includes('as never'));
    assert.ok(received, 'grace’s ask to ada');
    await vscode.commands.executeCommand('mutualMentor.openAsk', received.id);
    await driver!.waitForText({ action: 'webviewText', root: REPLIES_ROOT }, (t) => t.includes('@grace asked you'));
    await driver!.request({
      action: 'fillWebview',
      root: REPLIES_ROOT,
      selector: '#reply-input',
      text: 'Remapping a key to never filters it out of the mapped type.',
    });
    await driver!.request({ action: 'clickWebviewSelector', root: REPLIES_ROOT, selector: '#send-reply' });
    const after = await waitFor('the Ledger counting the answer', async () => ((t) => (gave(t) === before + 1 ? t : undefined))(await page()), 30_000).catch(
      async (e: unknown) => {
        throw new Error(`${e instanceof Error ? e.message : String(e)}; gave ${before} before; the page read:\n${await page()}`);
      },
    );
    assert.match(after, /You gave \d+ \(taught \d+, help [1-9]\d*\)/);
    await driver!.request({ action: 'screenshotWebview', name: 'ledger-after-helping', root: LEDGER_ROOT, scroll: 'top' });
  });

  it('exports the ledger as Markdown, CSV and JSON', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    for (const [format, ext] of [
      ['markdown', 'md'],
      ['csv', 'csv'],
      ['json', 'json'],
    ] as const) {
      const target = vscode.Uri.joinPath(folder, '..', `ledger-export.${ext}`);
      const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('mutualMentor.exportLedger', format, target);
      assert.equal(written?.toString(), target.toString());
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
      if (format === 'markdown') assert.match(text, /^# Mentoring ledger of @ada\n[\s\S]*## @grace[\s\S]*Inject the clock instead of faking timers/);
      if (format === 'csv') assert.match(text, /^date,kind,type,from,to,topic,what,url\r\n/);
      if (format === 'json') assert.equal((JSON.parse(text) as { me: string }).me, 'ada');
      assert.doesNotMatch(text, /forged/);
    }
  });
});

describe('A damaged store', () => {
  it('keeps every valid ask when another process leaves a torn line in the asks file, and rewrites it cleanly', async function () {
    if (!sandbox || !driver) this.skip();
    const api = await vscode.extensions.getExtension<MutualMentorApi>('mutual-mentor.mutual-mentor')!.activate();
    const before = api
      .asksWith('grace')
      .map((a) => a.id)
      .sort();
    assert.ok(before.length >= 5);
    const file = vscode.Uri.file(`${api.storeDir()}/asks.jsonl`);
    const intact = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    // A crash mid-write elsewhere: half a record and some garbage after the file's last line.
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(`${intact}{"id":"half-writ\u0000\u0000garbage\n`));
    const rewritten = await waitFor(
      'the damaged file rewritten',
      async () => {
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
        return text.includes('garbage') ? undefined : text;
      },
      30_000,
    );
    const lines = rewritten.trimEnd().split('\n');
    assert.equal(lines.at(-1), `{"end":${lines.length - 2}}`, 'a clean file: header, records, and a footer that counts them');
    assert.deepEqual(
      api
        .asksWith('grace')
        .map((a) => a.id)
        .sort(),
      before,
      'no valid ask was lost',
    );
  });
});
