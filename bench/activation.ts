// `npm run bench -- activation`: what starting Mutual Mentor costs in the real workbench. Builds the
// production bundles (what the VSIX ships), starts code-server 4.100.3 and Chromium as the integration
// run does (test/integration/driver/run.ts), with the GitHub sandbox, and lets test/integration/activationProbe.ts
// activate the extension inside the extension host. It reports:
//  - bytes: the size of the extension's files in Node's module cache when activate() has resolved
//    (dist/extension.cjs alone when the lazy bundles stay lazy), and what has loaded once the store is
//    open and the account checked;
//  - ms: activate()'s own measure (performance.now() around its body, MutualMentorApi.activationMs),
//    and as awaited through the API;
//  - baseline, built in the same run: the same sources as one bundle (the language client, octokit
//    and markdown-it inside, as before the split) and every extension-side bundle together.
// Targets: ≤ 250 KB (250 × 1024 bytes) loaded at activation, ≤ 10 ms.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { format, promisify } from 'node:util';
import esbuild, { type BuildOptions } from 'esbuild';
import { chromium } from 'playwright-core';
import { chromiumArgs, CHROMIUM_PATH } from '../scripts/lib/browser';
import { ensureCodeServer, remoteUri, startCodeServer, type CodeServer } from '../scripts/lib/codeServer';
import { createSandbox, type Sandbox } from '../test/sandbox/server';
import { seedDemo } from '../test/sandbox/demoSeed';
import { seedDefault } from '../test/sandbox/seed';
import { PROBE_PREFIX, type ProbeFile, type ProbeReport } from './activation/report';

const repo = path.resolve(import.meta.dirname, '..');
const outDir = path.join(repo, 'out', 'bench');
const TARGET_BYTES = 250 * 1024;
const TARGET_MS = 10;
const TIMEOUT_MS = 180_000;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const total = (files: readonly ProbeFile[]) => files.reduce((n, f) => n + f.bytes, 0);

/** The production bundles, the probe, and the one-bundle baseline. */
async function build(): Promise<{ baselineBytes: number; distBytes: number }> {
  const result = spawnSync(process.execPath, [path.join(repo, 'esbuild.config.js'), '--production'], { cwd: repo, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('build failed');
  rmSync(outDir, { recursive: true, force: true });
  const common: BuildOptions = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'silent' };
  await esbuild.build({ ...common, entryPoints: [path.join(repo, 'test', 'integration', 'activationProbe.ts')], outfile: path.join(outDir, 'probe.cjs') });
  // Before the split: everything extension.ts reaches in one minified bundle.
  const baseline = path.join(outDir, 'single-bundle.cjs');
  await esbuild.build({
    ...common,
    entryPoints: [path.join(repo, 'src', 'extension', 'extension.ts')],
    outfile: baseline,
    minify: true,
    legalComments: 'none',
  });
  const dist = ['extension.cjs', 'lspClient.cjs', 'github.cjs', 'markdown.cjs'].map((f) => statSync(path.join(repo, 'dist', f)).size);
  return { baselineBytes: statSync(baseline).size, distBytes: dist.reduce((a, b) => a + b, 0) };
}

/** One start of the workbench with the probe as extensionTestsPath; its report. */
async function probe(): Promise<ProbeReport> {
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'mutual-mentor-bench-'));
  const workspace = path.join(runDir, 'workspace');
  let sandbox: Sandbox | undefined;
  let server: CodeServer | undefined;
  let context: Awaited<ReturnType<typeof chromium.launchPersistentContext>> | undefined;
  try {
    sandbox = await createSandbox({ dataDir: path.join(runDir, 'sandbox') });
    await seedDefault(sandbox);
    await seedDemo(sandbox, { partner: false });
    await promisify(execFile)('git', ['clone', '--quiet', '--branch', 'feature/ttl', `${sandbox.url}/ada/lru-cache.git`, workspace]);
    server = await startCodeServer({
      codeServerDir: ensureCodeServer(),
      runDir,
      workspace,
      settings: { 'mutualMentor.github.apiUrl': `${sandbox.url}/api/v3` },
    });
    context = await chromium.launchPersistentContext(path.join(runDir, 'chrome'), { executablePath: CHROMIUM_PATH, headless: true, args: chromiumArgs });
    const page = context.pages()[0] ?? (await context.newPage());
    let report: ProbeReport | undefined;
    const exit = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
        for (const line of format(...(Array.isArray(args) ? args : [args])).split('\n')) {
          if (line.startsWith(PROBE_PREFIX)) report = JSON.parse(line.slice(PROBE_PREFIX.length)) as ProbeReport;
          else if (process.env.MUTUAL_MENTOR_BENCH_VERBOSE) console.log(`  │ ${line}`);
        }
      });
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    await page.goto(
      server.workbenchUrl([
        ['extensionDevelopmentPath', remoteUri(server, repo)],
        ['extensionTestsPath', remoteUri(server, path.join(outDir, 'probe.cjs'))],
        ['skipWelcome', 'true'],
        ['skipReleaseNotes', 'true'],
      ]),
    );
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exit, new Promise<number>((resolve) => (timer = setTimeout(() => resolve(124), TIMEOUT_MS)))]);
    clearTimeout(timer);
    if (!report) throw new Error(`the probe reported nothing (exit code ${code})`);
    return report;
  } finally {
    await context?.close().catch(() => undefined);
    await server?.stop();
    await sandbox?.close();
    rmSync(runDir, { recursive: true, force: true });
  }
}

export async function runActivationBench(): Promise<boolean> {
  const { baselineBytes, distBytes } = await build();
  const report = await probe();
  const bytes = total(report.atActivation);
  if (bytes === 0) throw new Error('no bundle of the extension was in the module cache: the measure does not see what the extension host loads');
  console.log(
    `\nactivation in the real workbench (VS Code ${report.vscode}, code-server, production bundles)${report.wasActive ? ' — NOTE: the extension was already active when the probe ran' : ''}`,
  );
  console.log(`  loaded when activate() resolved   ${kb(bytes).padStart(10)}   ${report.atActivation.map((f) => `${f.file} ${kb(f.bytes)}`).join(', ')}`);
  console.log(`  loaded once the store is open     ${kb(total(report.afterStart)).padStart(10)}   ${report.afterStart.map((f) => f.file).join(', ')}`);
  console.log(`  baseline: the same as one bundle  ${kb(baselineBytes).padStart(10)}   (what activation loaded before the split)`);
  console.log(`  baseline: all extension bundles   ${kb(distBytes).padStart(10)}   (extension, lspClient, github, markdown)`);
  console.log(`  activate() measured inside it     ${`${report.activationMs.toFixed(1)} ms`.padStart(10)}`);
  console.log(`  activate() as awaited by the probe ${`${report.awaitedMs.toFixed(1)} ms`.padStart(9)}   (includes the extension host loading the bundle)`);
  const bytesMet = bytes <= TARGET_BYTES;
  const msMet = report.activationMs <= TARGET_MS;
  console.log(`  targets: bytes ≤ ${kb(TARGET_BYTES)} ${bytesMet ? 'met' : 'MISSED'}, activate() ≤ ${TARGET_MS} ms ${msMet ? 'met' : 'MISSED'}`);
  console.log(
    JSON.stringify({
      'activation.bytes': bytes,
      'activation.ms': Number(report.activationMs.toFixed(2)),
      'activation.awaitedMs': Number(report.awaitedMs.toFixed(2)),
      'activation.bytesAfterStart': total(report.afterStart),
      'baseline.singleBundleBytes': baselineBytes,
      'baseline.allBundlesBytes': distBytes,
      vscode: report.vscode,
    }),
  );
  return bytesMet && msMet;
}
