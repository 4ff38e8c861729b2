// The report as Markdown (ARCHITECTURE.md §Program report): what a GitHub Actions job summary shows
// ($GITHUB_STEP_SUMMARY, at most 1 MiB). Logins are GitHub logins (checked); topics are text from
// GitHub and are escaped, so a topic cannot add markup, links or table cells.
import type { PairFigures } from './figures';
import type { Report } from './shards';

/** Rows of the pairs table at most; the JSON and HTML outputs hold every pair. */
export const MARKDOWN_PAIRS = 300;

/** Text as Markdown shows it literally: punctuation escaped, HTML's specials as entities, one line. */
export function mdText(text: string): string {
  return text
    .replace(/[\r\n\t]/g, ' ')
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

const pct = (part: number, whole: number) => (whole === 0 ? '–' : `${Math.round((part / whole) * 100)}%`);

export function driftWords(p: PairFigures): string {
  switch (p.drift.state) {
    case 'balanced':
      return 'balanced';
    case 'tooFew':
      return p.recentEvents === 0 ? 'quiet' : 'too few to say';
    case 'oneSided':
      return `one-sided: @${p.drift.givesMore ?? '?'} gives ${pct(p.drift.share ?? 0, 1)}`;
  }
}

function topTopics(topics: Readonly<Record<string, number>>, n = 3): string {
  const list = Object.entries(topics)
    .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
    .slice(0, n)
    .map(([t, c]) => `${mdText(t)} (${c})`);
  return list.length ? list.join(', ') : '–';
}

export function renderMarkdown(report: Report): string {
  const { program: g, settings } = report;
  const out: string[] = [];
  out.push('## Mentoring program report', '');
  out.push(
    `Generated ${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC over ${g.pairs} pair${g.pairs === 1 ? '' : 's'} that share figures with the program. Figures only: no message text is in this report.`,
    '',
  );
  out.push('| | |', '|---|---|');
  out.push(`| Active pairs (an exchange in the last ${settings.windowDays} days) | ${g.activePairs} of ${g.pairs} (${pct(g.activePairs, g.pairs)}) |`);
  out.push(`| Pairs where both sides taught | ${g.twoWayPairs} (${pct(g.twoWayPairs, g.pairs)}) |`);
  out.push(`| Balanced / one-sided / too few to say | ${g.drift.balanced} / ${g.drift.oneSided} / ${g.drift.tooFew} |`);
  out.push(`| Lessons recorded | ${g.lessons} |`, `| Help given (answers, reviews, merged pull requests) | ${g.help} |`, '');
  if (g.topics.length) {
    out.push(
      '**Topics taught most:** ' +
        g.topics
          .slice(0, 10)
          .map((t) => `${mdText(t.topic)} (${t.count})`)
          .join(', '),
      '',
    );
  }
  const peak = Math.max(1, ...g.months.map((m) => m.events));
  out.push('**Lessons and help per month**', '', '| Month | Events | |', '|---|---:|---|');
  for (const m of g.months) out.push(`| ${m.month} | ${m.events} | ${'█'.repeat(Math.round((m.events / peak) * 20))} |`);
  out.push('');
  out.push('### Pairs', '');
  out.push('| Pair | Taught → | ← Taught | Help → | ← Help | Last exchange | Drift | Topics → | ← Topics |', '|---|---:|---:|---:|---:|---|---|---|---|');
  const pairs = [...report.pairs].sort((p, q) => (q.lastAt ?? '').localeCompare(p.lastAt ?? '') || p.a.localeCompare(q.a));
  for (const p of pairs.slice(0, MARKDOWN_PAIRS)) {
    out.push(
      `| @${p.a} ↔ @${p.b} | ${p.aToB.lessons} | ${p.bToA.lessons} | ${p.aToB.help} | ${p.bToA.help} | ${p.lastAt ? p.lastAt.slice(0, 10) : 'never'} | ${driftWords(p)} | ${topTopics(p.aToB.topics)} | ${topTopics(p.bToA.topics)} |`,
    );
  }
  if (pairs.length > MARKDOWN_PAIRS) out.push('', `${pairs.length - MARKDOWN_PAIRS} more pairs are in the HTML and JSON reports.`);
  out.push('', '→ is from the first of the pair to the second, ← the other way.');
  if (report.shards.count > 1)
    out.push('', `Merged from ${report.shards.count} shards${report.shards.missing.length ? `; **missing: ${report.shards.missing.join(', ')}**` : ''}.`);
  out.push('', `GitHub API: ${report.cost.points} GraphQL points in ${report.cost.requests} queries (estimated ${report.cost.estimatedPoints}).`);
  if (report.warnings.length) {
    out.push('', `<details><summary>${report.warnings.length} warning${report.warnings.length === 1 ? '' : 's'}</summary>`, '');
    for (const w of report.warnings.slice(0, 50)) out.push(`- ${mdText(w)}`);
    out.push('', '</details>');
  }
  return `${out.join('\n')}\n`;
}
