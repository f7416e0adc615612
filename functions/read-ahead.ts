/**
 * What a request has read already, it does not read again. Every route that
 * names an agency reads its agreement to check membership (middleware.ts);
 * the use case then has it without a second read. A route that reads a
 * year's figures (`readsYearFigures`) reads them in the same BatchGetItem as
 * the agreement, so a position read or a placement's checks are one round
 * trip to the table, whatever the ledger holds.
 *
 * The figures read ahead serve the first read of them only: a use case that
 * reads them again (to retry a write that lost a race) reads the table.
 */
import { memberCouncilIds } from '#shared/domain/agreement';
import type { Agency } from '#shared/schemas/agency';
import type { AgencyYear, Deps, PositionFigures, YearFiguresRead } from '#shared/ports';

/** What a request reads ahead through; the figures' ports it serves from memory are those the route's handler has. */
type ReadsAhead = Pick<Deps, 'agencies' | 'agencyYear'> & Partial<Pick<Deps, 'forecasts' | 'yearFigures' | 'positionFigures'>>;

/**
 * The member councils of each agency as this container last read them: the
 * guess of which councils' figures to read with the agreement. A wrong guess
 * (a council joined since) costs a second read, never a wrong figure.
 */
const lastKnownMembers = new Map<string, readonly string[]>();

export interface ReadAhead<D> {
  agency: Agency | undefined;
  /** The request's own view of the ports: the agreement and figures read here are served from memory. */
  deps: D;
}

/** The agreement alone (routes that read no year's figures). */
export async function readAgreementAhead<D extends ReadsAhead>(deps: D, agencyId: string): Promise<ReadAhead<D>> {
  const agency = await deps.agencies.find(agencyId);
  return { agency, deps: agency ? withAgreement(deps, agency) : deps };
}

/** The agreement with what the route reads of a year (`what`), of one council (a placement's) or of every member council. */
export async function readAgencyYearAhead<D extends ReadsAhead>(deps: D, agencyId: string, year: string, what: YearFiguresRead, council?: string): Promise<ReadAhead<D>> {
  const read = await deps.agencyYear(agencyId, year, council === undefined ? (lastKnownMembers.get(agencyId) ?? []) : [council], what);
  if (!read.agency) return { agency: undefined, deps };
  lastKnownMembers.set(agencyId, memberCouncilIds(read.agency));
  return { agency: read.agency, deps: withYear(withAgreement(deps, read.agency), { ...read, agency: read.agency }, year) };
}

/** The ports with the agreement this request has read served from memory (the API's membership check here, the pages' in pages/page.ts). */
export function withAgreement<D extends Pick<Deps, 'agencies'>>(deps: D, agency: Agency): D {
  const agencies = Object.create(deps.agencies, {
    find: { value: async (id: string) => (id === agency.agency ? agency : deps.agencies.find(id)) },
    get: { value: async (id: string) => (id === agency.agency ? agency : deps.agencies.get(id)) },
  }) as Deps['agencies'];
  return { ...deps, agencies };
}

function withYear<D extends ReadsAhead>(deps: D, read: AgencyYear & { agency: Agency }, year: string): D {
  const agencyId = read.agency.agency;
  const covers = (a: string, y: string, councils: readonly string[]) => a === agencyId && y === year && councils.every((c) => read.councils.includes(c));
  const { figures, toleranceStatuses } = read;
  const served: Partial<ReadsAhead> = {};
  const { forecasts, yearFigures, positionFigures } = deps;
  if (forecasts) {
    let forecastsServed = false;
    served.forecasts = Object.create(forecasts, {
      list: {
        value: async (a: string, y: string) => {
          if (forecastsServed || !covers(a, y, memberCouncilIds(read.agency))) return forecasts.list(a, y);
          forecastsServed = true;
          return read.forecasts;
        },
      },
    }) as Deps['forecasts'];
  }
  if (yearFigures) {
    let figuresServed = false;
    served.yearFigures = async (a, y, councils) => {
      if (figuresServed || !figures || !toleranceStatuses || !covers(a, y, councils)) return yearFigures(a, y, councils);
      figuresServed = true;
      return { ...only(figures, councils), toleranceStatuses: pick(toleranceStatuses, councils) };
    };
  }
  if (positionFigures) {
    let positionFiguresServed = false;
    served.positionFigures = async (a, y, councils) => {
      if (positionFiguresServed || !figures || !covers(a, y, councils)) return positionFigures(a, y, councils);
      positionFiguresServed = true;
      return only(figures, councils);
    };
  }
  return { ...deps, ...served };
}

const pick = <T>(record: Record<string, T>, councils: readonly string[]) => Object.fromEntries(councils.filter((c) => c in record).map((c) => [c, record[c]!]));

/** The figures of the councils asked for, and no others (sums over councils must not count a council not asked for). */
function only(figures: PositionFigures, councils: readonly string[]): PositionFigures {
  return {
    ...figures,
    forecasts: pick(figures.forecasts, councils),
    quarters: figures.quarters.map((q) => ({ ...q, councils: pick(q.councils, councils) })),
    spotPurchases: pick(figures.spotPurchases, councils),
  };
}
