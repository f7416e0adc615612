import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '../errors.ts';
import { Agency } from '../schemas/agency.ts';
import { keys, withoutKeys } from './keys.ts';
import { isConditionFailure, type Table } from './table.ts';

export class AgencyStore {
  constructor(private readonly table: Table) {}

  async get(agency: string): Promise<Agency> {
    const result = await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keys.agency(agency) }));
    if (!result.Item) throw new NotFoundError(`No agency "${agency}"`);
    return Agency.parse(withoutKeys(result.Item));
  }

  /** Seeding: writes the agency once; a second seed changes nothing. */
  async createIfAbsent(agency: Agency): Promise<boolean> {
    try {
      await this.table.doc.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...keys.agency(agency.agency), itemType: 'Agency', ...agency },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
