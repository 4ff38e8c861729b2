import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { MutualMentorApi } from '../../src/extension/api';
import { driver } from './driverClient';
import { sandbox } from './sandboxClient';
import { waitFor } from './wait';

// Always asynchronous: the sandbox serves git in this same process tree, and these commands stay local anyway.
const exec = promisify(execFile);
const git = async (cwd: string, ...args: string[]) => (await exec('git', args, { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } })).stdout.trim();

// Runs last: the asks of asks.test.ts are in the store; the workspace is the clone of ada/lru-cache.
describe('Asks that live in the code', () => {
  let api: MutualMentorApi;
  let folder: vscode.Uri;
  let askId: string;
  let start: string;

  before(async function () {
    if (!sandbox || !driver) this.skip();
    api = await vscode.extensions.getExtension<MutualMentorApi>('mutual-mentor.mutual-mentor')!.activate();
    folder = vscode.workspace.workspaceFolders![0].uri;
    askId = api.asksWith('grace').find((a) => a.question.startsWith('Why a while loop'))!.id;
    start = await git(folder.fsPath, 'rev-parse', 'HEAD');
    await git(folder.fsPath, 'config', 'user.email', 'ada@example.com');
    await git(folder.fsPath, 'config', 'user.name', 'Ada');
  });
  after(async () => {
    if (!folder) return;
    await vscode.commands.executeCommand('workbench.action.files.revertResource').then(undefined, () => undefined);
    await git(folder.fsPath, 'reset', '--hard', start).catch(() => undefined);
    await git(folder.fsPath, 'clean', '-fd', 'src').catch(() => undefined);
  });

  const whileLine = (text: string) => text.split('\n').findIndex((l) => l.includes('while (this.entries.size > this.capacity)')) + 1;

  it('stays on the right lines through edits above it, with a CodeLens there', async () => {
    const uri = vscode.Uri.joinPath(folder, 'src', 'lruCache.ts');
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    const before = await api.askPlace(askId);
    assert.equal(before?.status, 'exact');
    assert.equal(before?.startLine, whileLine(document.getText()));
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '// one\n// two\n// three\n'));
    const tracked = await api.askPlace(askId, false);
    assert.equal(tracked?.startLine, before.startLine + 3, 'moved with the edit at once, before any git or text search');
    const after = await waitFor('the ask following the edit', async () => {
      const p = await api.askPlace(askId);
      return p?.startLine === before.startLine! + 3 ? p : undefined;
    });
    assert.equal(after.startLine, whileLine(document.getText()), 'on the while loop, three lines further down');
    assert.match(after.status, /^(exact|moved)$/);
    const lenses = await waitFor(
      'a CodeLens on the ask',
      async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
        const mine = found?.filter((l) => l.command?.title.includes('asked @grace'));
        return mine?.length ? mine : undefined;
      },
      30_000,
    );
    assert.ok(
      lenses.some((l) => l.range.start.line + 1 === after.startLine),
      `a lens at line ${after.startLine}: ${lenses.map((l) => `${l.range.start.line + 1} ${l.command?.title}`).join(', ')}`,
    );
    await driver!.request({ action: 'screenshotWorkbench', name: 'anchors-codelens' });
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('follows a commit that moves the function, and a rename', async () => {
    const uri = vscode.Uri.joinPath(folder, 'src', 'lruCache.ts');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    // Move set() above get(): the asked-about loop moves up with it.
    const lines = text.split('\n');
    const setAt = lines.findIndex((l) => l.trim().startsWith('set(key: K, value: V)'));
    const getAt = lines.findIndex((l) => l.trim().startsWith('get(key: K)'));
    let setEnd = setAt;
    while (lines[setEnd].trim() !== '}' || !lines[setEnd].startsWith('  }')) setEnd++;
    const setBlock = lines.slice(setAt, setEnd + 1);
    const moved = [
      ...lines.slice(0, getAt),
      ...setBlock,
      '',
      ...lines.slice(getAt, setAt).filter((_, i, a) => !(i === a.length - 1 && a[i] === '')),
      ...lines.slice(setEnd + 1),
    ];
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(moved.join('\n')));
    await git(folder.fsPath, 'commit', '-qam', 'Move set above get');
    const afterMove = await waitFor(
      'the ask following the commit',
      async () => {
        const p = await api.askPlace(askId);
        return p && p.startLine === whileLine(moved.join('\n')) ? p : undefined;
        // The open editor takes the committed file from disk when VS Code's file watcher sees it: slow on a busy machine.
      },
      60_000,
    );
    assert.match(afterMove.status, /^(exact|moved)$/);
    assert.equal(afterMove.path, 'src/lruCache.ts');

    await git(folder.fsPath, 'mv', 'src/lruCache.ts', 'src/cache.ts');
    await git(folder.fsPath, 'commit', '-qm', 'Rename the file');
    const afterRename = await waitFor(
      'the ask following the rename',
      async () => {
        const p = await api.askPlace(askId);
        return p?.path === 'src/cache.ts' ? p : undefined;
      },
      60_000,
    );
    assert.equal(afterRename.startLine, afterMove.startLine);
    assert.match(afterRename.status, /^(exact|moved)$/);
  });

  /** Waits for a CodeLens of the ask at `line` (1-based) in the file, and returns the lenses. */
  const lensAt = (uri: vscode.Uri, line: number) =>
    waitFor(
      `a CodeLens on the ask at line ${line} of ${uri.path}`,
      async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
        const mine = found?.filter((l) => l.command?.title.includes('asked @grace') && l.range.start.line + 1 === line);
        return mine?.length ? mine : undefined;
      },
      30_000,
    );

  /** The committed file's lines from `from` to the end of the method starting there (its `  }`). */
  const methodAt = (lines: readonly string[], from: number) => {
    let end = from;
    while (!lines[end].startsWith('  }')) end++;
    return end;
  };

  it('follows a file split into two to the file the code went to, shown there', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await git(folder.fsPath, 'reset', '--hard', start);
    const uri = vscode.Uri.joinPath(folder, 'src', 'lruCache.ts');
    const lines = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)).split('\n');
    const setAt = lines.findIndex((l) => l.trim().startsWith('set(key: K, value: V)'));
    const setEnd = methodAt(lines, setAt);
    // The class keeps its reading half; writing goes to a second file (too small for git to call it a rename).
    const reading = [...lines.slice(0, setAt), ...lines.slice(setEnd + 1)];
    const writing = ['// Writing to the cache, split out of lruCache.ts.', 'export class LruWriter<K, V> {', ...lines.slice(setAt, setEnd + 1), '}', ''];
    await vscode.workspace.fs.delete(uri);
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'src', 'lruRead.ts'), new TextEncoder().encode(reading.join('\n')));
    const target = vscode.Uri.joinPath(folder, 'src', 'lruWrite.ts');
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(writing.join('\n')));
    await git(folder.fsPath, 'add', '-A');
    await git(folder.fsPath, 'commit', '-qm', 'Split lruCache.ts into reading and writing');
    const place = await waitFor(
      'the ask found in the file the code went to',
      async () => {
        const p = await api.askPlace(askId);
        return p?.path === 'src/lruWrite.ts' ? p : undefined;
      },
      60_000,
    );
    assert.equal(place.status, 'moved');
    assert.equal(place.startLine, whileLine(writing.join('\n')));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target));
    await lensAt(target, place.startLine);
    await driver!.request({ action: 'screenshotWorkbench', name: 'anchors-file-split' });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('follows a method moved to a class in another file, shown there', async () => {
    await git(folder.fsPath, 'reset', '--hard', start);
    await git(folder.fsPath, 'clean', '-fdq', 'src');
    const uri = vscode.Uri.joinPath(folder, 'src', 'lruCache.ts');
    const lines = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)).split('\n');
    const setAt = lines.findIndex((l) => l.trim().startsWith('set(key: K, value: V)'));
    const setEnd = methodAt(lines, setAt);
    const kept = [...lines.slice(0, setAt), ...lines.slice(setEnd + 1)];
    const other = [
      "import type { LruCache } from './lruCache';",
      '',
      '/** Eviction on its own, for caches that share it. */',
      'export class Evicting<K, V> {',
      '  private readonly entries = new Map<K, { value: V; expires: number }>();',
      '  constructor(private readonly capacity: number, private readonly ttlMs: number, private readonly now: () => number) {}',
      '',
      ...lines.slice(setAt, setEnd + 1),
      '}',
      '',
    ];
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(kept.join('\n')));
    const target = vscode.Uri.joinPath(folder, 'src', 'evicting.ts');
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(other.join('\n')));
    await git(folder.fsPath, 'add', '-A');
    await git(folder.fsPath, 'commit', '-qm', 'Move set() to Evicting');
    const place = await waitFor(
      'the ask found in the other file',
      async () => {
        const p = await api.askPlace(askId);
        return p?.path === 'src/evicting.ts' ? p : undefined;
      },
      60_000,
    );
    assert.equal(place.status, 'moved');
    assert.equal(place.startLine, whileLine(other.join('\n')));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target));
    await lensAt(target, place.startLine);
    await driver!.request({ action: 'screenshotWorkbench', name: 'anchors-function-moved' });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await git(folder.fsPath, 'clean', '-fdq', 'src');
  });

  it('turns an ASK: tag into an ask, and rewrites the tag to a link', async () => {
    await git(folder.fsPath, 'reset', '--hard', start);
    const uri = vscode.Uri.joinPath(folder, 'src', 'lruCache.ts');
    const disk = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    // The file went away (the rename) and came back (the reset): have the editor read it again.
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor('the editor to have the file as reset', () => (document.getText() === disk ? true : undefined));
    const line = whileLine(document.getText()) - 1; // 0-based: the while loop
    await editor.edit((e) => e.insert(new vscode.Position(line, 0), '    // ASK(@grace): is evicting in a loop O(1) amortised?\n'));
    await document.save();
    const diagnostic = await waitFor(
      'the tag noticed by the language server',
      () => vscode.languages.getDiagnostics(uri).find((d) => d.source === 'Mutual Mentor' && d.message.includes('is evicting in a loop')),
      30_000,
    );
    assert.equal(diagnostic.range.start.line, line);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Information);
    await waitFor('the unsent tag listed in Exchanges', () => (api.unsentTagCount() === 1 ? true : undefined), 30_000);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
    const send = actions?.find((a) => a.title.includes('Send as ask to @grace'));
    assert.ok(send?.command, `a "Send as ask" action: ${actions?.map((a) => a.title).join(', ')}`);
    await vscode.commands.executeCommand(send.command.command, ...((send.command.arguments ?? []) as unknown[]));
    const rewritten = await waitFor(
      'the tag rewritten to its sent form',
      () => {
        const text = document.lineAt(line).text;
        return /ASKED\(@grace\)/.test(text) ? text : undefined;
      },
      30_000,
    );
    assert.match(rewritten, /→ http:\/\/127\.0\.0\.1:\d+\/ada\/lru-cache\/pull\/1#discussion_r\d+/);
    await document.save();
    await waitFor('the tag gone from the unsent list', () => (api.unsentTagCount() === 0 ? true : undefined), 30_000);
    const comments = (await sandbox!.getAs('grace', '/repos/ada/lru-cache/pulls/1/comments')) as { body: string }[];
    assert.equal(comments.filter((c) => c.body.includes('is evicting in a loop O(1) amortised?')).length, 1, 'one ask on GitHub');
    await driver!.request({ action: 'screenshotWorkbench', name: 'anchors-tag-sent' });
  });

  it('restarts the language server cleanly, and the asks show again', async () => {
    const uri = vscode.Uri.joinPath(folder, 'src', 'lruCache.ts');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await vscode.commands.executeCommand('mutualMentor.restartLanguageServer');
    const lenses = await waitFor(
      'CodeLens from the restarted server',
      async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
        const mine = found?.filter((l) => l.command?.title.includes('asked @grace'));
        return mine?.length ? mine : undefined;
      },
      30_000,
    );
    assert.ok(lenses.length >= 1);
  });

  it('the server reads the diagnostics setting itself, and again when it changes', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: 'const x = 1; // ASK: does the setting reach the server?\n' });
    await vscode.window.showTextDocument(document);
    const tagDiagnostic = () =>
      vscode.languages.getDiagnostics(document.uri).find((d) => d.source === 'Mutual Mentor' && d.message.includes('does the setting reach'));
    await waitFor('the tag noticed by the language server', () => tagDiagnostic(), 30_000);
    const config = vscode.workspace.getConfiguration('mutualMentor');
    try {
      // The server is not sent the value: told that settings changed, it asks for them (workspace/configuration).
      await config.update('languageServer.diagnostics', false, vscode.ConfigurationTarget.Global);
      await waitFor('the diagnostic gone with the setting off', () => (tagDiagnostic() ? undefined : true), 30_000);
    } finally {
      await config.update('languageServer.diagnostics', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor('the diagnostic back with the setting on', () => tagDiagnostic(), 30_000);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
