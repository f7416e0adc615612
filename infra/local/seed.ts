import { adoptionAtHeart } from '../../shared/reference/adoption-at-heart.ts';
import type { Deps } from '../../shared/ports.ts';

/**
 * Seeds the reference agency as `PUT /agencies/{agency}` creates one (version
 * 1, its audit event, its entry in the agency index); a second seed changes
 * nothing.
 */
export async function seedReferenceData(deps: Pick<Deps, 'agencies'>): Promise<{ created: boolean }> {
  return { created: await deps.agencies.createIfAbsent(adoptionAtHeart) };
}
