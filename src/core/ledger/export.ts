// The history and the ledger as files a person takes elsewhere: Markdown for a retro or a review,
// CSV for a spreadsheet, JSON for tools. Text from GitHub is escaped for each format (a CSV cell
// cannot start a formula; Markdown table cells cannot break the table).
import { balanceOf, buildLedger, NO_TOPIC, type LedgerEvent } from './ledger';

const byTime = (a: LedgerEvent, b: LedgerEvent) => a.at.localeCompare(b.at);

function describe(e: LedgerEvent): string {
  if (e.kind === 'lesson') return `@${e.to} learned from @${e.from}: ${e.text}`;
  const what = e.type === 'mergedPullRequest' ? 'pull request merged' : e.type === 'review' ? 'review' : 'answered ask';
  return `@${e.from} helped @${e.to} (${what}): ${e.title}`;
}

/** A cell that Excel/Sheets will not run as a formula, quoted when needed. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(events: readonly LedgerEvent[]): string {
  const rows = [['date', 'kind', 'type', 'from', 'to', 'topic', 'what', 'url']];
  for (const e of [...events].sort(byTime)) {
    rows.push([e.at, e.kind, e.kind === 'help' ? e.type : 'lesson', e.from, e.to, e.topic ?? '', e.kind === 'lesson' ? e.text : e.title, e.url]);
  }
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export function toJson(events: readonly LedgerEvent[], me: string): string {
  const ledger = [...buildLedger(events, me).values()].map((l) => ({
    partner: l.partner,
    taught: l.taught,
    learned: l.learned,
    helpGiven: l.helpGiven,
    helpReceived: l.helpReceived,
    byTopic: Object.fromEntries(l.byTopic),
    byMonth: Object.fromEntries([...l.byMonth].sort(([a], [b]) => a.localeCompare(b))),
  }));
  return JSON.stringify({ version: 1, me, ledger, events: [...events].sort(byTime) }, null, 2) + '\n';
}

// GitHub text as inert Markdown: no table break, no HTML, no link or image ([, ], ! escaped), one line.
const mdCell = (text: string) =>
  text
    .replace(/[\\|[\]!`*_]/g, (c) => `\\${c}`)
    .replace(/[\r\n]+/g, ' ')
    .replace(/</g, '&lt;');

export function toMarkdown(events: readonly LedgerEvent[], me: string, generatedAt: string): string {
  const ledgers = [...buildLedger(events, me).values()].sort((a, b) => b.last - a.last);
  const out = [`# Mentoring ledger of @${me}`, '', `Generated ${generatedAt.slice(0, 10)} by Mutual Mentor from GitHub.`, ''];
  if (ledgers.length === 0) out.push('No lessons or help recorded yet.', '');
  for (const l of ledgers) {
    const b = balanceOf(l);
    out.push(
      `## @${l.partner}`,
      '',
      `You taught ${l.taught}, learned ${l.learned}; help given ${l.helpGiven}, received ${l.helpReceived} (gave ${b.given}, received ${b.received}).`,
      '',
    );
    out.push('| Topic | Taught | Learned | Help given | Help received |', '|---|---:|---:|---:|---:|');
    for (const [topic, f] of [...l.byTopic].sort(([a], [b]) => (a === NO_TOPIC ? 1 : b === NO_TOPIC ? -1 : a.localeCompare(b)))) {
      out.push(`| ${mdCell(topic)} | ${f.taught} | ${f.learned} | ${f.helpGiven} | ${f.helpReceived} |`);
    }
    out.push('', '### History', '');
    const mine = events.filter((e) => e.from.toLowerCase() === l.partner || e.to.toLowerCase() === l.partner).sort(byTime);
    for (const e of mine)
      out.push(
        `- ${e.at.slice(0, 10)} — ${mdCell(describe(e))}${e.topic ? ` _(${mdCell(e.topic)})_` : ''} — <${e.url.replace(/[<>\s]/g, encodeURIComponent)}>`,
      );
    out.push('');
  }
  return out.join('\n');
}
