import type { Deps } from '../ports.ts';
import type { Caller } from '../schemas/identity.ts';
import type { Audience, Notice } from '../schemas/notice.ts';

/** A notice is addressed to a role (optionally one council or seat); I see those of each of my roles, newest first. */
export async function myNotifications(deps: Pick<Deps, 'notices'>, caller: Caller): Promise<Notice[]> {
  const audiences: Audience[] = caller.groups.flatMap((role) => [{ role }, ...(caller.council ? [{ role, council: caller.council }] : [])]);
  return deps.notices.listFor(audiences);
}
