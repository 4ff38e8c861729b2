// The report as one self-contained HTML page (ARCHITECTURE.md §Program report): inline CSS and inline
// SVG charts, no script, nothing loaded from elsewhere (its Content-Security-Policy says so), every
// text escaped. It opens from a downloaded workflow artifact as it is.
import type { PairFigures } from './figures';
import { driftWords } from './markdown';
import type { Report } from './shards';

/** Text safe in HTML content and in quoted attribute values. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1f2328;background:#fff}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}table{border-collapse:collapse;width:100%}th,td{padding:.3rem .5rem;border-bottom:1px solid #d0d7de;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}td:first-child{white-space:nowrap}.cards{display:flex;flex-wrap:wrap;gap:1rem}.card{border:1px solid #d0d7de;border-radius:6px;padding:.6rem 1rem;min-width:10rem}
.card b{display:block;font-size:1.5rem}.muted{color:#59636e}svg text{font:11px system-ui,sans-serif;fill:#59636e}.a{fill:#0969da}.b{fill:#bf8700}.g{fill:#1a7f37}.o{fill:#cf222e}.q{fill:#8c959f}
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}th,td,.card{border-color:#30363d}.muted,svg text{fill:#9198a1;color:#9198a1}}`;

/** Vertical bars, one per month, with the month under each. */
function monthsChart(months: readonly { month: string; events: number }[]): string {
  const w = 640;
  const h = 160;
  const bw = w / Math.max(1, months.length);
  const peak = Math.max(1, ...months.map((m) => m.events));
  const bars = months
    .map((m, i) => {
      const bh = Math.round((m.events / peak) * (h - 40));
      return `<rect class="a" x="${(i * bw + 4).toFixed(1)}" y="${h - 20 - bh}" width="${(bw - 8).toFixed(1)}" height="${bh}"><title>${esc(m.month)}: ${m.events}</title></rect><text x="${(i * bw + bw / 2).toFixed(1)}" y="${h - 5}" text-anchor="middle">${esc(m.month.slice(2))}</text><text x="${(i * bw + bw / 2).toFixed(1)}" y="${h - 24 - bh}" text-anchor="middle">${m.events}</text>`;
    })
    .join('');
  return `<svg role="img" aria-label="Lessons and help per month" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}">${bars}</svg>`;
}

/** One horizontal bar split in parts (e.g. balanced / one-sided / too few). */
function splitBar(parts: readonly { label: string; value: number; cls: string }[]): string {
  const w = 640;
  const total = Math.max(
    1,
    parts.reduce((n, p) => n + p.value, 0),
  );
  let x = 0;
  const rects = parts
    .map((p) => {
      const pw = (p.value / total) * w;
      const r = `<rect class="${p.cls}" x="${x.toFixed(1)}" y="0" width="${pw.toFixed(1)}" height="22"><title>${esc(p.label)}: ${p.value}</title></rect>`;
      x += pw;
      return r;
    })
    .join('');
  const legend = parts
    .map((p, i) => `<rect class="${p.cls}" x="${i * 200}" y="32" width="10" height="10"/><text x="${i * 200 + 14}" y="41">${esc(p.label)}: ${p.value}</text>`)
    .join('');
  return `<svg role="img" aria-label="${esc(parts.map((p) => `${p.label} ${p.value}`).join(', '))}" viewBox="0 0 ${w} 48" width="${w}" height="48">${rects}${legend}</svg>`;
}

/** A pair's two ways side by side: what went a → b and b → a. */
function twoWay(p: PairFigures, peak: number): string {
  const there = p.aToB.lessons + p.aToB.help;
  const back = p.bToA.lessons + p.bToA.help;
  const scale = (n: number) => ((n / Math.max(1, peak)) * 90).toFixed(1);
  return `<svg role="img" aria-label="${there} one way, ${back} the other" viewBox="0 0 200 14" width="200" height="14"><rect class="b" x="${(100 - Number(scale(back))).toFixed(1)}" y="2" width="${scale(back)}" height="10"/><rect class="a" x="100" y="2" width="${scale(there)}" height="10"/></svg>`;
}

function topics(t: Readonly<Record<string, number>>): string {
  const list = Object.entries(t)
    .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
    .slice(0, 5);
  return list.length ? list.map(([k, n]) => `${esc(k)} (${n})`).join(', ') : '<span class="muted">–</span>';
}

export function renderHtml(report: Report): string {
  const g = report.program;
  const pairs = [...report.pairs].sort((p, q) => (q.lastAt ?? '').localeCompare(p.lastAt ?? '') || p.a.localeCompare(q.a));
  const peak = Math.max(1, ...pairs.flatMap((p) => [p.aToB.lessons + p.aToB.help, p.bToA.lessons + p.bToA.help]));
  const card = (label: string, value: string) => `<div class="card"><b>${esc(value)}</b>${esc(label)}</div>`;
  const rows = pairs
    .map(
      (p) =>
        `<tr><td>@${esc(p.a)} ↔ @${esc(p.b)}</td><td class="n">${p.aToB.lessons}</td><td class="n">${p.bToA.lessons}</td><td class="n">${p.aToB.help}</td><td class="n">${p.bToA.help}</td><td>${twoWay(p, peak)}</td><td>${p.lastAt ? esc(p.lastAt.slice(0, 10)) : 'never'}</td><td>${esc(driftWords(p))}</td><td>${topics(p.aToB.topics)}</td><td>${topics(p.bToA.topics)}</td></tr>`,
    )
    .join('\n');
  const warnings = report.warnings.length ? `<h2>Warnings</h2><ul>${report.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Mentoring program report</title><style>${CSS}</style></head><body>
<h1>Mentoring program report</h1>
<p class="muted">Generated ${esc(report.generatedAt.slice(0, 16).replace('T', ' '))} UTC over ${g.pairs} pairs that share figures with the program. Figures only: no message text is in this report.</p>
<div class="cards">${card(`active in the last ${report.settings.windowDays} days`, `${g.activePairs} / ${g.pairs}`)}${card('pairs where both sides taught', String(g.twoWayPairs))}${card('lessons recorded', String(g.lessons))}${card('help given', String(g.help))}</div>
<h2>Balance</h2>${splitBar([
    { label: 'balanced', value: g.drift.balanced, cls: 'g' },
    { label: 'one-sided', value: g.drift.oneSided, cls: 'o' },
    { label: 'too few to say', value: g.drift.tooFew, cls: 'q' },
  ])}
<h2>Lessons and help per month</h2>${monthsChart(g.months)}
<h2>Topics taught most</h2><p>${g.topics.length ? g.topics.map((t) => `${esc(t.topic)} (${t.count})`).join(', ') : '<span class="muted">none yet</span>'}</p>
<h2>Pairs</h2><p class="muted">→ from the first of the pair to the second (blue), ← the other way (amber).</p>
<table><thead><tr><th>Pair</th><th>Taught →</th><th>← Taught</th><th>Help →</th><th>← Help</th><th>Both ways</th><th>Last exchange</th><th>Drift</th><th>Topics →</th><th>← Topics</th></tr></thead><tbody>
${rows}
</tbody></table>
<p class="muted">GitHub API: ${report.cost.points} GraphQL points in ${report.cost.requests} queries (estimated ${report.cost.estimatedPoints})${report.shards.count > 1 ? `; merged from ${report.shards.count} shards${report.shards.missing.length ? `, missing ${esc(report.shards.missing.join(', '))}` : ''}` : ''}.</p>
${warnings}
</body></html>
`;
}
