import { GetCommand, QueryCommand } from './dynamodb.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { Agencies } from '../ports.ts';
import { Agency } from '../schemas/agency.ts';
import { auditEntry } from './audit-log.ts';
import { keys, withoutKeys } from './keys.ts';
import { versionedPut } from './versioned-put.ts';
import type { Table } from './table.ts';

export class AgencyStore implements Agencies {
  constructor(private readonly table: Table) {}

  async find(agency: string): Promise<Agency | undefined> {
    const result = await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keys.agency(agency), ConsistentRead: true }));
    return result.Item ? Agency.parse(withoutKeys(result.Item)) : undefined;
  }

  async get(agency: string): Promise<Agency> {
    const found = await this.find(agency);
    if (!found) throw new NotFoundError(`No agency "${agency}"`);
    return found;
  }

  /** Every agency on this deployment (the scheduled jobs walk them). */
  async list(): Promise<string[]> {
    const result = await this.table.doc.send(new QueryCommand({ TableName: this.table.name, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.agencyIndex } }));
    return (result.Items ?? []).map((i) => String(i.sk));
  }

  /**
   * Creates the agreement (`before` absent, no If-Match) or changes the
   * version the caller read, with its audit event and its entry in the agency
   * index, all in one transaction.
   */
  async save(args: { before: Agency | undefined; after: Agency; ifMatch: number | undefined }): Promise<Agency> {
    const { before, after } = args;
    await versionedPut(this.table, {
      key: keys.agency(after.agency),
      itemType: 'Agency',
      record: after,
      current: before,
      ifMatch: args.ifMatch,
      what: `agreement of ${after.agency}`,
      alongside: [
        { Put: { TableName: this.table.name, Item: { pk: keys.agencyIndex, sk: after.agency, itemType: 'AgencyIndexEntry' } } },
        auditEntry(this.table, {
          agency: after.agency,
          actor: after.updatedBy,
          action: before ? 'agreement.changed' : 'agreement.set',
          entity: { type: 'Agency', id: after.agency },
          before,
          after,
          at: after.updatedAt,
        }),
      ],
    });
    return after;
  }

  /** Seeding: creates the agency as `save` would; a second seed changes nothing. */
  async createIfAbsent(agency: Agency): Promise<boolean> {
    try {
      await this.save({ before: undefined, after: agency, ifMatch: undefined });
      return true;
    } catch (error) {
      if (error instanceof ConflictError) return false;
      throw error;
    }
  }
}
