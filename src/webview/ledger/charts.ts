// The Ledger page's two small charts, drawn as inline SVG with DOM calls: the balance meter and the
// month-by-month timeline. Colours come from the stylesheet (--vscode-* variables); each chart has
// an accessible name with its numbers, and the timeline a visually hidden table with the same data.
import type { MonthPoint, PartnerView } from '../../shared/ledgerProtocol';
import { el, svg } from '../dom';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Mar 2026" for '2026-03'. */
export function monthLabel(month: string): string {
  return `${MONTHS[Number(month.slice(5, 7)) - 1] ?? month} ${month.slice(0, 4)}`;
}

/** Which way the balance leans, in words. */
function leaning(balance: number, total: number): string {
  if (total === 0) return 'nothing recorded yet';
  if (Math.abs(balance) < 0.05) return 'even';
  return balance > 0 ? 'leaning towards giving' : 'leaning towards receiving';
}

/** A horizontal bar centred at 0: left to -1 (all received), right to +1 (all given). */
export function balanceMeter(p: PartnerView): HTMLElement {
  const given = p.taught + p.helpGiven;
  const received = p.learned + p.helpReceived;
  const W = 240;
  const H = 12;
  const mid = W / 2;
  const reach = Math.abs(p.balance) * mid;
  const meter = svg(
    'svg',
    { class: 'meter', viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', role: 'img', focusable: 'false' },
    svg('rect', { class: 'track', x: 0, y: 0, width: W, height: H, rx: 2 }),
    svg('rect', { class: `bar ${p.balance >= 0 ? 'given' : 'received'}`, x: p.balance >= 0 ? mid : mid - reach, y: 1, width: reach, height: H - 2 }),
    svg('line', { class: 'zero', x1: mid, x2: mid, y1: 0, y2: H }),
  );
  meter.setAttribute('aria-label', `Balance with @${p.login}: you gave ${given} and received ${received}, ${leaning(p.balance, given + received)}`);
  const side = (text: string, cls: string) => el('span', { className: `side ${cls}`, textContent: text });
  return el(
    'div',
    { className: 'balance' },
    el('div', { className: 'meter-row' }, side('Received', 'received'), meter, side('Gave', 'given')),
    el('p', { className: 'balance-text', textContent: balanceWords(p) }),
  );
}

/**
 * The partner's one summary, from the same figures as the meter: what you gave (taught + help given)
 * and received (learned + help received), each with its parts, so no second line can seem to disagree.
 */
export function balanceWords(p: Pick<PartnerView, 'taught' | 'learned' | 'helpGiven' | 'helpReceived'>): string {
  return `You gave ${p.taught + p.helpGiven} (taught ${p.taught}, help ${p.helpGiven}) · received ${p.learned + p.helpReceived} (learned ${p.learned}, help ${p.helpReceived})`;
}

/** A round top for the y axis: 1, 2 or 5 times a power of ten per step, at most 4 steps. */
export function axisTicks(max: number): number[] {
  if (max <= 4) return Array.from({ length: Math.max(max, 1) + 1 }, (_, i) => i);
  const raw = max / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = 0; t < max + step; t += step) ticks.push(t);
  return ticks;
}

/** The chart's accessible name: the span, the totals and the busiest month. */
export function timelineSummary(login: string, months: readonly MonthPoint[]): string {
  const first = months[0];
  const last = months[months.length - 1];
  if (!first || !last) return `No exchanges with @${login} yet`;
  const given = months.reduce((n, m) => n + m.given, 0);
  const received = months.reduce((n, m) => n + m.received, 0);
  const busiest = months.reduce((a, b) => (b.given + b.received > a.given + a.received ? b : a));
  const span = first === last ? monthLabel(first.month) : `${monthLabel(first.month)} to ${monthLabel(last.month)}`;
  return (
    `Given and received per month with @${login}, ${span}: you gave ${given} and received ${received} in total; ` +
    `busiest month ${monthLabel(busiest.month)} with ${busiest.given} given and ${busiest.received} received`
  );
}

/** Per month a pair of bars, given and received, with axis labels and a legend. */
export function timelineChart(p: PartnerView): HTMLElement {
  const figure = el('figure', { className: 'timeline' }, el('figcaption', { textContent: 'Month by month' }));
  if (p.months.length === 0) {
    figure.append(el('p', { className: 'quiet', textContent: 'Nothing recorded yet.' }));
    return figure;
  }
  // About the size it is drawn at in a two-column card, so its 11px labels stay near 11px.
  const W = 440;
  const H = 170;
  const left = 30;
  const right = 6;
  const top = 8;
  const bottom = 34;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const ticks = axisTicks(Math.max(...p.months.map((m) => Math.max(m.given, m.received))));
  const yMax = ticks[ticks.length - 1] ?? 1;
  const y = (v: number) => top + plotH - (v / yMax) * plotH;
  const group = plotW / p.months.length;
  const barW = Math.min(group * 0.34, 18);

  const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', focusable: 'false' });
  chart.setAttribute('aria-label', timelineSummary(p.login, p.months));
  const grid = svg('g', { class: 'grid', 'aria-hidden': 'true' });
  for (const t of ticks) {
    grid.append(
      svg('line', { class: t === 0 ? 'axis-line' : 'grid-line', x1: left, x2: W - right, y1: y(t), y2: y(t) }),
      svg('text', { class: 'axis-label', x: left - 6, y: y(t), 'text-anchor': 'end', 'dominant-baseline': 'middle' }, String(t)),
    );
  }
  const bars = svg('g', { class: 'bars' });
  const labels = svg('g', { class: 'months', 'aria-hidden': 'true' });
  p.months.forEach((m, i) => {
    const centre = left + group * i + group / 2;
    const label = monthLabel(m.month);
    for (const [kind, value, x] of [
      ['given', m.given, centre - barW - 1],
      ['received', m.received, centre + 1],
    ] as const) {
      bars.append(
        svg(
          'rect',
          { class: `bar ${kind}`, x, y: y(value), width: barW, height: y(0) - y(value), 'data-value': value },
          svg('title', {}, `${label}: you ${kind === 'given' ? 'gave' : 'received'} ${value}`),
        ),
      );
    }
    const [name, year] = label.split(' ');
    const text = svg('text', { class: 'axis-label', x: centre, y: H - bottom + 14, 'text-anchor': 'middle' }, name ?? '');
    // The year under the first month and under each January.
    if (i === 0 || m.month.endsWith('-01')) text.append(svg('tspan', { x: centre, dy: 12 }, year ?? ''));
    labels.append(text);
  });
  chart.append(grid, bars, labels);

  const swatch = (kind: string) => {
    const s = el('span', { className: `swatch ${kind}` });
    s.setAttribute('aria-hidden', 'true');
    return s;
  };
  const legend = el(
    'ul',
    { className: 'legend' },
    el('li', {}, swatch('given'), el('span', { textContent: `Given to @${p.login}` })),
    el('li', {}, swatch('received'), el('span', { textContent: `Received from @${p.login}` })),
  );
  legend.setAttribute('aria-hidden', 'true'); // the chart's name and the table say the same

  const table = el(
    'table',
    { className: 'visually-hidden' },
    el('caption', { textContent: `Given and received per month with @${p.login}` }),
    el('thead', {}, el('tr', {}, ...['Month', 'Given', 'Received'].map((h) => el('th', { scope: 'col', textContent: h })))),
    el(
      'tbody',
      {},
      ...p.months.map((m) =>
        el(
          'tr',
          {},
          el('th', { scope: 'row', textContent: monthLabel(m.month) }),
          el('td', { textContent: String(m.given) }),
          el('td', { textContent: String(m.received) }),
        ),
      ),
    ),
  );
  figure.append(chart, legend, table);
  return figure;
}
