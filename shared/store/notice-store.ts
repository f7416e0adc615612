import { QueryCommand } from './dynamodb.ts';
import type { Notices } from '../ports.ts';
import { Notice, type Audience } from '../schemas/notice.ts';
import { keys, withoutKeys } from './keys.ts';
import { writeOnce, type Table } from './table.ts';

/** A notice's partition: its agency first, so a person of one agency can never read another's. */
export function audienceKey(audience: Audience): string {
  const who = audience.council ? `${audience.role}#${audience.council}` : audience.role;
  return audience.agency ? `${audience.agency}#${who}` : who;
}

/** A notice as two items of a transaction: its once-only mark and the notice itself (so a write can send what it causes together with itself). */
export function noticeEntries(table: Table, notice: Notice) {
  return [
    { Put: { TableName: table.name, Item: { ...keys.noticeOnce(notice.audience.agency, notice.noticeId), sentAt: notice.createdAt }, ConditionExpression: 'attribute_not_exists(pk)' } },
    { Put: { TableName: table.name, Item: { ...keys.notice(audienceKey(notice.audience), notice.createdAt, notice.noticeId), itemType: 'Notice', ...notice } } },
  ];
}

/**
 * The outbox: every reminder and notice is stored for the people it is for.
 * A notice has a deterministic id, so a step that runs twice (a retry, a
 * schedule firing twice, a restart) still sends it once.
 */
export class NoticeStore implements Notices {
  constructor(private readonly table: Table) {}

  /** Returns false when this notice was already sent. */
  async send(notice: Notice): Promise<boolean> {
    return writeOnce(this.table, noticeEntries(this.table, notice));
  }

  /**
   * A step's notices to several people, 50 to a transaction (two items
   * each). A transaction refused because one was sent already (the step ran
   * before) falls back to sending each once.
   */
  async sendAll(notices: readonly Notice[]): Promise<boolean[]> {
    const sent: boolean[] = [];
    for (let i = 0; i < notices.length; i += 50) {
      const chunk = notices.slice(i, i + 50);
      if (await writeOnce(this.table, chunk.flatMap((notice) => noticeEntries(this.table, notice)))) sent.push(...chunk.map(() => true));
      else for (const notice of chunk) sent.push(await this.send(notice));
    }
    return sent;
  }

  async listFor(audiences: readonly Audience[], limit = 100): Promise<Notice[]> {
    const pages = await Promise.all(
      audiences.map((audience) =>
        this.table.doc.send(
          new QueryCommand({
            TableName: this.table.name,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': keys.noticePartition(audienceKey(audience)) },
            ScanIndexForward: false,
            Limit: limit,
          }),
        ),
      ),
    );
    return pages
      .flatMap((page) => page.Items ?? [])
      .map((item) => Notice.parse(withoutKeys(item)))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.noticeId.localeCompare(a.noticeId))
      .slice(0, limit);
  }
}
