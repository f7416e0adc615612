/**
 * The board pack: the quarterly report as one printable page, the sections in
 * the order a board expects them (DOMAIN.md), status in words and colour,
 * charts as inline SVG. No external fonts, styles or scripts.
 */
import { formatPounds } from '../domain/money.ts';
import { councilName } from '../domain/agreement.ts';
import type { Agency } from '../schemas/agency.ts';
import type { QuarterlyReport } from '../schemas/report.ts';
import { interAgencyChart, placementsChart, trendChart } from './charts.ts';
import { escapeHtml as e } from './escape.ts';

const STYLE = `
  body { font-family: Georgia, 'Times New Roman', serif; color: #1b1b1b; margin: 2rem auto; max-width: 60rem; line-height: 1.4; }
  h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { font-size: 1.2rem; border-bottom: 2px solid #1f4e79; padding-bottom: 0.2rem; margin-top: 2rem; }
  table { border-collapse: collapse; width: 100%; font-size: 0.9rem; } th, td { border: 1px solid #999; padding: 0.3rem 0.4rem; text-align: left; vertical-align: top; }
  th { background: #e8edf3; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
  .status { font-weight: bold; padding: 0.1rem 0.4rem; border-radius: 3px; }
  .status-green { background: #d6efd8; color: #1e5e25; } .status-amber { background: #fbe5c0; color: #7a4a00; } .status-red { background: #f6cfcb; color: #8a1c12; }
  .meta { color: #555; font-size: 0.9rem; } .trends { display: flex; flex-wrap: wrap; gap: 0.5rem; }
  figure { margin: 1rem 0; } figcaption { font-size: 0.85rem; color: #555; }
  @page { size: A4; margin: 15mm; }
  @media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } table, figure, svg { break-inside: avoid; } a { color: inherit; text-decoration: none; } }
`;

export function boardPackHtml(report: QuarterlyReport, agency: Agency): string {
  const s = report.sections;
  if (!s) throw new Error('The report has not been compiled yet');
  const status = (value: string) => `<span class="status status-${e(value)}">${e(value)}</span>`;
  const money = (p: number) => e(formatPounds(p));

  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(agency.name)}: performance report ${e(report.quarter)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1>${e(agency.name)}: quarterly performance report, ${e(report.quarter)}</h1>
  <p class="meta">Version ${report.version}, status <strong>${e(report.status)}</strong>. Figures as at ${e(report.asAt)}. Prepared via the Strategic Commissioning Board for the Lead Members' RAA Board.${report.contentHash ? ` Archived content hash (SHA-256): <code>${e(report.contentHash)}</code>.` : ''}</p>
  ${report.decisions.length ? `<p class="meta">SCB decisions: ${report.decisions.map((d) => `${e(d.seat)} ${e(d.decision)}${d.comment ? ` (“${e(d.comment)}”)` : ''}`).join('; ')}.</p>` : ''}
</header>

<section id="summary">
  <h2>1. Summary of the period's performance and the actions taken</h2>
  ${s.summary.split(/\n{2,}/).map((p) => `<p>${e(p)}</p>`).join('\n  ')}
</section>

<section id="indicators">
  <h2>2. Performance indicators</h2>
  <table>
    <thead><tr><th>Code</th><th>Indicator</th><th>Actual</th><th>Target</th><th>Status</th><th>Direction of travel</th><th>Commentary on variance</th></tr></thead>
    <tbody>
${s.indicators
  .map(
    (i) => `      <tr data-indicator="${e(i.code)}"><td>${e(i.code)}</td><td>${e(i.name)}${i.national ? ' <small>(national)</small>' : ''}</td><td class="num">${i.actual}${i.unit === 'percent' ? '%' : ''}</td><td class="num">${i.target === undefined ? 'none agreed' : `${i.higherIsBetter ? '≥' : '≤'} ${i.target}${i.unit === 'percent' ? '%' : ''}`}</td><td>${status(i.status)}</td><td>${e(i.direction)}${i.previous !== undefined ? ` (was ${i.previous})` : ''}</td><td>${e(i.commentary ?? '')}</td></tr>`,
  )
  .join('\n')}
    </tbody>
  </table>
  <figure id="indicator-trends">
    <div class="trends">
${s.indicators.map((i) => `      ${trendChart(i.code, i.name, s.trends[i.code] ?? [], i.target)}`).join('\n')}
    </div>
    <figcaption>Each indicator over the quarters of the year so far; the dashed line is the target.</figcaption>
  </figure>
  <p class="meta">The indicator table is also available as CSV: <a href="report.csv?version=${report.version}">report.csv</a>.</p>
</section>

<section id="performance-failures">
  <h2>3. Performance failures in the period</h2>
  ${s.performanceFailures.length === 0 ? '<p>None reported.</p>' : `<ul>${s.performanceFailures.map((f) => `<li>${e(f.description)}${f.indicator ? ` (${e(f.indicator)})` : ''}${f.action ? `. Action: ${e(f.action)}` : ''}</li>`).join('')}</ul>`}
</section>

<section id="plans">
  <h2>4. Action plans and rectification plans</h2>
  ${planTable('Action plans', s.plans.actionPlans)}
  ${planTable('Rectification plans', s.plans.rectificationPlans)}
</section>

<section id="finance">
  <h2>5. Finance</h2>
  <table>
    <tbody>
      <tr><th>Budget for the year</th><td class="num">${money(s.finance.budgetPence)}</td></tr>
      <tr><th>Contributions for the year (approved apportionment)</th><td class="num">${money(s.finance.contributionsPence)}</td></tr>
      <tr><th>Contributions due to date</th><td class="num">${money(s.finance.contributionsToDatePence)}</td></tr>
      <tr><th>Operating spend to date</th><td class="num">${money(s.finance.operatingSpendToDatePence)}</td></tr>
      <tr><th>Inter-agency spend to date</th><td class="num">${money(s.finance.interAgencySpendPence)}</td></tr>
      <tr><th>Inter-agency income to date</th><td class="num">${money(s.finance.interAgencyIncomePence)}</td></tr>
      <tr><th>Spot-purchase charges to councils</th><td class="num">${money(s.finance.spotPurchaseChargesPence)}</td></tr>
      <tr><th>Spend to date (net)</th><td class="num">${money(s.finance.spendToDatePence)}</td></tr>
      <tr><th>Forecast outturn</th><td class="num">${money(s.finance.forecastOutturnPence)}</td></tr>
      <tr><th>Forecast variance to budget (+ over, − under)</th><td class="num">${money(s.finance.varianceToBudgetPence)}</td></tr>
    </tbody>
  </table>
  <figure>
    ${interAgencyChart(s.finance.interAgencySpendPence, s.finance.interAgencyIncomePence, s.finance.interAgencyBudgetPence)}
    <figcaption>Inter-agency spend against its budget of ${money(s.finance.interAgencyBudgetPence)} (amber from 90%).</figcaption>
  </figure>
</section>

<section id="placements">
  <h2>6. Placements per council against profile</h2>
  <table>
    <thead><tr><th>Council</th><th>Agreed for the year</th><th>Profile to date</th><th>Actual to date</th><th>Variance to profile</th><th>Tolerance band</th><th>Tolerance status</th></tr></thead>
    <tbody>
${s.placements
  .map(
    (p) => `      <tr data-council="${e(p.council)}"><td>${e(councilName(agency, p.council))}</td><td class="num">${p.agreed}</td><td class="num">${p.profileToDate}</td><td class="num">${p.actualToDate}</td><td class="num">${p.varianceToProfile > 0 ? '+' : ''}${p.varianceToProfile}</td><td class="num">${p.toleranceBand}</td><td>${status(p.status)}</td></tr>`,
  )
  .join('\n')}
    </tbody>
  </table>
  <figure>
    ${placementsChart(s.placements)}
    <figcaption>Placements per council: agreed for the year, straight-line profile to date, and actual to date.</figcaption>
  </figure>
</section>
</body>
</html>
`;
}

function planTable(title: string, plans: readonly { title: string; status: string; owner?: string | undefined; note?: string | undefined }[]): string {
  if (plans.length === 0) return `<h3>${e(title)}</h3><p>None.</p>`;
  return `<h3>${e(title)}</h3><table><thead><tr><th>Plan</th><th>Status</th><th>Owner</th><th>Note</th></tr></thead><tbody>${plans
    .map((p) => `<tr><td>${e(p.title)}</td><td>${e(p.status)}</td><td>${e(p.owner ?? '')}</td><td>${e(p.note ?? '')}</td></tr>`)
    .join('')}</tbody></table>`;
}
