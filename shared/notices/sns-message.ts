/**
 * In AWS a notice stored in the outbox goes out through SNS: one topic, with
 * the audience as message attributes, so each subscription (an e-mail
 * address, a council's own system) takes only what is for it with a filter
 * policy such as {"role": ["finance-officer"], "council": ["dudley"]}.
 */
import { Notice } from '../schemas/notice.ts';

export interface NoticeMessage {
  Subject: string;
  Message: string;
  MessageAttributes: Record<string, { DataType: 'String'; StringValue: string }>;
}

/** SNS subjects are at most 100 characters, ASCII, no line breaks. */
export function subjectLine(subject: string): string {
  const ascii = subject.replace(/£/g, 'GBP ').replace(/[^\x20-\x7E]/g, '-').replace(/\s+/g, ' ').trim();
  return ascii.length <= 100 ? ascii : `${ascii.slice(0, 97)}...`;
}

/** The SNS message for a stored notice, or undefined for any other item. */
export function noticeMessage(item: Record<string, unknown>): NoticeMessage | undefined {
  if (item.itemType !== 'Notice') return undefined;
  const notice = Notice.parse(item);
  return {
    Subject: subjectLine(notice.subject),
    Message: `${notice.subject}\n\n${notice.body}\n`,
    MessageAttributes: {
      role: { DataType: 'String', StringValue: notice.audience.role },
      ...(notice.audience.council ? { council: { DataType: 'String', StringValue: notice.audience.council } } : {}),
      ...(notice.audience.agency ? { agency: { DataType: 'String', StringValue: notice.audience.agency } } : {}),
      kind: { DataType: 'String', StringValue: notice.kind },
      ...(notice.correlationId ? { correlationId: { DataType: 'String', StringValue: notice.correlationId } } : {}),
    },
  };
}
