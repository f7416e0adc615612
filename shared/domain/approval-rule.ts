/**
 * How the Strategic Commissioning Board decides (the protocol's approval rule).
 *
 * - unanimous: approved when every seat approves; rejected by any rejection.
 * - majority: approved when more than half of all seats approve; rejected as
 *   soon as a majority of approvals can no longer be reached.
 * Seats that have not decided are `awaiting`.
 */
export type ApprovalRule = 'unanimous' | 'majority';
export type Decision = 'approve' | 'reject';
export type ApprovalOutcome = 'pending' | 'approved' | 'rejected';

export function approvalOutcome(rule: ApprovalRule, seats: readonly string[], decisions: Readonly<Record<string, Decision>>): ApprovalOutcome {
  const votes = seats.map((s) => decisions[s]);
  const approvals = votes.filter((v) => v === 'approve').length;
  const rejections = votes.filter((v) => v === 'reject').length;
  if (rule === 'unanimous') {
    if (rejections > 0) return 'rejected';
    return approvals === seats.length ? 'approved' : 'pending';
  }
  const needed = Math.floor(seats.length / 2) + 1;
  if (approvals >= needed) return 'approved';
  return seats.length - rejections < needed ? 'rejected' : 'pending';
}

export function awaitingSeats(seats: readonly string[], decisions: Readonly<Record<string, Decision>>): string[] {
  return seats.filter((s) => decisions[s] === undefined);
}
