/**
 * The transaction items by which a subject (a spot purchase, an
 * apportionment, an agreement's proposal, a reinvestment) opens its SCB
 * approval and marks it failed, written together with the subject's own
 * change. Kept apart from the approval store, so the subjects' stores carry
 * none of the decision rules.
 */
import type { NewApproval } from '../ports.ts';
import type { Approval, SeatDecision, WorkflowFailure } from '../schemas/approval.ts';
import { keys } from './keys.ts';
import type { Table } from './table.ts';

/** How an approval is stored: decisions by seat, plus the callback token (never shown to anyone). */
export interface StoredApproval extends Omit<Approval, 'decisions' | 'awaiting'> {
  decisions: Record<string, SeatDecision>;
  taskToken?: string;
}

/** A Put that opens the approval, to be written together with its subject. */
export function approvalOpenEntry(table: Table, approval: NewApproval) {
  const stored: StoredApproval = { ...approval, decisions: {}, status: 'pending', remindersSent: 0, version: 1 };
  return {
    Put: {
      TableName: table.name,
      Item: {
        ...keys.approval(approval.agency, approval.approvalId),
        itemType: 'Approval',
        gsi1pk: keys.approvalsByStatus(approval.agency, 'pending'),
        gsi1sk: `${approval.openedAt}#${approval.approvalId}`,
        ...stored,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * An Update that marks the approval failed, to be written together with its
 * subject's move to `failed` (the workflow behind both failed): whatever it
 * was (pending, or decided but not carried out), it takes no decision any
 * more and leaves the pending list. The audit entry is the subject's.
 */
export function approvalFailEntry(table: Table, agency: string, approvalId: string, failure: WorkflowFailure) {
  return {
    Update: {
      TableName: table.name,
      Key: keys.approval(agency, approvalId),
      UpdateExpression: 'SET #status = :failed, gsi1pk = :gsi, failure = :failure, version = version + :one REMOVE taskToken',
      ConditionExpression: 'attribute_exists(pk) AND #status <> :failed',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':failed': 'failed', ':gsi': keys.approvalsByStatus(agency, 'failed'), ':failure': failure, ':one': 1 },
    },
  };
}
