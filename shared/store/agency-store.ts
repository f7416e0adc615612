import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '../errors.ts';
import { Agency } from '../schemas/agency.ts';
import { keys, withoutKeys } from './keys.ts';
import { writeOnce, type Table } from './table.ts';

export class AgencyStore {
  constructor(private readonly table: Table) {}

  async get(agency: string): Promise<Agency> {
    const result = await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keys.agency(agency) }));
    if (!result.Item) throw new NotFoundError(`No agency "${agency}"`);
    return Agency.parse(withoutKeys(result.Item));
  }

  /** Every agency on this deployment (the scheduled jobs walk them). */
  async list(): Promise<string[]> {
    const result = await this.table.doc.send(new QueryCommand({ TableName: this.table.name, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.agencyIndex } }));
    return (result.Items ?? []).map((i) => String(i.sk));
  }

  /** Seeding: writes the agency once; a second seed changes nothing. */
  async createIfAbsent(agency: Agency): Promise<boolean> {
    return writeOnce(this.table, [
        { Put: { TableName: this.table.name, Item: { ...keys.agency(agency.agency), itemType: 'Agency', ...agency }, ConditionExpression: 'attribute_not_exists(pk)' } },
        { Put: { TableName: this.table.name, Item: { pk: keys.agencyIndex, sk: agency.agency, itemType: 'AgencyIndexEntry' } } },
    ]);
  }
}
