// `npm run bench -- hostile`: what one hostile comment or one hostile line of a workspace file costs
// (issue 11, SECURITY.md), each against a baseline measured in the same run:
//   marker   a 60,000-character body built to make a marker parser backtrack (an opener and a run
//            of spaces; openers without a closer), through scanMarkers and stripMarkers  vs  a
//            60,000-character body of ordinary prose with one real marker
//   tag      a 60,000-character sent-tag line (`// ASK -> q` + spaces + `x`) and 2,000 lines of
//            3,000-character hostile tag lines, through scanTags  vs  ordinary code of the same size
//   server   the language server (the real bundle, dist/server.cjs, over stdio) with such a file
//            open: from didOpen to its diagnostics, then a documentSymbol and a hover answer  vs  the
//            same for ordinary code
//   before   the patterns this replaced, on 500 and 1,000 spaces only (they take seconds beyond):
//            what the same input cost before
// Fastest of several runs for the parsers, medians for the server. Targets: ≤ 250 ms per 60,000
// characters, the server answering within 2 s. Prints a table; the last line is one JSON object.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { scanMarkers, stripMarkers } from '../src/core/marker';
import { scanTags } from '../src/core/tags/parse';
import { StdioLspClient } from '../test/support/stdioLspClient';

const SIZE = 60_000;
const TARGETS = { parseMs: 250, serverMs: 2_000 };
const repo = join(import.meta.dirname, '..');

function fastest(work: () => unknown, runs = 5): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const cut = (text: string) => text.slice(0, SIZE);
const prose = (n: number) => cut('The cache keeps the most recent entries and evicts the least recently used one. '.repeat(Math.ceil(n / 80)));
const code = (n: number) => cut('export function get(key: string) { return cache.get(key) ?? fallback(key); } // a note\n'.repeat(Math.ceil(n / 80)));

const hostileBodies: Record<string, string> = {
  'opener + spaces': `<!-- mutual-mentor ${' '.repeat(SIZE - 19)}`,
  'openers, no closer': cut('<!-- mutual-mentor '.repeat(SIZE / 19 + 1)),
  'payload of spaces': `<!-- mutual-mentor {${' '.repeat(SIZE - 23)}-->`,
};
const hostileTags: Record<string, string> = {
  'one 60,000-char line': `// ASK -> q${' '.repeat(SIZE - 12)}x`,
  '20 lines of 3,000': cut(`// ASK -> q${' '.repeat(2_988)}x\n`.repeat(21)),
  'arrow between spaces': `// ASKED: q${' '.repeat(SIZE / 2)}→${' '.repeat(SIZE / 2 - 16)}http`,
};

/** The patterns issue 11 replaced, kept here only to measure what they cost. */
const OLD_MARKER = /<!--\s*mutual-mentor\s+([\s\S]*?)\s*-->/g; // eslint-disable-line regexp/no-super-linear-backtracking -- the replaced pattern, measured
const OLD_URL_AT_END = /[ \t]*(?:(?:→|->)[ \t]*)?(https?:\/\/\S+)$/; // eslint-disable-line regexp/no-super-linear-move -- the replaced pattern, measured

async function serverTimes(text: string, runs: number): Promise<{ diagnosticsMs: number; symbolsMs: number; hoverMs: number }> {
  const root = await mkdtemp(join(tmpdir(), 'mm-bench-hostile-'));
  const file = join(root, 'hostile.ts');
  await writeFile(file, text);
  const uri = pathToFileURL(file).href;
  const diagnostics: number[] = [];
  const symbols: number[] = [];
  const hovers: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const client = new StdioLspClient(process.execPath, [join(repo, 'dist', 'server.cjs'), '--stdio'], root);
      try {
        await client.request('initialize', {
          processId: process.pid,
          rootUri: pathToFileURL(root).href,
          workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'ws' }],
          capabilities: {},
        });
        client.notify('initialized', {});
        const opened = performance.now();
        const published = client.waitForNotification('textDocument/publishDiagnostics', (p) => (p as { uri: string }).uri === uri);
        client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
        await published;
        diagnostics.push(performance.now() - opened);
        let start = performance.now();
        await client.request('textDocument/documentSymbol', { textDocument: { uri } });
        symbols.push(performance.now() - start);
        start = performance.now();
        await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 4 } });
        hovers.push(performance.now() - start);
        await client.request('shutdown', null);
        client.notify('exit', null);
        await client.exited();
      } finally {
        client.kill();
      }
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  return { diagnosticsMs: median(diagnostics), symbolsMs: median(symbols), hoverMs: median(hovers) };
}

export async function runHostileBench(): Promise<boolean> {
  const row = (label: string, ms: number, baseline: number) =>
    console.log(`${label.padEnd(44)} ${ms.toFixed(2).padStart(9)} ms   baseline ${baseline.toFixed(2).padStart(8)} ms`);
  console.log(`hostile input, ${SIZE.toLocaleString('en')} characters each (fastest of 5 runs)`);

  const proseBody = `${prose(SIZE - 80)}\n<!-- mutual-mentor {"v":1,"kind":"ask","id":"6f1c0000-0000-4000-8000-000000000001"} -->`;
  const markerBaseline = fastest(() => {
    scanMarkers(proseBody);
    stripMarkers(proseBody);
  });
  let markerWorst = 0;
  for (const [label, body] of Object.entries(hostileBodies)) {
    const ms = fastest(() => {
      scanMarkers(body);
      stripMarkers(body);
    });
    markerWorst = Math.max(markerWorst, ms);
    row(`marker: ${label}`, ms, markerBaseline);
  }

  const codeText = code(SIZE);
  const tagBaseline = fastest(() => scanTags(codeText, { language: 'typescript' }));
  let tagWorst = 0;
  for (const [label, text] of Object.entries(hostileTags)) {
    const ms = fastest(() => scanTags(text, { language: 'typescript' }));
    tagWorst = Math.max(tagWorst, ms);
    row(`tag: ${label}`, ms, tagBaseline);
  }

  const before: Record<string, number> = {};
  for (const spaces of [500, 1_000]) {
    const body = `<!-- mutual-mentor ${' '.repeat(spaces)}`;
    before[`marker${spaces}`] = fastest(() => [...body.matchAll(OLD_MARKER)], 1);
    const line = `ASK -> q${' '.repeat(spaces)}x`;
    before[`tag${spaces}`] = fastest(() => OLD_URL_AT_END.exec(line), 1);
    console.log(
      `before: old marker pattern, ${spaces} spaces`.padEnd(44),
      `${(before[`marker${spaces}`] ?? 0).toFixed(2).padStart(9)} ms   now ${fastest(() => scanMarkers(body)).toFixed(2)} ms`,
    );
    console.log(`before: old tag URL pattern, ${spaces} spaces`.padEnd(44), `${(before[`tag${spaces}`] ?? 0).toFixed(2).padStart(9)} ms`);
  }

  let server: { hostile: Awaited<ReturnType<typeof serverTimes>>; baseline: Awaited<ReturnType<typeof serverTimes>> } | undefined;
  if (!existsSync(join(repo, 'dist', 'server.cjs'))) spawnSync(process.execPath, [join(repo, 'esbuild.config.js')], { cwd: repo, stdio: 'inherit' });
  if (existsSync(join(repo, 'dist', 'server.cjs'))) {
    const hostileFile = `${hostileTags['one 60,000-char line']}\n${hostileTags['20 lines of 3,000']}\n// ASK: still answered?\n`;
    const hostile = await serverTimes(hostileFile, 5);
    const baseline = await serverTimes(code(hostileFile.length), 5);
    server = { hostile, baseline };
    console.log(`server with a ${hostileFile.length.toLocaleString('en')}-character hostile file open (median of 5 starts)`);
    row('  didOpen → diagnostics', hostile.diagnosticsMs, baseline.diagnosticsMs);
    row('  documentSymbol', hostile.symbolsMs, baseline.symbolsMs);
    row('  hover', hostile.hoverMs, baseline.hoverMs);
  } else console.log('server: skipped, dist/server.cjs could not be built');

  const serverWorst = server ? Math.max(server.hostile.diagnosticsMs, server.hostile.symbolsMs, server.hostile.hoverMs) : NaN;
  const met = markerWorst <= TARGETS.parseMs && tagWorst <= TARGETS.parseMs && (!server || serverWorst <= TARGETS.serverMs);
  console.log(`targets: parse ≤ ${TARGETS.parseMs} ms per 60,000 characters, server ≤ ${TARGETS.serverMs} ms: ${met ? 'met' : 'MISSED'}`);
  console.log(
    JSON.stringify({
      marker: { worstMs: round(markerWorst), baselineMs: round(markerBaseline) },
      tag: { worstMs: round(tagWorst), baselineMs: round(tagBaseline) },
      server: server ? { worstMs: round(serverWorst), hostile: roundAll(server.hostile), baseline: roundAll(server.baseline) } : null,
      before: roundAll(before),
      met,
    }),
  );
  return met;
}

const round = (n: number) => Math.round(n * 100) / 100;
const roundAll = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round(v)]));
