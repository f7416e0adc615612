/** The routes of functions/api/protocol.ts (the table is functions/api/routes.ts): its function's bundle carries these schemas only. */
import { FundingProtocolInput, ProtocolAgreement, ProtocolVersion } from '#shared/schemas/protocol';
import { type RouteSpec, YearParams } from './spec.ts';

export const protocolRoutes = {
  putProtocol: {
    method: 'PUT', path: '/agencies/{agency}/years/{year}/protocol', summary: "Proposes the year's funding protocol, or a variation of the one in force (If-Match: its version), for every SCB seat to agree", who: 'raa-manager',
    entry: 'functions/api/protocol.ts', handler: 'putProtocol', roles: ['raa-manager'], params: YearParams, body: FundingProtocolInput, response: ProtocolVersion, successStatus: 201, headers: ['If-Match'], starts: ['agreement-variation'],
  },
  getProtocol: {
    method: 'GET', path: '/agencies/{agency}/years/{year}/protocol', summary: 'The funding protocol in force (also at the top level, with its version) and any proposal awaiting the SCB, with the history of versions', who: 'any signed-in',
    entry: 'functions/api/protocol.ts', handler: 'getProtocol', params: YearParams, response: ProtocolAgreement,
  },
} satisfies Record<string, RouteSpec>;
