/**
 * The funding protocol as an agreement (DOMAIN.md, "An agreement, not a
 * setting"): the RAA manager proposes a year's protocol or a variation of the
 * one in force; every SCB seat must agree; agreed, it comes into force and the
 * version it replaces is kept; rejected or lapsed, the version in force stays.
 */
import { randomUUID } from 'node:crypto';
import { scbSeats } from '../domain/agreement.ts';
import { requireRole } from '../domain/access.ts';
import { AGREEMENT_RULE, nextVersion, requireVariationBasis, variationChanges } from '../domain/protocol-variation.ts';
import { NotFoundError } from '../errors.ts';
import type { Caller } from '../schemas/identity.ts';
import { termsOf, type FundingProtocolInput, type ProtocolAgreement, type ProtocolVersion } from '../schemas/protocol.ts';
import type { Deps } from '../ports.ts';
import { nowIso } from './now.ts';
import { RAA_MANAGERS, notify } from './notify.ts';
import { AGREEMENT_VARIATION_ACTOR, decisionComments, startAgreementVariation, type VariationStep } from './agreement-variation-steps.ts';

const WHAT = 'funding protocol';
const ACTOR = AGREEMENT_VARIATION_ACTOR;

export async function proposeFundingProtocol(
  deps: Pick<Deps, 'agencies' | 'protocols' | 'workflows' | 'clock'>,
  caller: Caller,
  args: { agency: string; year: string; input: FundingProtocolInput; ifMatch: number | undefined },
): Promise<ProtocolVersion> {
  requireRole(caller, 'raa-manager');
  const agency = await deps.agencies.get(args.agency);
  const { inForce, proposed, versions } = await deps.protocols.records(args.agency, args.year);
  const basedOn = requireVariationBasis({ what: `${WHAT} for ${args.year}`, inForceVersion: inForce?.version, ifMatch: args.ifMatch, pendingVersion: proposed?.version });

  const at = nowIso(deps);
  const terms = termsOf(args.input);
  const version = nextVersion([...versions.map((v) => v.version), inForce?.version ?? 0]);
  const changes = variationChanges(inForce ? termsOf(inForce) : undefined, terms);
  const proposal: ProtocolVersion = {
    ...terms,
    agency: args.agency,
    year: args.year,
    version,
    status: 'proposed',
    ...(basedOn !== undefined ? { basedOn } : {}),
    approvalId: `funding-protocol-${args.year}-v${version}-${randomUUID().slice(0, 8)}`,
    proposedBy: caller.sub,
    proposedAt: at,
    changes,
  };
  const title = basedOn === undefined ? `${agency.name} funding protocol for ${args.year}` : `${agency.name} funding protocol for ${args.year}: variation of version ${basedOn}`;
  await deps.protocols.propose(proposal, {
    agency: args.agency,
    approvalId: proposal.approvalId!,
    subject: { kind: 'funding-protocol', year: args.year, id: `${args.year}-v${version}`, title },
    rule: AGREEMENT_RULE,
    seats: scbSeats(agency),
    document: {
      document: 'funding-protocol',
      year: args.year,
      version,
      ...(basedOn !== undefined ? { basedOn } : {}),
      proposed: terms,
      inForce: inForce ?? null,
      changes,
    },
    openedAt: at,
  });
  await startAgreementVariation(deps, { agency: args.agency, year: args.year, document: 'funding-protocol', version, approvalId: proposal.approvalId! });
  return proposal;
}

/** The version in force and any proposal beside it; 404 when the year has neither. */
export async function readFundingProtocol(deps: Pick<Deps, 'agencies' | 'protocols'>, args: { agency: string; year: string }): Promise<ProtocolAgreement> {
  await deps.agencies.get(args.agency);
  const { inForce, proposed, versions } = await deps.protocols.records(args.agency, args.year);
  if (!inForce && !proposed) throw new NotFoundError(`No funding protocol is in force or proposed for ${args.year}`);
  return {
    // For clients of the contract before agreement: the protocol in force at the top level, with its version.
    ...inForce,
    agency: args.agency,
    year: args.year,
    inForce: inForce ?? null,
    proposed: proposed ?? null,
    ...(versions.length > 0 ? { history: versions } : {}),
  };
}



export async function bringProtocolIntoForce(deps: Pick<Deps, 'approvals' | 'protocols' | 'notices' | 'clock'>, input: VariationStep): Promise<{ status: 'in-force' }> {
  const agreed = await deps.protocols.bringIntoForce({ ...input, decisionComments: await decisionComments(deps, input), actor: ACTOR, at: nowIso(deps) });
  const protocol = agreed ?? (await deps.protocols.get(input.agency, input.year));
  await notify(deps, {
    id: `${input.approvalId}#in-force`,
    agency: input.agency,
    audience: RAA_MANAGERS,
    kind: 'protocol-in-force',
    subject: `Funding protocol for ${input.year} agreed: version ${input.version} is in force`,
    body: `Every SCB seat agreed version ${input.version} of the funding protocol for ${input.year}${protocol.basedOn !== undefined ? `, replacing version ${protocol.basedOn}` : ''}. Apportionments, charges and reminders now use it.`,
  });
  return { status: 'in-force' };
}

export async function recordProtocolRejection(deps: Pick<Deps, 'approvals' | 'clock' | 'notices' | 'protocols'>, input: VariationStep): Promise<{ status: 'rejected' }> {
  const comments = await decisionComments(deps, input);
  await deps.protocols.close({ ...input, to: 'rejected', decisionComments: comments, actor: ACTOR, at: nowIso(deps) });
  const inForce = await deps.protocols.find(input.agency, input.year);
  const said = comments.filter((c) => c.comment).map((c) => `${c.seat}: ${c.comment}`).join(' | ');
  await notify(deps, {
    id: `${input.approvalId}#rejected`,
    agency: input.agency,
    audience: RAA_MANAGERS,
    kind: 'protocol-rejected',
    subject: `Funding protocol for ${input.year} rejected: version ${input.version} is not in force`,
    body: `The SCB rejected version ${input.version} of the funding protocol for ${input.year}. ${inForce ? `Version ${inForce.version} stays in force.` : 'No protocol is in force for the year.'} Comments: ${said || 'none'}.`,
  });
  return { status: 'rejected' };
}

/** No decision after the reminders: the proposal lapses (the shared LapseApproval step has told the RAA manager). */
export async function lapseProtocol(deps: Pick<Deps, 'clock' | 'protocols'>, input: VariationStep): Promise<{ status: 'expired' }> {
  await deps.protocols.close({ ...input, to: 'expired', actor: ACTOR, at: nowIso(deps) });
  return { status: 'expired' };
}
