/**
 * The RAA Management Board's rule, without any engine: every Responsible
 * Officer must note a compiled report before it goes to the SCB; one
 * send-back sends it back; until then it waits on those who have not decided.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { approvalOutcome, awaitingSeats } from '../../shared/domain/approval-rule.ts';
import { MANAGEMENT_BOARD_RULE, asApprovalDecision, managementBoardReview } from '../../shared/domain/management-board.ts';
import { adoptionAtHeart } from '../../shared/reference/adoption-at-heart.ts';
import { AgreementInput } from '../../shared/schemas/agency.ts';
import type { Approval } from '../../shared/schemas/approval.ts';

const OFFICERS = ['ro-dudley', 'ro-sandwell', 'ro-walsall', 'ro-wolverhampton'];
const outcome = (decisions: Record<string, 'note' | 'send-back'>) =>
  approvalOutcome(MANAGEMENT_BOARD_RULE, OFFICERS, Object.fromEntries(Object.entries(decisions).map(([officer, d]) => [officer, asApprovalDecision(d)])));

describe('the Management Board rule', () => {
  it('sends the report on only when every responsible officer has noted it', () => {
    expect(outcome({ 'ro-dudley': 'note', 'ro-sandwell': 'note', 'ro-walsall': 'note' })).toBe('pending');
    expect(outcome(Object.fromEntries(OFFICERS.map((o) => [o, 'note'])))).toBe('approved');
  });

  it('sends the report back on any one send-back, whatever the others decided', () => {
    fc.assert(
      fc.property(fc.subarray(OFFICERS, { minLength: 1 }), fc.constantFrom(...OFFICERS), (noted, sender) => {
        const decisions: Record<string, 'note' | 'send-back'> = Object.fromEntries(noted.map((o) => [o, 'note']));
        decisions[sender] = 'send-back';
        expect(outcome(decisions)).toBe('rejected');
      }),
    );
  });

  it('waits on the officers who have not decided', () => {
    expect(awaitingSeats(OFFICERS, { 'ro-walsall': 'approve' })).toEqual(['ro-dudley', 'ro-sandwell', 'ro-wolverhampton']);
  });

  it("shows the board's review in its own words, each officer with the council they answer for", () => {
    const approval: Approval = {
      agency: adoptionAtHeart.agency,
      approvalId: 'report-2020-21-q1-v1-board',
      subject: { kind: 'management-board-review', year: '2020-21', id: '2020-21-Q1/v1', title: 'report' },
      rule: 'unanimous',
      seats: OFFICERS,
      decisions: [
        { seat: 'ro-dudley', decision: 'approve', decidedBy: 'ro-dudley', decidedAt: '2020-07-11T09:00:00.000Z' },
        { seat: 'ro-walsall', decision: 'reject', comment: 'Check A2.', decidedBy: 'ro-walsall', decidedAt: '2020-07-12T09:00:00.000Z' },
      ],
      awaiting: ['ro-sandwell', 'ro-wolverhampton'],
      status: 'rejected',
      document: {},
      openedAt: '2020-07-10T09:00:00.000Z',
      remindersSent: 0,
      version: 3,
    };
    expect(managementBoardReview(adoptionAtHeart, approval)).toEqual({
      approvalId: 'report-2020-21-q1-v1-board',
      status: 'sent-back',
      decisions: [
        { officer: 'ro-dudley', council: 'dudley', decision: 'note', decidedAt: '2020-07-11T09:00:00.000Z' },
        { officer: 'ro-walsall', council: 'walsall', decision: 'send-back', comment: 'Check A2.', decidedAt: '2020-07-12T09:00:00.000Z' },
      ],
      awaiting: ['ro-sandwell', 'ro-wolverhampton'],
    });
  });
});

describe('the Management Board in the agreement', () => {
  const { agency: _a, version: _v, updatedBy: _b, updatedAt: _c, ...agreement } = adoptionAtHeart;
  const withBoard = (managementBoard: unknown) => AgreementInput.safeParse({ ...agreement, managementBoard });

  it('may be absent: the step is then off', () => {
    const { managementBoard: _m, ...without } = agreement;
    expect(AgreementInput.safeParse(without).success).toBe(true);
  });

  it('cannot review reports with no responsible officer on it', () => {
    const parsed = withBoard({ reviewsQuarterlyReports: true, responsibleOfficers: [] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['managementBoard.responsibleOfficers']);
  });

  it('names each officer for a member council, not a body acting for one', () => {
    const parsed = withBoard({ reviewsQuarterlyReports: false, responsibleOfficers: [{ officer: 'ro-trust', council: 'sandwell-childrens-trust' }] });
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['managementBoard.responsibleOfficers.0.council']);
  });
});
