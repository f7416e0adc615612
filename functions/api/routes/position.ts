/** The routes of functions/api/position.ts (the table is functions/api/routes.ts): its function's bundle carries these schemas only. */
import { Position } from '#shared/schemas/position';
import { type RouteSpec, YearParams } from './spec.ts';

export const positionRoutes = {
  getPosition: {
    method: 'GET', path: '/agencies/{agency}/years/{year}/position', summary: 'Each council against its agreed placements and tolerance band; the inter-agency line', who: "any signed-in (finance officers: own council's only)",
    entry: 'functions/api/position.ts', handler: 'getPosition', params: YearParams, readsYearFigures: 'params', readsOfTheYear: 'position', response: Position,
  },
} satisfies Record<string, RouteSpec>;
