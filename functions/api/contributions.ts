import { apportionments, contributions } from '#shared/store/adapters';
import { contributionAccount, recordContributionReceipt } from '#shared/use-cases/contributions';
import { created, httpRoute, idempotencyKey, ok } from '../middleware.ts';
import { contributionRoutes } from './routes/contributions.ts';

export const recordReceipt = httpRoute(contributionRoutes.recordContributionReceipt, { contributions }, async ({ deps, caller, params, body, headers }) => {
  const { replayed, ...receipt } = await recordContributionReceipt(deps, caller, { ...params, request: body, idempotencyKey: idempotencyKey(headers) });
  return replayed ? ok(receipt, { 'idempotent-replayed': 'true' }) : created(receipt);
});

export const getContribution = httpRoute(contributionRoutes.getContribution, { apportionments, contributions }, async ({ deps, caller, params, query }) => ok(await contributionAccount(deps, caller, { ...params, ...query })));
