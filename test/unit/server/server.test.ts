import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  TextDocumentSyncKind,
  type CodeAction,
  type CodeLens,
  type Diagnostic,
  type DocumentSymbol,
  type Hover,
  type MarkupContent,
  type SymbolInformation,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { initializeResult, SERVER_NAME } from '../../../src/server/capabilities';
import { AsksNotification, SendTagRequest, WorkspaceTagsRequest } from '../../../src/shared/lspMessages';
import { SEND_TAG_COMMAND, type AsksParams, type SendTagParams, type WorkspaceTagsResult } from '../../../src/shared/lspProtocol';

const ASKS_NOTIFICATION = AsksNotification.type.method;
const SEND_TAG_REQUEST = SendTagRequest.type.method;
const WORKSPACE_TAGS_REQUEST = WorkspaceTagsRequest.type.method;
import { StdioLspClient } from '../../support/stdioLspClient';

const repo = path.resolve(import.meta.dirname, '../../..');

const SOURCE = [
  'export function lock() {',
  '  // ASK(@alice): why does this deadlock?',
  '  const s = "// ASK: not a tag, a string";',
  '  # not a comment in TypeScript',
  '  /* ask: what about block comments? */',
  '  // ASKED(@bob): already sent → https://github.com/o/r/issues/7',
  '}',
].join('\n');

/** A partner's reply built to slip links and a tracking image past the hover (issue 11). */
const HOSTILE_REPLY = [
  "Take the locks in order. <img src=x onerror=alert(1)> [run](command:workbench.action.terminal.new 't')",
  '> [r]: command:workbench.action.terminal.new',
  '',
  '[again][r] ![pixel][px] [docs](https://example.com/locks)',
  '',
  '[px]: https://tracker.example/p.png',
].join('\n');

interface Published {
  uri: string;
  diagnostics: Diagnostic[];
}

function startServer(): StdioLspClient {
  return new StdioLspClient(process.execPath, ['--import', 'tsx', 'src/server/server.ts', '--stdio'], repo);
}

async function initialize(
  client: StdioLspClient,
  root: string,
  initializationOptions?: object,
  workspace: object = {},
): Promise<{ capabilities: Record<string, unknown>; serverInfo: { name: string } }> {
  const result = (await client.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'ws' }],
    capabilities: { workspace: { workspaceFolders: true, applyEdit: true, ...workspace } },
    ...(initializationOptions ? { initializationOptions } : {}),
  })) as { capabilities: Record<string, unknown>; serverInfo: { name: string } };
  client.notify('initialized', {});
  return result;
}

async function shutDown(client: StdioLspClient): Promise<void> {
  assert.equal(await client.request('shutdown', null), null);
  client.notify('exit', null);
  assert.equal(await client.exited(), 0);
}

const diagnosticsOf = async (client: StdioLspClient, uri: string, matches: (d: Diagnostic[]) => boolean = () => true) =>
  (
    (await client.waitForNotification('textDocument/publishDiagnostics', (p) => (p as Published).uri === uri && matches((p as Published).diagnostics)))
      .params as Published
  ).diagnostics;

describe('server', () => {
  let root: string;
  let fileUri: string;

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'mm-server-'));
    mkdirSync(path.join(root, 'src'));
    mkdirSync(path.join(root, 'node_modules'));
    writeFileSync(path.join(root, 'src', 'other.py'), 'x = 1  # ASK: is this pythonic?\n');
    writeFileSync(path.join(root, 'node_modules', 'dep.js'), '// ASK: never scanned\n');
    writeFileSync(path.join(root, 'src', 'lock.ts'), SOURCE);
    fileUri = pathToFileURL(path.join(root, 'src', 'lock.ts')).href;
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('announces incremental document sync, its name and the tag features', () => {
    const result = initializeResult('1.2.3');
    assert.equal(result.capabilities.textDocumentSync, TextDocumentSyncKind.Incremental);
    assert.deepEqual(result.serverInfo, { name: SERVER_NAME, version: '1.2.3' });
    assert.equal(result.capabilities.hoverProvider, true);
    assert.equal(result.capabilities.executeCommandProvider, undefined, 'no send command for a client that cannot send');
    assert.deepEqual(initializeResult('1', { canSendTags: true }).capabilities.executeCommandProvider, { commands: [SEND_TAG_COMMAND] });
  });

  it('works standalone over stdio: diagnostics, hover, symbols and no send action for a plain client', async function () {
    this.timeout(20_000);
    const client = startServer();
    try {
      const result = await initialize(client, root);
      assert.equal(result.serverInfo.name, SERVER_NAME);
      client.notify('textDocument/didOpen', { textDocument: { uri: fileUri, languageId: 'typescript', version: 1, text: SOURCE } });

      const diagnostics = await diagnosticsOf(client, fileUri);
      assert.deepEqual(
        diagnostics.map((d) => [d.range, d.message, d.severity, d.source]),
        [
          [{ start: { line: 1, character: 5 }, end: { line: 1, character: 41 } }, 'Ask @alice: why does this deadlock? — not sent yet', 3, 'Mutual Mentor'],
          [
            { start: { line: 4, character: 5 }, end: { line: 4, character: 36 } },
            'Ask your partner: what about block comments? — not sent yet',
            3,
            'Mutual Mentor',
          ],
        ],
      );

      const hover = (await client.request('textDocument/hover', { textDocument: { uri: fileUri }, position: { line: 1, character: 10 } })) as Hover;
      assert.match((hover.contents as MarkupContent).value, /Ask for @alice.*not sent yet/);
      assert.match((hover.contents as MarkupContent).value, /why does this deadlock\?/);
      assert.doesNotMatch((hover.contents as MarkupContent).value, /quick fix/, 'a plain client is not told about a send it cannot do');
      assert.equal(
        await client.request('textDocument/hover', { textDocument: { uri: fileUri }, position: { line: 2, character: 20 } }),
        null,
        'no hover in a string',
      );
      const sentHover = (await client.request('textDocument/hover', { textDocument: { uri: fileUri }, position: { line: 5, character: 8 } })) as Hover;
      assert.match((sentHover.contents as MarkupContent).value, /\(https:\/\/github\.com\/o\/r\/issues\/7\)/);

      const actions = (await client.request('textDocument/codeAction', {
        textDocument: { uri: fileUri },
        range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } },
        context: { diagnostics },
      })) as CodeAction[];
      assert.deepEqual(actions, [], 'standalone: no "Send as ask" without a client that can send');

      const symbols = (await client.request('textDocument/documentSymbol', { textDocument: { uri: fileUri } })) as DocumentSymbol[];
      assert.deepEqual(
        symbols.map((s) => [s.name, s.detail, s.range.start.line]),
        [
          ['ASK @alice: why does this deadlock?', 'not sent', 1],
          ['ASK your partner: what about block comments?', 'not sent', 4],
          ['ASK @bob: already sent', 'sent', 5],
        ],
      );

      const found = (await client.request('workspace/symbol', { query: 'python' })) as SymbolInformation[];
      assert.deepEqual(
        found.map((s) => [s.name, s.location.uri]),
        [['ASK partner: is this pythonic?', pathToFileURL(path.join(root, 'src', 'other.py')).href]],
      );

      // Editing the tag away clears its diagnostic.
      client.notify('textDocument/didChange', {
        textDocument: { uri: fileUri, version: 2 },
        contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, text: '' }],
      });
      const after = await diagnosticsOf(client, fileUri, (d) => d.length === 1);
      assert.equal(after[0]?.range.start.line, 3);
      await shutDown(client);
    } finally {
      client.kill();
    }
  });

  it('with the VS Code client: sends a tag and rewrites it, shows pushed asks, lists workspace tags', async function () {
    this.timeout(20_000);
    const client = startServer();
    const sent: SendTagParams[] = [];
    const edits: WorkspaceEdit[] = [];
    client.onRequest(SEND_TAG_REQUEST, (p) => {
      sent.push(p as SendTagParams);
      return { url: 'https://github.com/o/r/pull/3#discussion_r9', partner: 'alice' };
    });
    client.onRequest('workspace/applyEdit', (p) => {
      edits.push((p as { edit: WorkspaceEdit }).edit);
      return { applied: true };
    });
    try {
      const init = await initialize(client, root, { canSendTags: true, clientCommands: true });
      assert.deepEqual(init.capabilities.executeCommandProvider, { commands: [SEND_TAG_COMMAND] });
      client.notify('textDocument/didOpen', { textDocument: { uri: fileUri, languageId: 'typescript', version: 1, text: SOURCE } });
      const diagnostics = await diagnosticsOf(client, fileUri);

      const actions = (await client.request('textDocument/codeAction', {
        textDocument: { uri: fileUri },
        range: { start: { line: 1, character: 3 }, end: { line: 1, character: 3 } },
        context: { diagnostics },
      })) as CodeAction[];
      assert.deepEqual(
        actions.map((a) => a.title),
        ['Send as ask to @alice'],
      );
      const command = actions[0]?.command;
      assert.ok(command);
      await client.request('workspace/executeCommand', { command: command.command, arguments: command.arguments });
      assert.deepEqual(
        sent.map((s) => [s.uri, s.tag.login, s.tag.question]),
        [[fileUri, 'alice', 'why does this deadlock?']],
      );
      assert.deepEqual(edits, [
        {
          documentChanges: [
            {
              textDocument: { uri: fileUri, version: 1 },
              edits: [
                {
                  range: { start: { line: 1, character: 5 }, end: { line: 1, character: 41 } },
                  newText: 'ASKED(@alice): why does this deadlock? → https://github.com/o/r/pull/3#discussion_r9',
                },
              ],
            },
          ],
        },
      ]);

      // The extension pushes the asks anchored in this document.
      client.notify(ASKS_NOTIFICATION, {
        uri: fileUri,
        asks: [
          {
            askId: 'a1',
            startLine: 0,
            endLine: 1,
            status: 'exact',
            partner: 'grace',
            replies: 2,
            unread: 1,
            latestReply: { author: 'grace', body: HOSTILE_REPLY },
          },
          { askId: 'a2', startLine: 9, endLine: 9, status: 'lost', partner: 'grace', question: 'why a mutex?', replies: 0, unread: 0 },
        ],
      } satisfies AsksParams);
      const withAsks = await diagnosticsOf(client, fileUri, (d) => d.some((x) => x.code === 'unreadReply'));
      assert.deepEqual(
        withAsks.filter((d) => d.code !== 'unsentAsk').map((d) => [d.range.start.line, d.message]),
        [
          [0, '@grace replied to your ask — unread'],
          [0, 'The code of your ask to @grace: "why a mutex?" is no longer in this file.'],
        ],
      );
      const lenses = (await client.request('textDocument/codeLens', { textDocument: { uri: fileUri } })) as CodeLens[];
      assert.deepEqual(
        lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command, l.command?.arguments]),
        [
          [0, 'asked @grace · 2 replies · 1 unread', 'mutualMentor.openAsk', ['a1']],
          [0, 'An ask to @grace lost its code in this file: "why a mutex?" · open thread', 'mutualMentor.openAsk', ['a2']],
        ],
      );
      // Reading the thread: the extension pushes the asks again; the unread diagnostic goes and the lens says so.
      client.notify(ASKS_NOTIFICATION, {
        uri: fileUri,
        asks: [
          {
            askId: 'a1',
            startLine: 0,
            endLine: 1,
            status: 'exact',
            partner: 'grace',
            replies: 2,
            unread: 0,
            latestReply: { author: 'grace', body: HOSTILE_REPLY },
          },
          { askId: 'a2', startLine: 9, endLine: 9, status: 'lost', partner: 'grace', question: 'why a mutex?', replies: 0, unread: 0 },
        ],
      } satisfies AsksParams);
      await diagnosticsOf(client, fileUri, (d) => !d.some((x) => x.code === 'unreadReply') && d.some((x) => x.code === 'lostAsk'));
      const readLenses = (await client.request('textDocument/codeLens', { textDocument: { uri: fileUri } })) as CodeLens[];
      assert.equal(readLenses[0]?.command?.title, 'asked @grace · 2 replies');
      const hover = (await client.request('textDocument/hover', { textDocument: { uri: fileUri }, position: { line: 0, character: 3 } })) as Hover;
      const markdown = (hover.contents as MarkupContent).value;
      assert.match(markdown, /Take the locks in order\\\./);
      assert.match(markdown, /run.*again pixel docs \(<https:\/\/example\.com\/locks>\)/s, 'labels stay, a web link shows its address');
      assert.doesNotMatch(markdown, /(?<!\\)<img|\]\(|\]\[|command:|tracker/, 'no image, no link but the web one, no command');
      const askActions = (await client.request('textDocument/codeAction', {
        textDocument: { uri: fileUri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } },
        context: { diagnostics: [] },
      })) as CodeAction[];
      assert.deepEqual(
        askActions.map((a) => [a.title, a.command?.command]),
        [
          ['Open thread', 'mutualMentor.openAsk'],
          ['Ask partner about this', 'mutualMentor.askAboutSelection'],
          ['Mark as learned', 'mutualMentor.markLearned'],
        ],
      );
      // An editor asking for quick fixes only gets none of these (VS Code drops and warns about other kinds).
      const quickFixes = (await client.request('textDocument/codeAction', {
        textDocument: { uri: fileUri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } },
        context: { diagnostics: [], only: ['quickfix'] },
      })) as CodeAction[];
      assert.deepEqual(quickFixes, []);

      const tags = (await client.request(WORKSPACE_TAGS_REQUEST, {})) as WorkspaceTagsResult;
      assert.deepEqual(tags.files.map((f) => [path.basename(f.uri), f.tags.map((t) => t.question)]).sort(), [
        ['lock.ts', ['why does this deadlock?', 'what about block comments?']],
        ['other.py', ['is this pythonic?']],
      ]);
      assert.equal(tags.truncated, false);
      await shutDown(client);
    } finally {
      client.kill();
    }
  });

  it('pulls its settings with workspace/configuration, and again when told they changed', async function () {
    this.timeout(20_000);
    const client = startServer();
    let settings: object = { languageServer: { diagnostics: false }, tags: { exclude: ['**/*.py'] } };
    const asked: unknown[] = [];
    client.onRequest('workspace/configuration', (p) => {
      asked.push(p);
      return [settings];
    });
    try {
      await initialize(client, root, { canSendTags: true }, { configuration: true });
      client.notify('textDocument/didOpen', { textDocument: { uri: fileUri, languageId: 'typescript', version: 1, text: SOURCE } });
      // Published only once the settings are read: no diagnostics, not the default ones first.
      assert.deepEqual(await diagnosticsOf(client, fileUri), []);
      assert.deepEqual(asked, [{ items: [{ section: 'mutualMentor' }] }]);
      const tags = (await client.request(WORKSPACE_TAGS_REQUEST, {})) as WorkspaceTagsResult;
      assert.deepEqual(
        tags.files.map((f) => path.basename(f.uri)),
        ['lock.ts'],
        'the pulled exclude applies',
      );

      // A change is a signal: what the notification carries is not read, the settings are pulled again.
      settings = { languageServer: { diagnostics: true }, tags: { exclude: [] } };
      client.notify('workspace/didChangeConfiguration', { settings: { mutualMentor: { languageServer: { diagnostics: false } } } });
      const diagnostics = await diagnosticsOf(client, fileUri, (d) => d.length > 0);
      assert.deepEqual(
        diagnostics.map((d) => d.code),
        ['unsentAsk', 'unsentAsk'],
      );
      assert.equal(asked.length, 2);
      await shutDown(client);
    } finally {
      client.kill();
    }
  });

  it('reads the settings a client that cannot be asked pushes', async function () {
    this.timeout(20_000);
    const client = startServer();
    try {
      await initialize(client, root);
      client.notify('textDocument/didOpen', { textDocument: { uri: fileUri, languageId: 'typescript', version: 1, text: SOURCE } });
      assert.equal((await diagnosticsOf(client, fileUri)).length, 2, 'the defaults: diagnostics on');
      client.notify('workspace/didChangeConfiguration', { settings: { mutualMentor: { languageServer: { diagnostics: false } } } });
      await diagnosticsOf(client, fileUri, (d) => d.length === 0);
      assert.ok(!client.serverRequests.some((r) => r.method === 'workspace/configuration'));
      await shutDown(client);
    } finally {
      client.kill();
    }
  });
});
