import * as z from 'zod';
import { AgencyId, CouncilId, IsoDate, Slug, Version } from './common.ts';
import { Role } from './identity.ts';

/**
 * An entry of the agreement: a member council, or (with `actsFor`) a body
 * that acts for one day to day, such as Sandwell Children's Trust for Sandwell.
 */
export const AgreementCouncil = z
  .object({
    council: CouncilId,
    name: z.string().trim().min(2).max(120),
    actsFor: CouncilId.optional().meta({ description: 'The member council this body acts for; absent for a member council' }),
    caseRefPattern: z
      .string()
      .min(1)
      .max(200)
      .refine(compiles, 'must be a regular expression, e.g. "^WAL/\\\\d{4}/\\\\d{4}$"')
      .optional()
      .meta({ description: "The council's own pseudonymous case reference pattern (a regular expression)" }),
  })
  .strict();

export const ScbSeat = z
  .object({
    seat: Slug.meta({ description: 'The seat identifier, as carried in the custom:council claim' }),
    for: CouncilId.meta({ description: 'The council or acting body the seat is for' }),
  })
  .strict();

export const CounterpartyKind = z.enum(['voluntary-adoption-agency', 'regional-adoption-agency', 'local-authority']);

export const Counterparty = z
  .object({ counterparty: Slug, name: z.string().trim().min(2).max(120), kind: CounterpartyKind })
  .strict()
  .meta({ description: 'Another agency in the register, for inter-agency placements' });

export const EmailAudience = z
  .object({ role: Role, council: Slug.optional(), email: z.email().max(254) })
  .strict()
  .meta({ description: 'Where the notices for an audience go by e-mail in AWS' });

/**
 * The RAA Management Board: each member council's Responsible Officer for
 * adoption. Where the agreement says so it receives each compiled quarterly
 * report before the SCB, and notes it or sends it back with comments.
 */
export const ResponsibleOfficer = z
  .object({
    officer: Slug.meta({ description: 'The officer identifier, as carried in the custom:council claim of a responsible-officer' }),
    council: CouncilId.meta({ description: 'The member council whose Responsible Officer for adoption this is' }),
  })
  .strict();

export const ManagementBoard = z
  .object({
    reviewsQuarterlyReports: z.boolean().meta({ description: 'A compiled quarterly report goes to the Management Board before the SCB' }),
    responsibleOfficers: z.array(ResponsibleOfficer).max(40),
  })
  .strict()
  .meta({ description: 'The RAA Management Board (optional): its responsible officers, and whether it reviews quarterly reports before the SCB' });

const agreementFields = {
  name: z.string().trim().min(2).max(120),
  hostCouncil: CouncilId,
  councils: z.array(AgreementCouncil).min(2).max(40),
  seats: z.array(ScbSeat).min(1).max(40),
  chairSeat: Slug,
  goLiveOn: IsoDate,
  counterparties: z.array(Counterparty).max(500).default([]),
  emailAudiences: z.array(EmailAudience).max(200).default([]),
  managementBoard: ManagementBoard.optional(),
};

/** The agreement as an administrator sets it up (`PUT /agencies/{agency}`). */
export const AgreementInput = z
  .object(agreementFields)
  .strict()
  .superRefine((a, ctx) => {
    for (const problem of agreementProblems(a)) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  })
  .meta({ id: 'AgreementInput' });

export const Agency = z
  .object({
    agency: AgencyId,
    ...agreementFields,
    version: Version,
    updatedBy: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Agency' });

export type Agency = z.infer<typeof Agency>;
export type AgreementInput = z.infer<typeof AgreementInput>;
export type AgreementCouncil = z.infer<typeof AgreementCouncil>;
export type ScbSeat = z.infer<typeof ScbSeat>;
export type ResponsibleOfficer = z.infer<typeof ResponsibleOfficer>;

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/** The agreement's own consistency: every reference inside it names something it holds. */
function agreementProblems(a: z.infer<z.ZodObject<typeof agreementFields>>): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const ids = new Set<string>();
  a.councils.forEach((c, i) => {
    if (ids.has(c.council)) problems.push({ path: ['councils', i, 'council'], message: `"${c.council}" is listed twice` });
    ids.add(c.council);
  });
  const members = a.councils.filter((c) => c.actsFor === undefined).map((c) => c.council);
  if (members.length < 2) problems.push({ path: ['councils'], message: 'needs at least 2 member councils (entries without actsFor)' });
  a.councils.forEach((c, i) => {
    if (c.actsFor !== undefined && !members.includes(c.actsFor)) problems.push({ path: ['councils', i, 'actsFor'], message: `"${c.actsFor}" is not a member council of this agreement` });
  });
  if (!members.includes(a.hostCouncil)) problems.push({ path: ['hostCouncil'], message: `"${a.hostCouncil}" is not a member council of this agreement` });
  const seats = new Set<string>();
  a.seats.forEach((s, i) => {
    if (seats.has(s.seat)) problems.push({ path: ['seats', i, 'seat'], message: `"${s.seat}" is listed twice` });
    seats.add(s.seat);
    if (!ids.has(s.for)) problems.push({ path: ['seats', i, 'for'], message: `"${s.for}" is neither a council nor a body of this agreement` });
  });
  if (!seats.has(a.chairSeat)) problems.push({ path: ['chairSeat'], message: `"${a.chairSeat}" is not one of the seats` });
  const parties = new Set<string>();
  a.counterparties.forEach((p, i) => {
    if (parties.has(p.counterparty)) problems.push({ path: ['counterparties', i, 'counterparty'], message: `"${p.counterparty}" is listed twice` });
    parties.add(p.counterparty);
  });
  const board = a.managementBoard;
  const officers = new Set<string>();
  board?.responsibleOfficers.forEach((o, i) => {
    if (officers.has(o.officer)) problems.push({ path: ['managementBoard', 'responsibleOfficers', i, 'officer'], message: `"${o.officer}" is listed twice` });
    officers.add(o.officer);
    // The approvals of the SCB and of the Management Board are told apart by who may decide them.
    if (seats.has(o.officer)) problems.push({ path: ['managementBoard', 'responsibleOfficers', i, 'officer'], message: `"${o.officer}" is an SCB seat; a responsible officer needs an identifier of their own` });
    if (!members.includes(o.council)) problems.push({ path: ['managementBoard', 'responsibleOfficers', i, 'council'], message: `"${o.council}" is not a member council of this agreement` });
  });
  if (board?.reviewsQuarterlyReports && board.responsibleOfficers.length === 0) {
    problems.push({ path: ['managementBoard', 'responsibleOfficers'], message: 'needs at least one responsible officer when the Management Board reviews quarterly reports' });
  }
  return problems;
}
