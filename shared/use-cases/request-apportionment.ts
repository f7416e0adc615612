import { randomUUID } from 'node:crypto';
import { memberCouncilIds, scbSeats } from '../domain/agreement.ts';
import { requireRole } from '../domain/access.ts';
import { apportion, withTransferredBudgets } from '../domain/apportionment.ts';
import { RuleViolation, ValidationError } from '../errors.ts';
import type { Apportionment, ApportionmentRequest } from '../schemas/apportionment.ts';
import type { Caller } from '../schemas/identity.ts';
import type { Deps } from '../ports.ts';
import { nowIso } from './now.ts';

/** How many reminders the SCB gets before an undecided approval lapses. */
export const SCB_REMINDERS_BEFORE_LAPSE = 3;

export async function requestApportionment(
  deps: Pick<Deps, 'agencies' | 'protocols' | 'forecasts' | 'apportionments' | 'workflows' | 'clock'>,
  caller: Caller,
  args: { agency: string; year: string; request: ApportionmentRequest },
): Promise<Apportionment> {
  requireRole(caller, 'raa-manager');
  const agency = await deps.agencies.get(args.agency);
  const memberCouncils = memberCouncilIds(agency);
  const adjustments = args.request.adjustments ?? [];
  const transfers = args.request.transferredBudgets ?? [];
  const strangers = [
    ...adjustments.flatMap((a, i) => (memberCouncils.includes(a.council) ? [] : [{ path: `adjustments.${i}.council`, message: `"${a.council}" is not a member council` }])),
    ...transfers.flatMap((t, i) => (memberCouncils.includes(t.council) ? [] : [{ path: `transferredBudgets.${i}.council`, message: `"${t.council}" is not a member council` }])),
  ];
  if (strangers.length > 0) throw new ValidationError(strangers);

  const protocol = await deps.protocols.find(args.agency, args.year);
  if (!protocol) throw new RuleViolation('PROTOCOL_NOT_AGREED', `No funding protocol is in force for ${args.year}: the SCB has not agreed one; propose it and have every seat agree it before apportioning`);
  const forecasts = await deps.forecasts.list(args.agency, args.year);
  const missing = memberCouncils.filter((c) => !forecasts.some((f) => f.council === c));
  if (missing.length > 0) {
    throw new RuleViolation('FORECASTS_MISSING', `No placement forecast yet from: ${missing.join(', ')}`, missing.map((council) => ({ council })));
  }

  const result = apportion({
    method: args.request.method,
    forecasts,
    unitRatePence: protocol.unitRatePence,
    budgetPence: protocol.budgetPence,
    adjustments,
  });
  const previous = await deps.apportionments.findCurrent(args.agency, args.year);
  const at = nowIso(deps);
  const suffix = randomUUID().slice(0, 8);
  const apportionment: Apportionment = {
    agency: args.agency,
    year: args.year,
    apportionmentId: `${args.year}-${suffix}`,
    status: 'awaiting-scb',
    method: result.method,
    totalPence: result.totalPence,
    councils: withTransferredBudgets(result.councils, transfers).map((c) => ({
      ...c,
      adjustments: adjustments.filter((a) => a.council === c.council).map(({ amountPence, reason }) => ({ amountPence, reason })),
    })),
    inputs: {
      protocolVersion: protocol.version,
      ...(args.request.method === 'unit-rate' ? { unitRatePence: protocol.unitRatePence } : { budgetPence: protocol.budgetPence }),
      forecastVersions: Object.fromEntries(forecasts.map((f) => [f.council, f.version])),
    },
    approvalId: `apportionment-${args.year}-${suffix}`,
    requestedBy: caller.sub,
    requestedAt: at,
    ...(previous ? { supersedes: previous.apportionmentId } : {}),
  };
  await deps.apportionments.create({
    apportionment,
    previous,
    actor: caller.sub,
    approval: {
      agency: args.agency,
      approvalId: apportionment.approvalId,
      subject: { kind: 'apportionment', year: args.year, id: apportionment.apportionmentId, title: `${agency.name} apportionment of contributions for ${args.year}` },
      rule: protocol.approvalRule,
      seats: scbSeats(agency),
      document: { totalPence: apportionment.totalPence, method: apportionment.method, councils: apportionment.councils, inputs: apportionment.inputs },
      openedAt: at,
    },
  });
  await deps.workflows.start('annual-apportionment', apportionment.apportionmentId, {
    agency: args.agency,
    year: args.year,
    apportionmentId: apportionment.apportionmentId,
    approvalId: apportionment.approvalId,
    maxReminders: SCB_REMINDERS_BEFORE_LAPSE,
  });
  return apportionment;
}
