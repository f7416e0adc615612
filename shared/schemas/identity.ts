import * as z from 'zod';

export const ROLES = ['finance-officer', 'raa-manager', 'scb-member', 'lead-member', 'admin', 'responsible-officer'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** The signed-in person, from the Cognito claims (`sub`, `cognito:groups`, `custom:agency`, `custom:council`). */
export interface Caller {
  sub: string;
  groups: Role[];
  /** The agency whose member this person is (`custom:agency`): their roles hold there and nowhere else. */
  agency?: string | undefined;
  /** The council (or acting body, SCB seat, or responsible officer) named by `custom:council`. */
  council?: string | undefined;
}

export const LocalTokenRequest = z
  .object({
    sub: z.string().min(1).max(128),
    groups: z.array(Role).optional(),
    council: z.string().min(1).max(64).optional(),
    agency: z.string().min(1).max(64).optional().meta({ description: 'The agency the person belongs to (custom:agency); seeded users belong to adoption-at-heart' }),
  })
  .strict()
  .meta({ id: 'LocalTokenRequest' });
