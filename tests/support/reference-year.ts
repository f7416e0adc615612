/** Brings a reference year to an approved apportionment, through the API, as the people involved would. */
import { Client, SCB_MEMBERS, YEAR_2_PROTOCOL, eventually, peopleOf, submitReferenceForecasts, type People } from './local-system.ts';

/**
 * The funding protocol is an agreement: the RAA manager proposes it (or a
 * variation of the one in force, naming its version), every SCB seat approves,
 * and it comes into force. Returns the protocol as read once in force.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function agreeProtocol(api: Client | People, year: string, body: Record<string, unknown>): Promise<any> {
  const people = peopleOf(api);
  const path = `${people.path}/years/${year}/protocol`;
  // The version in force (also at the top level of the reply, as before agreement) is the one a variation names.
  const inForceVersion: number | undefined = (await people.as('raa-manager', 'GET', path)).body?.inForce?.version;
  const proposed = await people.as('raa-manager', 'PUT', path, { body, ...(inForceVersion ? { headers: { 'if-match': String(inForceVersion) } } : {}) });
  if (proposed.status !== 201) throw new Error(`protocol for ${year}: ${proposed.status} ${JSON.stringify(proposed.body)}`);
  for (const member of SCB_MEMBERS) {
    const reply = await people.as(member, 'POST', `${people.path}/approvals/${proposed.body.approvalId}/decisions`, { body: { decision: 'approve' } });
    if (reply.status !== 201) throw new Error(`${member} on the protocol for ${year}: ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  return eventually(async () => {
    const reply = await people.as('raa-manager', 'GET', path);
    if (reply.status !== 200 || reply.body.version !== proposed.body.version) throw new Error(`the protocol for ${year} is not yet in force`);
    return reply.body;
  });
}

/** A year opened as its people open it: the protocol agreed by every seat, then each council's forecast. */
export async function openYear(api: Client | People, year: string, protocol: Record<string, unknown> = {}, forecasts?: Record<string, number>): Promise<void> {
  await agreeProtocol(api, year, { ...YEAR_2_PROTOCOL, ...protocol });
  await submitReferenceForecasts(api, year, forecasts);
}

export async function approvedYear(api: Client | People, year: string, protocol: Record<string, unknown> = {}): Promise<void> {
  const people = peopleOf(api);
  await openYear(people, year, protocol);
  const requested = await people.as('raa-manager', 'POST', `${people.path}/years/${year}/apportionment`, { body: { method: 'unit-rate' } });
  if (requested.status !== 201) throw new Error(`apportionment: ${JSON.stringify(requested.body)}`);
  for (const member of SCB_MEMBERS) {
    await people.as(member, 'POST', `${people.path}/approvals/${requested.body.approvalId}/decisions`, { body: { decision: 'approve' } });
  }
  await eventually(async () => {
    const reply = await people.as('raa-manager', 'GET', `${people.path}/years/${year}/apportionment`);
    if (reply.body.status !== 'approved') throw new Error('not yet approved');
  });
}

export async function decideAll(api: Client | People, approvalId: string, decision: 'approve' | 'reject', comment?: string): Promise<void> {
  const people = peopleOf(api);
  for (const member of SCB_MEMBERS) {
    const reply = await people.as(member, 'POST', `${people.path}/approvals/${approvalId}/decisions`, { body: { decision, ...(comment ? { comment } : {}) } });
    if (reply.status === 409) return; // the rule already settled it
  }
}

export const QUARTER_INDICATORS = {
  summary: 'A steady first quarter: adopter recruitment on plan; timeliness behind the national threshold while the backlog inherited from the councils is cleared.',
  indicators: [
    { code: 'A1', actual: 500, commentary: 'Backlog of older children inherited from the councils; recovery plan agreed with the SCB.' },
    { code: 'A2', actual: 118 },
    { code: 'A10', actual: 440, commentary: 'Within the amber margin: two foster-carer adoptions took longer than planned.' },
    { code: 'ADOPTERS_APPROVED', actual: 16 },
    { code: 'CHILDREN_PLACED', actual: 33 },
    { code: 'OWN_ADOPTER_SHARE', actual: 82 },
    { code: 'IA_BOUGHT', actual: 4 },
    { code: 'IA_SOLD', actual: 2 },
    { code: 'DISRUPTIONS', actual: 0 },
    { code: 'WAITING_18_MONTHS', actual: 6 },
  ],
  performanceFailures: [{ description: 'A1 above the national threshold for the quarter', indicator: 'A1', action: 'Recovery plan' }],
  actionPlans: [{ title: 'Adopter recruitment campaign (Black Country)', status: 'on-track', owner: 'Head of Service' }],
  rectificationPlans: [{ title: 'A1 timeliness recovery plan', status: 'at-risk', note: 'Court delays' }],
};
