// `npm run test:desktop`: the same integration suite in desktop VS Code via @vscode/test-electron,
// for contributors on a machine that can download VS Code (it cannot here). Tests that need the
// code-server driver's browser (screenshots, DOM reads) are skipped there.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';

const repo = path.resolve(import.meta.dirname, '..', '..');

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, [path.join(repo, 'esbuild.config.js'), '--tests'], { cwd: repo, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
  const workspace = path.join(mkdtempSync(path.join(os.tmpdir(), 'mutual-mentor-desktop-')), 'workspace');
  cpSync(path.join(repo, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  await runTests({
    version: process.env.MUTUAL_MENTOR_VSCODE_VERSION ?? '1.100.3',
    extensionDevelopmentPath: repo,
    extensionTestsPath: path.join(repo, 'out', 'test', 'integration', 'index.cjs'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
}

main().catch((error: unknown) => {
  console.error('desktop integration tests failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
