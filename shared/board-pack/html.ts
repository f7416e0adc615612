/**
 * The board pack: the quarterly report as one printable page, the sections in
 * the order a board expects them (DOMAIN.md), status in words and colour,
 * charts as inline SVG. No external fonts, styles or scripts.
 */
import { formatPounds } from '../domain/money.ts';
import { councilName } from '../domain/agreement.ts';
import type { Agency } from '../schemas/agency.ts';
import type { QuarterlyReport, ReportSections } from '../schemas/report.ts';
import { councilChart, interAgencyChart, placementsChart, trendChart } from './charts.ts';
import { escapeHtml as e } from './escape.ts';

const STYLE = `
  body { font-family: Georgia, 'Times New Roman', serif; color: #1b1b1b; margin: 2rem auto; max-width: 60rem; line-height: 1.4; }
  h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { font-size: 1.2rem; border-bottom: 2px solid #1f4e79; padding-bottom: 0.2rem; margin-top: 2rem; }
  table { border-collapse: collapse; width: 100%; font-size: 0.9rem; } th, td { border: 1px solid #999; padding: 0.3rem 0.4rem; text-align: left; vertical-align: top; }
  th { background: #e8edf3; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
  .status { font-weight: bold; padding: 0.1rem 0.4rem; border-radius: 3px; }
  .status-green { background: #d6efd8; color: #1e5e25; } .status-amber { background: #fbe5c0; color: #7a4a00; } .status-red { background: #f6cfcb; color: #8a1c12; } .status-no-target { background: #eceff3; color: #4a4a4a; font-weight: normal; }
  .meta { color: #555; font-size: 0.9rem; } .trends { display: flex; flex-wrap: wrap; gap: 0.5rem; }
  figure { margin: 1rem 0; } figcaption { font-size: 0.85rem; color: #555; }
  @page { size: A4; margin: 15mm; }
  td.code { font-size: 0.8rem; overflow-wrap: anywhere; max-width: 7rem; }
  /* A long table runs on over pages with its header repeated; a row, a chart or a short table is never cut in two. */
  @media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } thead { display: table-header-group; } tr, figure, svg { break-inside: avoid; } a { color: inherit; text-decoration: none; } }
`;

/**
 * `councils`: a council's extract (its rows beside the agency's), or what a
 * lead member may see of the full report; absent, every council's rows.
 */
export function boardPackHtml(report: QuarterlyReport, agency: Agency, options: { councils?: readonly string[]; title?: string } = {}): string {
  if (!report.sections) throw new Error('The report has not been compiled yet');
  const s = sectionsFor(report.sections, options.councils);
  const status = (value: string) => `<span class="status status-${e(value)}">${e(value)}</span>`;
  const money = (p: number) => e(formatPounds(p));

  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(agency.name)}: ${e(options.title ?? 'performance report')} ${e(report.quarter)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1>${e(agency.name)}: ${e(options.title ?? 'quarterly performance report')}, ${e(report.quarter)}</h1>
  <p class="meta">Version ${report.version}, status <strong>${e(report.status)}</strong>. Figures as at ${e(report.asAt)}. Prepared via the Strategic Commissioning Board for the Lead Members' RAA Board.${report.contentHash ? ` Archived content hash (SHA-256): <code>${e(report.contentHash)}</code>.` : ''}</p>
  ${report.decisions.length ? `<p class="meta">SCB decisions: ${report.decisions.map((d) => `${e(d.seat)} ${e(d.decision)}${d.comment ? ` (“${e(d.comment)}”)` : ''}`).join('; ')}.</p>` : ''}
  ${report.managementBoard?.decisions.length ? `<p class="meta">RAA Management Board: ${report.managementBoard.decisions.map((d) => `${e(d.officer)}${d.council ? ` (${e(councilName(agency, d.council))})` : ''} ${d.decision === 'note' ? 'noted it' : 'sent it back'}${d.comment ? ` (“${e(d.comment)}”)` : ''}`).join('; ')}.</p>` : ''}
</header>

<section id="summary">
  <h2>1. Summary of the period's performance and the actions taken</h2>
  ${s.summary.split(/\n{2,}/).map((p) => `<p>${e(p)}</p>`).join('\n  ')}
</section>

<section id="indicators">
  <h2>2. Performance indicators</h2>
  <table>
    <thead><tr><th>Code</th><th>Indicator</th><th>For</th><th>Actual</th><th>Target</th><th>Status</th><th>Direction of travel</th><th>Comparators</th><th>Commentary on variance</th></tr></thead>
    <tbody>
${s.indicators
  .map(
    (i) => `      <tr data-indicator="${e(i.code)}" data-council="${e(i.council ?? 'agency')}"><td class="code">${e(i.code)}</td><td>${e(i.name)}${i.national ? ' <small>(national)</small>' : ''}<br><small>${e(i.frequency ?? '')}${i.sourceReference ? `; target: ${e(i.sourceReference)}` : i.targetSource === 'none-agreed' ? '; no target agreed' : ''}</small></td><td>${i.council ? e(councilName(agency, i.council)) : 'Agency'}${i.derived ? ' <small>(sum of councils)</small>' : ''}</td><td class="num">${i.actual}${i.unit === 'percent' ? '%' : ''}</td><td class="num">${i.target === undefined ? 'none agreed' : `${i.higherIsBetter ? '≥' : '≤'} ${i.target}${i.unit === 'percent' ? '%' : ''}`}</td><td>${status(i.status)}</td><td>${e(i.direction)} against last quarter${i.previous !== undefined ? ` (${i.previous})` : ''}; ${e(i.directionAgainstAverage ?? 'new')} against the last three${i.averageOfLastThree !== undefined ? ` (${i.averageOfLastThree})` : ''}</td><td>${comparatorText(i.comparators)}</td><td>${e(i.commentary ?? '')}</td></tr>`,
  )
  .join('\n')}
    </tbody>
  </table>
  <figure id="indicator-trends">
    <div class="trends">
${s.indicators.filter((i) => i.council === undefined).map((i) => `      ${trendChart(i.code, i.name, s.trends[i.code] ?? [], i.target)}`).join('\n')}
    </div>
    <figcaption>Each indicator over the quarters of the year so far; the dashed line is the target.</figcaption>
  </figure>
  ${councilTable(s.indicators, agency)}
  ${councilCharts(s.indicators, agency)}
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

<section id="audits">
  <h2>7. Case audits</h2>
  ${s.audits ? `<table><tbody><tr><th>Audits completed</th><td class="num">${s.audits.completed}</td></tr><tr><th>Rated requires-improvement or better</th><td class="num">${s.audits.requiresImprovementOrBetterPercent}%</td></tr><tr><th>Target</th><td class="num">${s.audits.targetPercent !== undefined ? `${s.audits.targetPercent}%` : 'none agreed'}</td></tr></tbody></table>${s.audits.note ? `<p>${e(s.audits.note)}</p>` : ''}` : '<p>No case audits reported for the period.</p>'}
</section>

<section id="feedback">
  <h2>8. Feedback from service users</h2>
  ${s.feedback ? `<table><thead><tr><th>From</th><th>Surveys sent</th><th>Responses</th></tr></thead><tbody>${s.feedback.surveys.map((f) => `<tr><td>${e(f.from)}</td><td class="num">${f.sent}</td><td class="num">${f.responses}</td></tr>`).join('')}</tbody></table>${s.feedback.themes.length ? `<p>Themes:</p><ul>${s.feedback.themes.map((t) => `<li>${e(t)}</li>`).join('')}</ul>` : ''}` : '<p>No feedback reported for the period.</p>'}
</section>

<section id="inspections">
  <h2>9. Inspection outcomes</h2>
  ${(s.inspections ?? []).length === 0 ? '<p>No inspection reported for the period.</p>' : `<table><thead><tr><th>Inspected</th><th>By</th><th>Outcome</th><th>Date</th><th>Note</th></tr></thead><tbody>${(s.inspections ?? []).map((i) => `<tr data-council="${e(i.council ?? 'agency')}"><td>${i.council ? e(councilName(agency, i.council)) : `${e(agency.name)} (the agency)`}</td><td>${e(i.inspectorate)}</td><td>${e(i.outcome)}</td><td>${e(i.date)}</td><td>${e(i.note ?? '')}</td></tr>`).join('')}</tbody></table>`}
</section>
</body>
</html>
`;
}

/** Only the given councils' rows beside the agency's. */
function sectionsFor(sections: ReportSections, councils: readonly string[] | undefined): ReportSections {
  if (!councils) return sections;
  const mine = (council: string | undefined) => council === undefined || councils.includes(council);
  return {
    ...sections,
    indicators: sections.indicators.filter((i) => mine(i.council)),
    placements: sections.placements.filter((p) => councils.includes(p.council)),
    ...(sections.inspections ? { inspections: sections.inspections.filter((i) => mine(i.council)) } : {}),
  };
}

function comparatorText(c: ReportSections['indicators'][number]['comparators']): string {
  if (!c) return '';
  const parts = [c.statisticalNeighbours !== undefined ? `SN ${c.statisticalNeighbours}` : '', c.england !== undefined ? `England ${c.england}` : '', c.region !== undefined ? `region ${c.region}` : ''].filter(Boolean);
  return e(parts.join(', '));
}

/** The council × indicator table: each per-council indicator a row, the agency and each council a column. */
function councilTable(indicators: ReportSections['indicators'], agency: Agency): string {
  const councils = [...new Set(indicators.flatMap((i) => (i.council ? [i.council] : [])))];
  if (councils.length === 0) return '';
  const codes = [...new Set(indicators.filter((i) => i.council).map((i) => i.code))];
  const cell = (code: string, council: string | undefined) => {
    const f = indicators.find((i) => i.code === code && i.council === council);
    return f ? `<td class="num" data-council="${e(council ?? 'agency')}"><span class="status status-${e(f.status)}">${f.actual}</span></td>` : '<td class="num">–</td>';
  };
  return `<h3>By council</h3>
  <table id="council-table">
    <thead><tr><th>Indicator</th><th>Target</th><th>Agency</th>${councils.map((c) => `<th>${e(councilName(agency, c))}</th>`).join('')}</tr></thead>
    <tbody>${codes
      .map((code) => {
        const any = indicators.find((i) => i.code === code)!;
        return `<tr data-indicator="${e(code)}"><th>${e(code)}</th><td class="num">${any.target ?? 'none agreed'}</td>${cell(code, undefined)}${councils.map((c) => cell(code, c)).join('')}</tr>`;
      })
      .join('')}</tbody>
  </table>`;
}

function councilCharts(indicators: ReportSections['indicators'], agency: Agency): string {
  const codes = [...new Set(indicators.filter((i) => i.council).map((i) => i.code))];
  if (codes.length === 0) return '';
  return `<figure id="council-charts"><div class="trends">${codes
    .map((code) => {
      const rows = indicators.filter((i) => i.code === code);
      const first = rows[0]!;
      return councilChart(code, first.name, rows.map((r) => ({ label: r.council ? councilName(agency, r.council) : 'Agency', council: r.council ?? 'agency', actual: r.actual, status: r.status })), first.target, first.comparators);
    })
    .join('')}</div><figcaption>Each council's figure and the agency's against the target (dashed red) and, where known, England (dotted) and the region and statistical neighbours.</figcaption></figure>`;
}

const PLAN_KEY: Record<string, string> = { 'complete-and-signed-off': 'Complete and signed off', complete: 'Complete and signed off', 'in-progress': 'In progress', 'on-track': 'In progress', 'at-risk': 'In progress (at risk)', delayed: 'Delayed', 'off-track': 'Delayed', 'not-started': 'Not started' };

/** Plans as the Improvement Plan shows them: grouped by phase, each status in the plan's own key. */
function planTable(title: string, plans: readonly { title: string; status: string; phase?: string | undefined; owner?: string | undefined; note?: string | undefined }[]): string {
  if (plans.length === 0) return `<h3>${e(title)}</h3><p>None.</p>`;
  const phases = [...new Set(plans.map((p) => p.phase ?? ''))];
  return `<h3>${e(title)}</h3><table><thead><tr><th>Plan</th><th>Status</th><th>Owner</th><th>Note</th></tr></thead><tbody>${phases
    .map(
      (phase) =>
        (phase ? `<tr class="phase"><th colspan="4">${e(phase)}</th></tr>` : '') +
        plans
          .filter((p) => (p.phase ?? '') === phase)
          .map((p) => `<tr><td>${e(p.title)}</td><td class="plan-${e(p.status)}">${e(PLAN_KEY[p.status] ?? p.status)}</td><td>${e(p.owner ?? '')}</td><td>${e(p.note ?? '')}</td></tr>`)
          .join(''),
    )
    .join('')}</tbody></table><p class="meta">Key: Complete and signed off / In progress / Delayed / Not started.</p>`;
}
