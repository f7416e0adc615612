/** Charts for the board pack, drawn as inline SVG so the page needs nothing from outside. */
import { escapeHtml } from './escape.ts';

const COLOURS = { agreed: '#c9d3e0', profile: '#7a8ca5', actual: '#1f4e79', budget: '#b03a2e', amber: '#c27c0e', spend: '#1f4e79', target: '#b03a2e' };

export function placementsChart(rows: readonly { council: string; agreed: number; profileToDate: number; actualToDate: number }[]): string {
  const width = 720;
  const rowHeight = 54;
  const left = 120;
  const max = Math.max(1, ...rows.flatMap((r) => [r.agreed, r.profileToDate, r.actualToDate]));
  const scale = (v: number) => Math.round(((width - left - 110) * v) / max);
  const bars = rows
    .map((r, i) => {
      const y = 30 + i * rowHeight;
      return `<g class="council" data-council="${escapeHtml(r.council)}">
  <text x="${left - 8}" y="${y + 22}" text-anchor="end">${escapeHtml(r.council)}</text>
  <rect x="${left}" y="${y}" width="${scale(r.agreed)}" height="14" fill="${COLOURS.agreed}"><title>${escapeHtml(r.council)} agreed ${r.agreed}</title></rect>
  <rect x="${left}" y="${y + 16}" width="${scale(r.profileToDate)}" height="14" fill="${COLOURS.profile}"><title>${escapeHtml(r.council)} profile to date ${r.profileToDate}</title></rect>
  <rect x="${left}" y="${y + 32}" width="${scale(r.actualToDate)}" height="14" fill="${COLOURS.actual}"><title>${escapeHtml(r.council)} actual to date ${r.actualToDate}</title></rect>
  <text x="${left + scale(Math.max(r.agreed, r.actualToDate)) + 6}" y="${y + 42}">${r.actualToDate} / ${r.profileToDate} / ${r.agreed}</text>
</g>`;
    })
    .join('\n');
  const height = 40 + rows.length * rowHeight;
  return `<svg xmlns="http://www.w3.org/2000/svg" id="chart-placements" role="img" aria-label="Placements against profile per council" viewBox="0 0 ${width} ${height}" width="100%" font-family="sans-serif" font-size="12" style="max-width: 46rem">
${legend([['agreed', COLOURS.agreed], ['profile to date', COLOURS.profile], ['actual to date', COLOURS.actual]], left)}
${bars}
</svg>`;
}

export function interAgencyChart(spendPence: number, incomePence: number, budgetPence: number): string {
  const width = 720;
  const left = 120;
  const max = Math.max(1, spendPence, budgetPence, incomePence) * 1.1;
  const scale = (v: number) => Math.round(((width - left - 40) * v) / max);
  const pounds = (p: number) => `£${Math.round(p / 100).toLocaleString('en-GB')}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" id="chart-inter-agency" role="img" aria-label="Inter-agency spend against budget" viewBox="0 0 ${width} 130" width="100%" font-family="sans-serif" font-size="12" style="max-width: 46rem">
${legend([['spend', COLOURS.spend], ['income', COLOURS.profile], ['budget', COLOURS.budget], ['90% of budget', COLOURS.amber]], left)}
  <text x="${left - 8}" y="52" text-anchor="end">spend</text>
  <rect x="${left}" y="40" width="${scale(spendPence)}" height="18" fill="${COLOURS.spend}"><title>spend ${pounds(spendPence)}</title></rect>
  <text x="${left - 8}" y="86" text-anchor="end">income</text>
  <rect x="${left}" y="74" width="${scale(incomePence)}" height="18" fill="${COLOURS.profile}"><title>income ${pounds(incomePence)}</title></rect>
  <line x1="${left + scale(budgetPence)}" x2="${left + scale(budgetPence)}" y1="32" y2="100" stroke="${COLOURS.budget}" stroke-width="2"><title>budget ${pounds(budgetPence)}</title></line>
  <line x1="${left + scale(budgetPence * 0.9)}" x2="${left + scale(budgetPence * 0.9)}" y1="32" y2="100" stroke="${COLOURS.amber}" stroke-dasharray="4 3"/>
  <text x="${left}" y="122">spend ${pounds(spendPence)}, income ${pounds(incomePence)}, budget ${pounds(budgetPence)}</text>
</svg>`;
}

export function trendChart(code: string, name: string, points: readonly { quarter: string; actual: number }[], target: number | undefined): string {
  const width = 300;
  const height = 140;
  const pad = { left: 40, right: 12, top: 24, bottom: 28 };
  const values = [...points.map((p) => p.actual), ...(target !== undefined ? [target] : [])];
  const max = Math.max(1, ...values) * 1.1;
  const x = (i: number) => pad.left + (points.length <= 1 ? (width - pad.left - pad.right) / 2 : (i * (width - pad.left - pad.right)) / (points.length - 1));
  const y = (v: number) => Math.round(height - pad.bottom - ((height - pad.top - pad.bottom) * v) / max);
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${Math.round(x(i))},${y(p.actual)}`).join(' ');
  const dots = points
    .map((p, i) => `<circle cx="${Math.round(x(i))}" cy="${y(p.actual)}" r="3.5" fill="${COLOURS.actual}"><title>${escapeHtml(p.quarter)}: ${p.actual}</title></circle><text x="${Math.round(x(i))}" y="${height - 10}" text-anchor="middle" font-size="10">${escapeHtml(p.quarter.slice(-2))}</text>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart-trend" data-indicator="${escapeHtml(code)}" role="img" aria-label="${escapeHtml(`${code} ${name}: trend over the quarters so far`)}" viewBox="0 0 ${width} ${height}" width="${width}" font-family="sans-serif" font-size="11">
  <text x="${pad.left}" y="14" font-size="11" font-weight="bold">${escapeHtml(code)}</text>
  ${target !== undefined ? `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(target)}" y2="${y(target)}" stroke="${COLOURS.target}" stroke-dasharray="4 3"><title>target ${target}</title></line>` : ''}
  <path d="${path}" fill="none" stroke="${COLOURS.actual}" stroke-width="2"/>
  ${dots}
</svg>`;
}

function legend(items: [string, string][], left: number): string {
  return `<g class="legend" font-size="11">${items.map(([label, colour], i) => `<rect x="${left + i * 130}" y="6" width="12" height="12" fill="${colour}"/><text x="${left + i * 130 + 16}" y="16">${escapeHtml(label)}</text>`).join('')}</g>`;
}

const RAG_FILL: Record<string, string> = { green: '#2e7d32', amber: '#c27c0e', red: '#b03a2e', 'no-target': '#7a8ca5' };

/** One indicator: the agency's and each council's figure as bars, against the target and the comparators where known. */
export function councilChart(code: string, name: string, bars: readonly { label: string; council: string; actual: number; status: string }[], target: number | undefined, comparators?: { statisticalNeighbours?: number | undefined; england?: number | undefined; region?: number | undefined }): string {
  const width = 460;
  const left = 200;
  const rowHeight = 22;
  const height = 34 + bars.length * rowHeight + 20;
  const lines: [string, number | undefined, string, string][] = [
    ['target', target, COLOURS.target, '4 3'],
    ['England', comparators?.england, '#333', '1 3'],
    ['region', comparators?.region, '#6a3d9a', '6 2'],
    ['stat. neighbours', comparators?.statisticalNeighbours, '#00796b', '2 2'],
  ];
  const max = Math.max(1, ...bars.map((b) => b.actual), ...lines.map(([, v]) => v ?? 0)) * 1.1;
  const scale = (v: number) => Math.round(((width - left - 30) * v) / max);
  const rows = bars
    .map((b, i) => {
      const y = 24 + i * rowHeight;
      return `<g data-council="${escapeHtml(b.council)}"><text x="${left - 6}" y="${y + 12}" text-anchor="end">${escapeHtml(b.label)}</text><rect x="${left}" y="${y}" width="${scale(b.actual)}" height="15" fill="${RAG_FILL[b.status] ?? COLOURS.actual}"><title>${escapeHtml(b.label)}: ${b.actual} (${escapeHtml(b.status)})</title></rect><text x="${left + scale(b.actual) + 4}" y="${y + 12}">${b.actual}</text></g>`;
    })
    .join('');
  const marks = lines
    .filter(([, v]) => v !== undefined)
    .map(([label, v, colour, dash]) => `<line class="mark-${escapeHtml(label.replace(/[^a-z]/gi, '-').toLowerCase())}" x1="${left + scale(v!)}" x2="${left + scale(v!)}" y1="20" y2="${height - 18}" stroke="${colour}" stroke-width="1.5" stroke-dasharray="${dash}"><title>${escapeHtml(label)} ${v}</title></line>`)
    .join('');
  const legendText = lines.filter(([, v]) => v !== undefined).map(([label, v]) => `${label} ${v}`).join(' · ');
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart-council" data-indicator="${escapeHtml(code)}" role="img" aria-label="${escapeHtml(`${code} ${name}: each council against the target`)}" viewBox="0 0 ${width} ${height}" width="${width}" font-family="sans-serif" font-size="11">
  <text x="4" y="14" font-weight="bold">${escapeHtml(code)}</text>
  ${rows}${marks}
  <text x="4" y="${height - 4}" font-size="10">${escapeHtml(legendText || 'no target agreed')}</text>
</svg>`;
}
