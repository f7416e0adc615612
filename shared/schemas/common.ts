import * as z from 'zod';
import { isFinancialYear } from '../domain/financial-year.ts';
import { isQuarter } from '../domain/quarter.ts';
import { MAX_PENCE, formatPounds } from '../domain/money.ts';
import { personalDataIn } from '../domain/personal-data.ts';

export const Slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lower-case slug such as "dudley"')
  .max(64);

export const AgencyId = Slug.meta({ description: 'Agency identifier, e.g. adoption-at-heart' });
export const CouncilId = Slug.meta({ description: 'Council identifier, e.g. dudley' });

export const FinancialYear = z
  .string()
  .refine(isFinancialYear, 'must be a financial year such as "2019-20"')
  .meta({ description: 'Financial year, April to March, e.g. 2019-20' });

export const PenceAmount = z
  .number({ error: (i) => (i.input === undefined ? 'is required' : 'must be a number of pence') })
  .int('must be a whole number of pence')
  .min(-MAX_PENCE, `must be at least -${MAX_PENCE} pence`)
  .max(MAX_PENCE, `must be at most ${MAX_PENCE} pence (${formatPounds(MAX_PENCE)})`)
  .meta({ description: `Money in integer pence, at most ${MAX_PENCE} either way` });

export const NonNegativePence = PenceAmount.refine((v) => v >= 0, 'must not be negative');

export const PositivePence = PenceAmount.refine((v) => v > 0, 'must be more than 0');

/**
 * A figure with a fraction (a percentage, days, a rate) keeps to 6 decimal
 * places: DynamoDB stores numbers of magnitude 1E-130 and up, so a value such
 * as 1.3E-288 would otherwise be refused by the database instead of by us.
 */
export function sixDecimalPlaces<S extends z.ZodNumber>(figure: S): S {
  return figure.refine((v) => Number(v.toFixed(6)) === v, 'must have at most 6 decimal places') as unknown as S;
}

/**
 * Free text a person writes (a note, comment, reason, purpose, reference,
 * description, commentary or summary): refused, saying why, when it carries a
 * date of birth, a postcode or an e-mail address (shared/domain/personal-data.ts).
 */
export function withoutPersonalData<S extends z.ZodString>(text: S): S {
  return text.superRefine((value, ctx) => {
    const reason = personalDataIn(value);
    if (reason) ctx.addIssue({ code: 'custom', message: reason });
  }) as S;
}

export const IsoDate = z.iso.date().meta({ description: 'A date, YYYY-MM-DD' });

export const Version = z.number().int().min(1);

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.array(z.unknown()),
    }),
  })
  .meta({ id: 'Error' });

export const Actor = z.object({ sub: z.string(), council: z.string().optional(), groups: z.array(z.string()) });

export const QuarterId = z.string().refine(isQuarter, 'must be a quarter such as "2019-20-Q1" (Q1 is April to June)').meta({ description: 'Quarter, e.g. 2019-20-Q1' });
