/** The SNS message each stored notice becomes in AWS (SNS itself has no local engine, so the mapping is tested as a pure function). */
import { describe, expect, it } from 'vitest';
import { noticeMessage, subjectLine } from '../../shared/notices/sns-message.ts';

describe('a notice published to SNS', () => {
  const stored = {
    pk: 'NOTICE#finance-officer#dudley',
    sk: '2020-07-01T08:00:00.000Z#x',
    itemType: 'Notice',
    noticeId: 'x',
    audience: { role: 'finance-officer', council: 'dudley' },
    kind: 'contribution-published',
    subject: '2020-21 contribution approved: £1,121,000.00',
    body: 'The Strategic Commissioning Board approved the 2020-21 apportionment.',
    createdAt: '2020-07-01T08:00:00.000Z',
  };

  it('carries its audience as attributes, for each subscription to filter on', () => {
    expect(noticeMessage(stored)?.MessageAttributes).toEqual({
      role: { DataType: 'String', StringValue: 'finance-officer' },
      council: { DataType: 'String', StringValue: 'dudley' },
      kind: { DataType: 'String', StringValue: 'contribution-published' },
    });
  });

  it('has a subject SNS accepts: ASCII, at most 100 characters', () => {
    expect(noticeMessage(stored)?.Subject).toBe('2020-21 contribution approved: GBP 1,121,000.00');
    expect(subjectLine('x'.repeat(150))).toHaveLength(100);
  });

  it('is not made for anything in the table that is not a notice', () => {
    expect(noticeMessage({ ...stored, itemType: 'Placement' })).toBeUndefined();
  });
});
