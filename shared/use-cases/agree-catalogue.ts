/**
 * The performance framework as an agreement (contract Schedule 7; DOMAIN.md:
 * "The same holds for the performance framework"): the RAA manager proposes
 * a year's indicator catalogue or a change to the one in force; every SCB
 * seat must agree; until then the version in force stays, and where none has
 * been agreed for the year the shipped default is in force.
 */
import { randomUUID } from 'node:crypto';
import { requireRole } from '../domain/access.ts';
import { scbSeats } from '../domain/agreement.ts';
import { AGREEMENT_RULE, nextVersion, requireVariationBasis, variationChanges } from '../domain/protocol-variation.ts';
import { defaultIndicatorCatalogue } from '../reference/indicator-catalogue.ts';
import type { Caller } from '../schemas/identity.ts';
import { catalogueTermsOf, type CatalogueAgreement, type CatalogueVersion } from '../schemas/indicator-catalogue.ts';
import type { CatalogueTerms, IndicatorCatalogueInput, IndicatorDefinition } from '../schemas/indicators.ts';
import type { Deps } from '../ports.ts';
import { nowIso } from './now.ts';
import { RAA_MANAGERS, notify } from './notify.ts';
import { AGREEMENT_VARIATION_ACTOR, decisionComments, startAgreementVariation, type VariationStep } from './agreement-variation-steps.ts';

const WHAT = 'indicator catalogue';
const ACTOR = AGREEMENT_VARIATION_ACTOR;

/** The board reads a change as `indicators.A2.target: 121 -> 100`, not as one whole list replaced. */
function byCode(terms: CatalogueTerms | undefined) {
  return terms ? { indicators: Object.fromEntries(terms.indicators.map(({ code, ...rest }) => [code, rest])) } : undefined;
}

/** The indicators a year's figures are rated against: the agreed catalogue in force, else the shipped default. */
export async function indicatorsInForce(deps: Pick<Deps, 'catalogues'>, agency: string, year: string): Promise<{ indicators: IndicatorDefinition[]; source: 'agreed' | 'default'; version?: number }> {
  const inForce = await deps.catalogues.find(agency, year);
  return inForce ? { indicators: inForce.indicators, source: 'agreed', version: inForce.version } : { indicators: defaultIndicatorCatalogue, source: 'default' };
}

export async function proposeIndicatorCatalogue(deps: Pick<Deps, 'agencies' | 'catalogues' | 'clock' | 'workflows'>, caller: Caller, args: { agency: string; year: string; input: IndicatorCatalogueInput; ifMatch: number | undefined }): Promise<CatalogueVersion> {
  requireRole(caller, 'raa-manager');
  const agency = await deps.agencies.get(args.agency);
  const { inForce, proposed, versions } = await deps.catalogues.records(args.agency, args.year);
  const basedOn = requireVariationBasis({ what: `${WHAT} for ${args.year}`, inForceVersion: inForce?.version, ifMatch: args.ifMatch, pendingVersion: proposed?.version });
  const at = nowIso(deps);
  const terms = catalogueTermsOf(args.input);
  const version = nextVersion([...versions.map((v) => v.version), inForce?.version ?? 0]);
  // Against the catalogue in force: the agreed one, or the default the first agreement replaces.
  const changes = variationChanges(byCode(inForce ? catalogueTermsOf(inForce) : { indicators: defaultIndicatorCatalogue }), byCode(terms)!);
  const proposal: CatalogueVersion = {
    ...terms,
    agency: args.agency,
    year: args.year,
    version,
    status: 'proposed',
    ...(basedOn !== undefined ? { basedOn } : {}),
    approvalId: `indicator-catalogue-${args.year}-v${version}-${randomUUID().slice(0, 8)}`,
    proposedBy: caller.sub,
    proposedAt: at,
    changes,
  };
  const title = basedOn === undefined ? `${agency.name} performance framework (indicator catalogue) for ${args.year}` : `${agency.name} indicator catalogue for ${args.year}: variation of version ${basedOn}`;
  await deps.catalogues.propose(proposal, {
    agency: args.agency,
    approvalId: proposal.approvalId!,
    subject: { kind: 'indicator-catalogue', year: args.year, id: `${args.year}-v${version}`, title },
    rule: AGREEMENT_RULE,
    seats: scbSeats(agency),
    document: { document: 'indicator-catalogue', year: args.year, version, ...(basedOn !== undefined ? { basedOn } : {}), proposed: terms, inForce: inForce ?? { source: 'default', indicators: defaultIndicatorCatalogue }, changes },
    openedAt: at,
  });
  await startAgreementVariation(deps, { agency: args.agency, year: args.year, document: 'indicator-catalogue', version, approvalId: proposal.approvalId! });
  return proposal;
}

export async function readIndicatorCatalogue(deps: Pick<Deps, 'agencies' | 'catalogues'>, args: { agency: string; year: string }): Promise<CatalogueAgreement> {
  await deps.agencies.get(args.agency);
  const { inForce, proposed, versions } = await deps.catalogues.records(args.agency, args.year);
  return {
    agency: args.agency,
    year: args.year,
    source: inForce ? 'agreed' : 'default',
    ...(inForce ? { version: inForce.version } : {}),
    indicators: inForce?.indicators ?? defaultIndicatorCatalogue,
    inForce: inForce ?? null,
    proposed: proposed ?? null,
    ...(versions.length > 0 ? { history: versions } : {}),
  };
}


export async function bringCatalogueIntoForce(deps: Pick<Deps, 'approvals' | 'catalogues' | 'clock' | 'notices'>, input: VariationStep): Promise<{ status: 'in-force' }> {
  await deps.catalogues.bringIntoForce({ ...input, decisionComments: await decisionComments(deps, input), actor: ACTOR, at: nowIso(deps) });
  await notify(deps, {
    id: `${input.approvalId}#in-force`,
    agency: input.agency,
    audience: RAA_MANAGERS,
    kind: 'indicator-catalogue-in-force',
    subject: `Indicator catalogue for ${input.year} agreed: version ${input.version} is in force`,
    body: `Every SCB seat agreed version ${input.version} of the indicator catalogue for ${input.year}. Quarterly figures for the year are rated against it.`,
  });
  return { status: 'in-force' };
}

export async function recordCatalogueRejection(deps: Pick<Deps, 'approvals' | 'catalogues' | 'clock' | 'notices'>, input: VariationStep): Promise<{ status: 'rejected' }> {
  const comments = await decisionComments(deps, input);
  await deps.catalogues.close({ ...input, to: 'rejected', decisionComments: comments, actor: ACTOR, at: nowIso(deps) });
  const said = comments.filter((c) => c.comment).map((c) => `${c.seat}: ${c.comment}`).join(' | ');
  await notify(deps, {
    id: `${input.approvalId}#rejected`,
    agency: input.agency,
    audience: RAA_MANAGERS,
    kind: 'indicator-catalogue-rejected',
    subject: `Indicator catalogue for ${input.year} rejected: version ${input.version} is not in force`,
    body: `The SCB rejected version ${input.version} of the indicator catalogue for ${input.year}; the catalogue in force stays. Comments: ${said || 'none'}.`,
  });
  return { status: 'rejected' };
}

export async function lapseCatalogue(deps: Pick<Deps, 'catalogues' | 'clock'>, input: VariationStep): Promise<{ status: 'expired' }> {
  await deps.catalogues.close({ ...input, to: 'expired', actor: ACTOR, at: nowIso(deps) });
  return { status: 'expired' };
}
