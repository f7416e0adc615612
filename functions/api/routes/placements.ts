/** The routes of functions/api/placements.ts (the table is functions/api/routes.ts): its function's bundle carries these schemas only. */
import * as z from 'zod';
import { AgencyId } from '#shared/schemas/common';
import { Placement, PlacementList, PlacementListQuery, PlacementRequest, ReversalRequest } from '#shared/schemas/placement';
import { type RouteSpec, AgencyParams, YearParams } from './spec.ts';

const PlacementParams = z.object({ agency: AgencyId, placementId: z.string().regex(/^\d{4}-\d{2}\.[a-z0-9-]+\.[a-z0-9]+$/, 'is not a placement identifier') });
const PlacementWithPosition = Placement.extend({
  status: z.enum(['green', 'amber', 'red']).meta({ description: "The council's tolerance status after this" }),
  unfunded: z.boolean().optional().meta({ description: 'The council is past agreed plus its band with no approved spot purchase: put to the SCB as a retrospective spot purchase' }),
  retrospectiveSpotPurchaseId: z.string().optional(),
});

export const placementRoutes = {
  recordPlacement: {
    method: 'POST', path: '/agencies/{agency}/placements', summary: 'Records a placement (in-house, inter-agency purchase or sale) against a council', who: 'raa-manager',
    entry: 'functions/api/placements.ts', handler: 'recordPlacement', roles: ['raa-manager'], params: AgencyParams, readsYearFigures: 'body', body: PlacementRequest, response: PlacementWithPosition, successStatus: 201, headers: ['Idempotency-Key'], starts: ['spot-purchase'],
  },
  reversePlacement: {
    method: 'POST', path: '/agencies/{agency}/placements/{placementId}/reversal', summary: 'Reverses a placement recorded in error, by a reversal entry', who: 'raa-manager',
    entry: 'functions/api/placements.ts', handler: 'reversePlacement', roles: ['raa-manager'], params: PlacementParams, body: ReversalRequest, response: PlacementWithPosition, successStatus: 201,
  },
  listPlacements: {
    method: 'GET', path: '/agencies/{agency}/years/{year}/placements', summary: "The year's placements, with any reversal, a page at a time (`next`); `placedOnOrBefore` lists what a statement as at that day counted", who: "raa-manager, scb-member; finance-officer: own council's only",
    entry: 'functions/api/placements.ts', handler: 'listPlacements', roles: ['raa-manager', 'scb-member', 'finance-officer', 'admin'], params: YearParams, query: PlacementListQuery,
    response: PlacementList,
  },
} satisfies Record<string, RouteSpec>;
