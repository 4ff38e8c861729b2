// The workspace scan for ASK tags: 5,000 source files (a few KB each, one in ten with a tag) in a
// temporary folder tree, scanned as the language server does — ripgrep listing the candidates
// (VS Code's own binary from the code-server build, else /usr/bin/rg), git grep in the same tree
// made a repository, and the walk that reads every file (the fallback) — each the median of 3 runs;
// against reading the same files one after another with a plain regular expression, in the same run.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { scanFoldersWith, type Searchers } from '../src/core/tags/fastScan';
import { listFiles } from '../src/core/tags/scan';

export const SCAN_FILES = 5_000;

export interface ScanFigure {
  readonly ms: number;
  readonly found: number;
  readonly via: string;
}

export interface TagScanCost {
  readonly files: number;
  readonly expected: number;
  readonly ripgrepPath?: string;
  readonly ripgrep?: ScanFigure;
  readonly gitGrep: ScanFigure;
  readonly walk: ScanFigure;
  readonly baselineMs: number;
}

const VSCODE_RG = join(homedir(), '.cache/mutual-mentor/code-server-4.100.3/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg');

export async function tagScanCost(): Promise<TagScanCost> {
  const root = await mkdtemp(join(tmpdir(), 'mm-bench-tags-'));
  try {
    let expected = 0;
    const body = Array.from({ length: 80 }, (_, i) => `export function f${i}(a: number, b: number): number { return a * ${i} + b; }`).join('\n');
    for (let d = 0; d < 50; d++) {
      await mkdir(join(root, 'src', `m${d}`), { recursive: true });
      await Promise.all(
        Array.from({ length: SCAN_FILES / 50 }, async (_, i) => {
          const tagged = (d * 100 + i) % 10 === 0;
          if (tagged) expected++;
          await writeFile(join(root, 'src', `m${d}`, `f${i}.ts`), `${tagged ? '// ASK(@grace): why is this multiplied?\n' : ''}${body}\n`);
        }),
      );
    }
    const median = async (searchers: Searchers): Promise<ScanFigure> => {
      const runs: ScanFigure[] = [];
      for (let r = 0; r < 3; r++) {
        const t = performance.now();
        const result = await scanFoldersWith([root], searchers);
        runs.push({ ms: performance.now() - t, found: result.files.reduce((n, f) => n + f.tags.length, 0), via: result.via.join() });
      }
      runs.sort((a, b) => a.ms - b.ms);
      return runs[1];
    };
    const ripgrepPath = [VSCODE_RG, '/usr/bin/rg'].find((p) => existsSync(p));
    const ripgrep = ripgrepPath ? await median({ ripgrep: ripgrepPath }) : undefined;
    const walk = await median({});
    await promisify(execFile)('git', ['init', '-q'], { cwd: root });
    const gitGrep = await median({ gitGrep: true });
    const t = performance.now();
    const { files } = await listFiles(root);
    for (const f of files) /\bASK\b/.test(await readFile(f, 'utf8'));
    const baselineMs = performance.now() - t;
    return { files: files.length, expected, ...(ripgrepPath ? { ripgrepPath } : {}), ...(ripgrep ? { ripgrep } : {}), gitGrep, walk, baselineMs };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
