/**
 * What a route of the HTTP contract is (each group of functions/api/routes/
 * lists its own, and functions/api/routes.ts puts them in one table), and
 * the path parameters most routes share.
 */
import * as z from 'zod';
import type { ZodType } from 'zod';
import type { Role } from '#shared/schemas/identity';
import type { WorkflowName, YearFiguresRead } from '#shared/ports';
import { AgencyId, CouncilId, FinancialYear, QuarterId } from '#shared/schemas/common';

export interface RouteSpec {
  method: 'GET' | 'PUT' | 'POST';
  path: string;
  summary: string;
  who: string;
  /** Handler file, relative to the project root, and its export. */
  entry: string;
  handler: string;
  public?: boolean;
  /** Checked before anything else is read; council-level checks follow in the use case. */
  roles?: Role[];
  /** The system administrator (`admin`) may call it for any agency, even one not set up yet: it sets up agreements. Everyone else, and every other route naming an agency, is for that agency's members only. */
  administersAgencies?: boolean;
  params?: ZodType;
  query?: ZodType;
  body?: ZodType;
  response?: ZodType;
  successStatus?: number;
  /** Converts a `text/csv` body to what `body` validates, where the route also takes CSV. */
  csv?: (text: string) => unknown;
  /** Not JSON: the media type the route answers with. */
  produces?: string;
  headers?: ('If-Match' | 'Idempotency-Key')[];
  /** The workflows this route starts: its function may start exactly these (CDK grants states:StartExecution on them). */
  starts?: WorkflowName[];
  /** A decision that settles an approval resumes the waiting workflow with its task token (CDK grants states:SendTaskSuccess/Failure). */
  redeemsTaskTokens?: boolean;
  /**
   * The route reads a year's figures (shared/store/year-figures.ts): the
   * agency's agreement, which every route naming an agency reads to check
   * membership, is read in the same BatchGetItem as those figures. The year is
   * in the path (`params`) or the body (`body`).
   */
  readsYearFigures?: 'params' | 'body';
  /** Which of the year's figures it reads (`YearFiguresRead`): the forecasts alone, those a position shows, or all (the default: a write that moves a count checks the recorded tolerance statuses too). */
  readsOfTheYear?: YearFiguresRead;
}

export const AgencyParams = z.object({ agency: AgencyId });
export const YearParams = z.object({ agency: AgencyId, year: FinancialYear });
export const ForecastParams = z.object({ agency: AgencyId, year: FinancialYear, council: CouncilId });
export const QuarterParams = z.object({ agency: AgencyId, quarter: QuarterId });
