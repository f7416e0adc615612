import type { Deps } from '../ports.ts';
import type { Caller } from '../schemas/identity.ts';
import type { Audience, Notice } from '../schemas/notice.ts';

/**
 * A notice is addressed to a role (optionally one council or seat) in one
 * agency; I see those of each of my roles in my agency, newest first, and
 * none of another agency (nor any without an agency in my token).
 */
export async function myNotifications(deps: Pick<Deps, 'notices'>, caller: Caller): Promise<Notice[]> {
  const agency = caller.agency;
  if (!agency) return [];
  const audiences: Audience[] = caller.groups.flatMap((role) => [{ role, agency }, ...(caller.council ? [{ role, council: caller.council, agency }] : [])]);
  return deps.notices.listFor(audiences);
}
