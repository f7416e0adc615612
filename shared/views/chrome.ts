/**
 * What frames every page for the person signed in: the agency's name, the
 * pages of their roles in the service navigation, and the page addresses
 * themselves (one place, so a link and its route cannot drift apart).
 */
import { councilActedFor } from '../domain/agreement.ts';
import { financialYearOf } from '../domain/financial-year.ts';
import { quarterContaining } from '../domain/quarter.ts';
import type { Agency } from '../schemas/agency.ts';
import type { Caller } from '../schemas/identity.ts';
import { heading } from './components.ts';
import { html, type Html, type Renderable } from './html.ts';
import { page, type Chrome, type NavItem } from './layout.ts';

const SERVICE = 'Regional Adoption Agency';

/** Page addresses. The API keeps `/agencies/...`; pages live beside it under the agency's identifier. */
export const to = {
  home: () => '/',
  signIn: () => '/sign-in',
  notices: () => '/notices',
  council: (agency: string, year: string, council: string) => `/${agency}/years/${year}/councils/${council}`,
  statements: (agency: string, year: string, council: string) => `/${agency}/years/${year}/councils/${council}/statements`,
  receipts: (agency: string, year: string) => `/${agency}/years/${year}/receipts`,
  spend: (agency: string, quarter: string) => `/${agency}/quarters/${quarter}/spend`,
  grant: (agency: string) => `/${agency}/grant`,
  decisions: (agency: string) => `/${agency}/decisions`,
  decided: (agency: string) => `/${agency}/decisions/decided`,
  decision: (agency: string, approvalId: string) => `/${agency}/decisions/${approvalId}`,
  dashboard: (agency: string, year: string) => `/${agency}/years/${year}/dashboard`,
  placements: (agency: string, year: string) => `/${agency}/years/${year}/placements`,
  reversal: (agency: string, placementId: string) => `/${agency}/placements/${placementId}/reversal`,
  importPlacements: (agency: string, year: string) => `/${agency}/years/${year}/placements/import`,
  indicators: (agency: string, quarter: string) => `/${agency}/quarters/${quarter}/indicators`,
  report: (agency: string, quarter: string) => `/${agency}/quarters/${quarter}/report`,
  protocol: (agency: string, year: string) => `/${agency}/years/${year}/protocol`,
  catalogue: (agency: string, year: string) => `/${agency}/years/${year}/indicator-catalogue`,
  reserve: (agency: string) => `/${agency}/reserve`,
  reports: (agency: string) => `/${agency}/reports`,
  boardPack: (agency: string, quarter: string) => `/${agency}/reports/${quarter}`,
  extract: (agency: string, quarter: string, council: string, format: 'html' | 'csv') => `/${agency}/reports/${quarter}/councils/${council}.${format}`,
  agreement: (agency: string) => `/${agency}/agreement`,
};

export function chromeFor(args: { caller: Caller | undefined; agency: Agency | undefined; csrf: string | undefined; path: string; today: string | undefined }): Chrome {
  const { caller, agency, today } = args;
  const signedIn = caller && caller.sub !== 'anonymous';
  return {
    serviceName: agency?.name ?? SERVICE,
    homeHref: '/',
    nav: signedIn && agency && today ? navigation(caller, agency, today) : [],
    signedInAs: signedIn ? caller.sub : undefined,
    csrf: signedIn ? args.csrf : undefined,
    currentPath: args.path,
  };
}

/** The pages of each of the person's roles, in the order of their work. */
export function navigation(caller: Caller, agency: Agency, today: string): NavItem[] {
  const a = agency.agency;
  const year = financialYearOf(today);
  const quarter = quarterContaining(today);
  const items: NavItem[] = [];
  const roles = new Set(caller.groups);
  const council = councilActedFor(agency, caller.council);
  const under = (pattern: string) => new RegExp(`^/${a}/${pattern}$`);
  if (roles.has('raa-manager')) {
    items.push(
      { href: to.dashboard(a, year), text: 'Dashboard', section: under('years/[^/]+/dashboard') },
      { href: to.placements(a, year), text: 'Placements', section: under('(years/[^/]+/placements(/import)?|placements/[^/]+/reversal)') },
      { href: to.report(a, previousQuarterId(quarter)), text: 'Quarterly report', section: under('quarters/[^/]+/(report|indicators)') },
      { href: to.protocol(a, year), text: 'Agreements', section: under('years/[^/]+/(protocol|indicator-catalogue)') },
      { href: to.reserve(a), text: 'Reserve' },
    );
  }
  if (roles.has('finance-officer') && council) {
    items.push({ href: to.council(a, year, council), text: 'Your council', section: under(`years/[^/]+/councils/${council}(/statements)?`) });
    if (council === agency.hostCouncil) {
      items.push(
        { href: to.receipts(a, year), text: 'Receipts', section: under('years/[^/]+/receipts') },
        { href: to.spend(a, previousQuarterId(quarter)), text: 'Spend', section: under('quarters/[^/]+/spend') },
        { href: to.grant(a), text: 'Set-up grant' },
      );
    }
  }
  if (roles.has('scb-member')) items.push({ href: to.decisions(a), text: 'Waiting for your decision' }, { href: to.decided(a), text: 'Decided' });
  if (roles.has('lead-member')) items.push({ href: to.reports(a), text: 'Reports' });
  if (roles.has('admin')) items.push({ href: to.agreement(a), text: 'Agreement' });
  items.push({ href: to.notices(), text: 'Notifications' });
  return items;
}

/** The quarter most recently ended: what is reported on, and whose spend is entered, now. */
export function previousQuarterId(quarter: string): string {
  const [year, q] = [quarter.slice(0, 7), Number(quarter.slice(-1))];
  if (q > 1) return `${year}-Q${q - 1}`;
  const start = Number(year.slice(0, 4)) - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}-Q4`;
}

export function errorPage(chrome: Chrome, title: string, content: Renderable): Html {
  return page({ title, chrome, content: html`${heading(undefined, title)}${content}<p class="govuk-body"><a class="govuk-link" href="/">Go to your home page</a></p>` });
}
