import { z } from 'zod';

export const ROLES = ['finance-officer', 'raa-manager', 'scb-member', 'lead-member', 'admin', 'responsible-officer'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** The signed-in person, from the Cognito claims (`sub`, `cognito:groups`, `custom:council`). */
export interface Caller {
  sub: string;
  groups: Role[];
  /** The council (or acting body, SCB seat, or responsible officer) named by `custom:council`. */
  council?: string | undefined;
}

export const LocalTokenRequest = z
  .object({
    sub: z.string().min(1).max(128),
    groups: z.array(Role).optional(),
    council: z.string().min(1).max(64).optional(),
  })
  .strict()
  .meta({ id: 'LocalTokenRequest' });
