import { strict as assert } from 'node:assert';
import path from 'node:path';
import { TextDocumentSyncKind } from 'vscode-languageserver';
import { initializeResult, SERVER_NAME } from '../../../src/server/capabilities';
import { StdioLspClient } from '../../support/stdioLspClient';

const repo = path.resolve(import.meta.dirname, '../../..');

describe('server', () => {
  it('announces incremental document sync and its name', () => {
    const result = initializeResult('1.2.3');
    assert.equal(result.capabilities.textDocumentSync, TextDocumentSyncKind.Incremental);
    assert.deepEqual(result.serverInfo, { name: SERVER_NAME, version: '1.2.3' });
  });

  it('answers initialize and shuts down cleanly over stdio', async function () {
    this.timeout(20_000);
    const client = new StdioLspClient(process.execPath, ['--import', 'tsx', 'src/server/server.ts', '--stdio'], repo);
    try {
      const result = (await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} })) as {
        capabilities: { textDocumentSync: number }; serverInfo: { name: string };
      };
      assert.equal(result.serverInfo.name, SERVER_NAME);
      assert.equal(result.capabilities.textDocumentSync, TextDocumentSyncKind.Incremental);
      client.notify('initialized', {});
      assert.equal(await client.request('shutdown', null), null);
      client.notify('exit', null);
      assert.equal(await client.exited(), 0);
    } finally {
      client.kill();
    }
  });
});
