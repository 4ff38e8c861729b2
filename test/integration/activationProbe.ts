// extensionTestsPath of `npm run bench -- activation` (bench/activation.ts): runs in the real extension host (code-server),
// activates Mutual Mentor and reports what activation loaded. Bundled by bench/activation.ts as
// CommonJS, so `require.cache` is Node's module cache, the one the extension host loads extensions into.
import { statSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { MutualMentorApi } from '../../src/extension/api';
import { PROBE_PREFIX, type ProbeFile, type ProbeReport } from '../../bench/activation/report';

const EXTENSION_ID = 'mutual-mentor.mutual-mentor';
function loadedFiles(root: string): ProbeFile[] {
  return Object.keys(require.cache)
    .filter((file) => file.startsWith(root + path.sep))
    .map((file) => ({ file: path.relative(root, file), bytes: statSync(file).size }))
    .sort((a, b) => a.file.localeCompare(b.file));
}

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<MutualMentorApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in the extension host`);
  const wasActive = extension.isActive;
  const started = performance.now();
  const api = await extension.activate();
  const awaitedMs = performance.now() - started;
  // Only the shipped bundles: this probe's own file sits in the repository too.
  const dist = path.join(extension.extensionPath, 'dist');
  const atActivation = loadedFiles(dist);
  await api.storeSaveState();
  await api.account();
  const afterStart = loadedFiles(dist);
  const report: ProbeReport = { vscode: vscode.version, wasActive, activationMs: api.activationMs, awaitedMs, atActivation, afterStart };
  console.log(PROBE_PREFIX + JSON.stringify(report));
}
