import { correlationId, logger } from '../telemetry.ts';
import type { Agency } from '../schemas/agency.ts';
import { actingBodiesFor, scbSeats } from '../domain/agreement.ts';
import type { Audience, Notice } from '../schemas/notice.ts';
import type { Deps } from '../ports.ts';
import { nowIso } from './now.ts';

export interface NoticeDraft {
  /** Deterministic: the same notice sent twice is stored once. */
  id: string;
  /** The agency it is about: only that agency's members see it (roles belong to an agency). */
  agency: string;
  audience: Audience;
  kind: string;
  subject: string;
  body: string;
}

/** The notice a draft makes, to send alone (`notify`) or in the transaction of the write that causes it. */
export function noticeOf(deps: Pick<Deps, 'clock'>, draft: NoticeDraft): Notice {
  return {
    noticeId: draft.id,
    audience: { ...draft.audience, agency: draft.agency },
    kind: draft.kind,
    subject: draft.subject,
    body: draft.body,
    createdAt: nowIso(deps),
    ...(correlationId() ? { correlationId: correlationId() } : {}),
  };
}

/** The outbox is also the log: locally this is how a notice "goes out". */
export function logNoticeSent(notice: Pick<Notice, 'kind' | 'audience' | 'subject'>): void {
  logger.info('notice sent', { kind: notice.kind, audience: notice.audience, subject: notice.subject });
}

export async function notify(deps: Pick<Deps, 'notices' | 'clock'>, draft: NoticeDraft): Promise<boolean> {
  const sent = await deps.notices.send(noticeOf(deps, draft));
  if (sent) logNoticeSent(draft);
  return sent;
}

/** Several notices one step causes, in one write (`Notices.sendAll`): how many were sent now. */
export async function notifyAll(deps: Pick<Deps, 'notices' | 'clock'>, drafts: readonly NoticeDraft[]): Promise<number> {
  const sent = await deps.notices.sendAll(drafts.map((draft) => noticeOf(deps, draft)));
  drafts.forEach((draft, i) => sent[i] && logNoticeSent(draft));
  return sent.filter(Boolean).length;
}

/** A council's finance officers, and those of any body acting for it. */
export function financeOfficersOf(agency: Agency, council: string): Audience[] {
  return [{ role: 'finance-officer', council }, ...actingBodiesFor(agency, council).map((body) => ({ role: 'finance-officer', council: body.council }))];
}

export function scbSeat(seat: string): Audience {
  return { role: 'scb-member', council: seat };
}

/** Every seat of the Strategic Commissioning Board. */
export function everyScbSeat(agency: Agency): Audience[] {
  return scbSeats(agency).map(scbSeat);
}

export const RAA_MANAGERS: Audience = { role: 'raa-manager' };

/** A council's Responsible Officer for adoption, on the RAA Management Board. */
export function responsibleOfficer(officer: string): Audience {
  return { role: 'responsible-officer', council: officer };
}
