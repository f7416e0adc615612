/**
 * Charts for the pages: inline SVG built with the escaping tag, coloured by
 * presentation attributes (the pages' CSP allows no inline style), each with
 * a text alternative and its figures in words beside it.
 */
import { formatPounds } from '../domain/money.ts';
import { html, type Html } from './html.ts';

const BLUE = '#1d70b8';
const BLACK = '#0b0c0c';
const ORANGE = '#f47738';
const GREEN = '#00703c';

/** The inter-agency line: spend and income as bars against the budget, with the 90% (amber) mark. */
export function interAgencyLineChart(spendPence: number, incomePence: number, budgetPence: number): Html {
  const width = 640;
  const left = 90;
  const max = Math.max(1, spendPence, incomePence, budgetPence) * 1.1;
  const x = (v: number) => Math.round(left + ((width - left - 20) * v) / max);
  const label = `Inter-agency spend ${formatPounds(spendPence)} and income ${formatPounds(incomePence)} against a budget of ${formatPounds(budgetPence)}`;
  return html`<svg class="app-chart" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${label}" viewBox="0 0 ${width} 120" width="${width}" height="120" font-family="sans-serif" font-size="14">
  <title>${label}</title>
  <text x="${left - 8}" y="34" text-anchor="end" fill="${BLACK}">Spend</text>
  <rect x="${left}" y="20" width="${x(spendPence) - left}" height="20" fill="${BLUE}"></rect>
  <text x="${left - 8}" y="74" text-anchor="end" fill="${BLACK}">Income</text>
  <rect x="${left}" y="60" width="${x(incomePence) - left}" height="20" fill="${GREEN}"></rect>
  <line x1="${x(budgetPence)}" x2="${x(budgetPence)}" y1="10" y2="92" stroke="${BLACK}" stroke-width="3"></line>
  <text x="${x(budgetPence)}" y="110" text-anchor="middle" fill="${BLACK}">Budget</text>
  <line x1="${x(budgetPence * 0.9)}" x2="${x(budgetPence * 0.9)}" y1="10" y2="92" stroke="${ORANGE}" stroke-width="2" stroke-dasharray="5 4"></line>
</svg>`;
}
