import { z } from 'zod';
import { isFinancialYear } from '../domain/financial-year.ts';

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
  .number()
  .int('must be a whole number of pence')
  .refine(Number.isSafeInteger, 'is too large')
  .meta({ description: 'Money in integer pence' });

export const NonNegativePence = PenceAmount.refine((v) => v >= 0, 'must not be negative');

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
