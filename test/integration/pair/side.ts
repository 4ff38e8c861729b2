// What both sides of the two-workbench suite do in their own VS Code: sign in, wait for something the
// other side did to arrive through GitHub, ask about a selection, reply, mark a lesson, read the Ledger.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { MutualMentorApi } from '../../../src/extension/api';
import type { Ask } from '../../../src/core/model';
import { driver as maybeDriver } from '../driverClient';
import { waitFor } from '../wait';
import { LEDGER_PREFIX, PAIR_PREFIX, type SideFigures } from './figures';

export const REPLIES_ROOT = 'main#root[aria-label="Replies"]';
/** How long one side waits for the other: her VS Code, her notifications poll (5 s here) and her clicks. */
export const OTHER_SIDE_MS = 180_000;

export function driver() {
  assert.ok(maybeDriver, 'the two-workbench suite runs under the code-server driver');
  return maybeDriver;
}

export async function activate(): Promise<MutualMentorApi> {
  return vscode.extensions.getExtension<MutualMentorApi>('mutual-mentor.mutual-mentor')!.activate();
}

export async function signIn(api: MutualMentorApi, login: string): Promise<void> {
  const token = process.env.MUTUAL_MENTOR_PAIR_TOKEN;
  assert.ok(token, 'MUTUAL_MENTOR_PAIR_TOKEN');
  assert.equal(await vscode.commands.executeCommand('mutualMentor.signInWithToken', token), true);
  const account = await api.account();
  assert.equal(account?.state === 'signedIn' && account.login, login);
}

let lastRefresh = 0;
/** Asks GitHub what changed, at most every 5 s (the sandbox's poll interval): as a person pressing Refresh while waiting would. */
async function refreshNowAndThen(): Promise<void> {
  if (Date.now() - lastRefresh < 5_000) return;
  lastRefresh = Date.now();
  await vscode.commands.executeCommand('mutualMentor.refresh');
}

/** Waits for an ask the other side sent to show in this VS Code, under "Asked you". */
export async function waitForAskFrom(api: MutualMentorApi, partner: string, match: (a: Ask) => boolean): Promise<Ask> {
  return waitFor(
    `an ask from @${partner} under "Asked you"`,
    async () => {
      const ask = api.asksWith(partner).find((a) => a.direction === 'received' && match(a));
      if (!ask) await refreshNowAndThen();
      return ask;
    },
    OTHER_SIDE_MS,
  );
}

/** Selects the lines of a workspace file that contain `first` and the next `count - 1`, and opens the composer. */
export async function askAboutLines(api: MutualMentorApi, file: string, first: string, count: number, topic: string, question: string): Promise<void> {
  const folder = vscode.workspace.workspaceFolders![0].uri;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, ...file.split('/')));
  const editor = await vscode.window.showTextDocument(document);
  const line = document
    .getText()
    .split('\n')
    .findIndex((l) => l.includes(first));
  assert.ok(line >= 0, `${file} has "${first}"`);
  const last = line + count - 1;
  editor.selection = new vscode.Selection(line, 0, last, document.lineAt(last).text.length);
  const composing = api.nextRepliesRender();
  await vscode.commands.executeCommand('mutualMentor.askAboutSelection');
  // A refusal shows an error notification and no composer: fail then, instead of at the suite's timeout.
  let timer: NodeJS.Timeout | undefined;
  const refused = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the composer did not open within 60 s (was the ask refused? see the notifications)')), 60_000);
  });
  assert.equal(await Promise.race([composing, refused]).finally(() => clearTimeout(timer)), 'compose');
  await driver().waitForText({ action: 'webviewText', root: REPLIES_ROOT }, (t) => t.includes('Ask your partner'));
  await driver().request({ action: 'fillWebview', root: REPLIES_ROOT, selector: '#topic', text: topic });
  await driver().request({ action: 'fillWebview', root: REPLIES_ROOT, selector: '#question', text: question });
  await driver().request({ action: 'clickWebview', root: REPLIES_ROOT, text: 'Ask' });
}

/** Opens the ask in the Replies panel and waits until it shows `text`. */
export async function openAskShowing(askId: string, text: string | RegExp, timeoutMs = OTHER_SIDE_MS): Promise<string> {
  await vscode.commands.executeCommand('mutualMentor.openAsk', askId);
  const shows = (t: string) => (typeof text === 'string' ? t.includes(text) : text.test(t));
  return waitFor(
    `the thread showing ${String(text)}`,
    async () => {
      const page = await driver().text({ action: 'webviewText', root: REPLIES_ROOT });
      if (shows(page)) return page;
      await refreshNowAndThen();
      return undefined;
    },
    timeoutMs,
  );
}

/** Replies in the open thread from the Replies panel and waits until the panel shows it sent. */
export async function replyInPanel(text: string, shownAs: RegExp): Promise<void> {
  await driver().request({ action: 'fillWebview', root: REPLIES_ROOT, selector: '#reply-input', text });
  await driver().request({ action: 'clickWebviewSelector', root: REPLIES_ROOT, selector: '#send-reply' });
  await driver().waitForText({ action: 'webviewText', root: REPLIES_ROOT }, (t) => shownAs.test(t) && !t.includes('Sending…'), 60_000);
}

/** Marks the open thread learned, with the lesson typed as a person would. */
export async function markLearned(lesson: string): Promise<void> {
  await driver().request({ action: 'clickWebviewSelector', root: REPLIES_ROOT, selector: '#mark-learned' });
  await driver().request({ action: 'typeWorkbench', text: lesson });
}

/** Waits until the Ledger counts a lesson each way with the partner, shows the page, and reports the figures. */
export async function reportLedger(api: MutualMentorApi, partner: string, screenshot: string): Promise<SideFigures> {
  const figures = await waitFor(
    `a lesson each way with @${partner} in the Ledger`,
    async () => {
      await new Promise((r) => setTimeout(r, 10_000)); // each look asks GitHub for the help each way (GraphQL points)
      const f = await api.ledgerFigures(partner);
      return f && f.taught >= 1 && f.learned >= 1 && f.helpGiven >= 1 && f.helpReceived >= 1 ? f : undefined;
    },
    OTHER_SIDE_MS,
  );
  await vscode.commands.executeCommand('mutualMentor.showLedger');
  await driver().request({ action: 'screenshotWorkbench', name: screenshot });
  console.log(`${LEDGER_PREFIX}${JSON.stringify(figures)}`);
  return figures;
}

/** Waits until this side sees the pair with `partner` accepted on GitHub, and reports it for the runner. */
export async function waitForAcceptedPair(api: MutualMentorApi, partner: string): Promise<void> {
  await waitFor(
    `the pair with @${partner} accepted`,
    async () => {
      const accepted = api.partners().find((p) => p.login.toLowerCase() === partner && p.pair?.status === 'accepted');
      if (!accepted) await refreshNowAndThen();
      return accepted;
    },
    OTHER_SIDE_MS,
  );
  console.log(`${PAIR_PREFIX}accepted`);
}

/** Waits for `inviter`'s invitation to pair to reach this VS Code (its notification and Exchanges). */
export async function waitForInvitation(api: MutualMentorApi, inviter: string) {
  return waitFor(
    `@${inviter}'s invitation to pair`,
    async () => {
      const invitation = api.pairInvitations().find((i) => i.partner.toLowerCase() === inviter);
      if (!invitation) await refreshNowAndThen();
      return invitation;
    },
    OTHER_SIDE_MS,
  );
}
