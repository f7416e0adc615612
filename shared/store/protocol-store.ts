import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '../errors.ts';
import { FundingProtocol, type FundingProtocolInput } from '../schemas/protocol.ts';
import { auditEntry } from './audit-log.ts';
import { keys, withoutKeys } from './keys.ts';
import { versionedPut } from './versioned-put.ts';
import type { Table } from './table.ts';

export class ProtocolStore {
  constructor(private readonly table: Table) {}

  async find(agency: string, year: string): Promise<FundingProtocol | undefined> {
    const result = await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keys.protocol(agency, year), ConsistentRead: true }));
    return result.Item ? FundingProtocol.parse(withoutKeys(result.Item)) : undefined;
  }

  async get(agency: string, year: string): Promise<FundingProtocol> {
    const protocol = await this.find(agency, year);
    if (!protocol) throw new NotFoundError(`No funding protocol is set for ${agency} in ${year}`);
    return protocol;
  }

  async save(args: { agency: string; year: string; input: FundingProtocolInput; ifMatch: number | undefined; actor: string; at: string }): Promise<FundingProtocol> {
    const before = await this.find(args.agency, args.year);
    const after: FundingProtocol = {
      ...args.input,
      agency: args.agency,
      year: args.year,
      version: (before?.version ?? 0) + 1,
      updatedBy: args.actor,
      updatedAt: args.at,
    };
    await versionedPut(this.table, {
      key: keys.protocol(args.agency, args.year),
      itemType: 'FundingProtocol',
      record: after,
      current: before,
      ifMatch: args.ifMatch,
      what: `funding protocol for ${args.year}`,
      alongside: [
        auditEntry(this.table, {
          agency: args.agency,
          actor: args.actor,
          action: before ? 'protocol.changed' : 'protocol.set',
          entity: { type: 'FundingProtocol', id: args.year },
          before,
          after,
          at: args.at,
        }),
      ],
    });
    return after;
  }
}
