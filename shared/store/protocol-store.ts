import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError } from '../errors.ts';
import { FundingProtocol, ProtocolVersion, termsOf } from '../schemas/protocol.ts';
import type { NewApproval, ProtocolRecords, Protocols } from '../ports.ts';
import type { ApprovalStore } from './approval-store.ts';
import { auditEntry } from './audit-log.ts';
import { keys, withoutKeys } from './keys.ts';
import { writeTogether, type Table } from './table.ts';

type Closed = Extract<ProtocolVersion['status'], 'rejected' | 'expired'>;

/**
 * The protocol in force is one item (`PROTOCOL`), the only one anything that
 * charges, counts or reminds reads. Each proposal is a version item of its
 * own; a `PROTOCOL#PROPOSED` item holds the one proposal awaiting the SCB, so
 * a second cannot be opened beside it. Nothing is ever deleted but that lock.
 */
export class ProtocolStore implements Protocols {
  constructor(
    private readonly table: Table,
    private readonly approvals: ApprovalStore,
  ) {}

  /** The protocol in force, if the SCB has agreed one. */
  async find(agency: string, year: string): Promise<FundingProtocol | undefined> {
    const result = await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keys.protocol(agency, year), ConsistentRead: true }));
    return result.Item ? FundingProtocol.parse(withoutKeys(result.Item)) : undefined;
  }

  async get(agency: string, year: string): Promise<FundingProtocol> {
    const protocol = await this.find(agency, year);
    if (!protocol) throw new NotFoundError(`No funding protocol is in force for ${agency} in ${year}`);
    return protocol;
  }

  async records(agency: string, year: string): Promise<ProtocolRecords> {
    const result = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.yearPartition(agency, year), ':prefix': keys.protocolPrefix },
        ConsistentRead: true,
      }),
    );
    const items = (result.Items ?? []) as Record<string, unknown>[];
    const inForce = items.find((i) => i.sk === keys.protocol(agency, year).sk);
    const versions = items
      .filter((i) => String(i.sk).startsWith(keys.protocolVersionPrefix))
      .map((i) => ProtocolVersion.parse(withoutKeys(i)))
      .sort((a, b) => a.version - b.version);
    return {
      inForce: inForce ? FundingProtocol.parse(withoutKeys(inForce)) : undefined,
      proposed: versions.find((v) => v.status === 'proposed'),
      versions,
    };
  }

  async version(agency: string, year: string, version: number): Promise<ProtocolVersion> {
    const result = await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keys.protocolVersion(agency, year, version), ConsistentRead: true }));
    if (!result.Item) throw new NotFoundError(`No version ${version} of the funding protocol for ${year}`);
    return ProtocolVersion.parse(withoutKeys(result.Item));
  }

  /**
   * Stores the proposal and opens its SCB approval together, only if no other
   * proposal awaits the SCB and the version in force is still the one it varies.
   */
  async propose(proposal: ProtocolVersion, approval: NewApproval): Promise<void> {
    const { agency, year } = proposal;
    await writeTogether(
      this.table,
      [
        {
          Put: {
            TableName: this.table.name,
            Item: { ...keys.protocolVersion(agency, year, proposal.version), itemType: 'ProtocolVersion', ...proposal },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.table.name,
            Item: { ...keys.protocolProposal(agency, year), itemType: 'ProtocolProposal', version: proposal.version, approvalId: proposal.approvalId },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          ConditionCheck: {
            TableName: this.table.name,
            Key: keys.protocol(agency, year),
            ...(proposal.basedOn === undefined
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : { ConditionExpression: 'version = :basedOn', ExpressionAttributeValues: { ':basedOn': proposal.basedOn } }),
          },
        },
        this.approvals.openEntry(approval),
        auditEntry(this.table, {
          agency,
          actor: proposal.proposedBy,
          action: 'protocol.proposed',
          entity: { type: 'FundingProtocol', id: `${year}/v${proposal.version}` },
          after: proposal,
          at: proposal.proposedAt,
        }),
      ],
      (failed) =>
        failed.includes(1)
          ? new ConflictError(`Another version of the funding protocol for ${year} was proposed at the same moment and awaits the SCB`, 'PROPOSAL_PENDING')
          : new ConflictError(`The funding protocol for ${year} changed while this was proposed; reload and try again`, 'VERSION_CONFLICT'),
    );
  }

  /**
   * The SCB agreed: the proposal comes into force in one transaction, only if
   * the version in force is still the one it varied. The version it replaces
   * is kept as history (`superseded`). Idempotent: a step run twice changes
   * nothing the second time.
   */
  async bringIntoForce(args: { agency: string; year: string; version: number; decisionComments: ProtocolVersion['decisionComments']; actor: string; at: string }): Promise<FundingProtocol | undefined> {
    const { agency, year, version, at } = args;
    const { inForce, versions } = await this.records(agency, year);
    const proposal = versions.find((v) => v.version === version);
    if (!proposal) throw new NotFoundError(`No version ${version} of the funding protocol for ${year}`);
    if (proposal.status === 'in-force') return undefined;
    if (proposal.status !== 'proposed') throw new ConflictError(`Version ${version} of the funding protocol for ${year} is already ${proposal.status}`, 'PROPOSAL_SETTLED');

    const agreed: FundingProtocol = {
      ...termsOf(proposal),
      agency,
      year,
      version,
      updatedBy: proposal.proposedBy,
      updatedAt: at,
      agreedAt: at,
      ...(proposal.approvalId ? { approvalId: proposal.approvalId } : {}),
      ...(proposal.basedOn !== undefined ? { basedOn: proposal.basedOn } : {}),
    };
    const superseded = inForce ? this.supersededRecord(inForce, versions, version, at) : undefined;
    await writeTogether(
      this.table,
      [
        {
          Put: {
            TableName: this.table.name,
            Item: { ...keys.protocol(agency, year), itemType: 'FundingProtocol', ...agreed },
            ...(proposal.basedOn === undefined
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : { ConditionExpression: 'version = :basedOn', ExpressionAttributeValues: { ':basedOn': proposal.basedOn } }),
          },
        },
        {
          Update: {
            TableName: this.table.name,
            Key: keys.protocolVersion(agency, year, version),
            UpdateExpression: 'SET #status = :inForce, decidedAt = :at' + (args.decisionComments ? ', decisionComments = :comments' : ''),
            ConditionExpression: '#status = :proposed',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':inForce': 'in-force', ':at': at, ':proposed': 'proposed', ...(args.decisionComments ? { ':comments': args.decisionComments } : {}) },
          },
        },
        ...(superseded
          ? [
              {
                Put: {
                  TableName: this.table.name,
                  Item: { ...keys.protocolVersion(agency, year, superseded.version), itemType: 'ProtocolVersion', ...superseded },
                  ConditionExpression: 'attribute_not_exists(pk) OR #status = :inForce',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: { ':inForce': 'in-force' },
                },
              },
            ]
          : []),
        this.releaseProposal(agency, year, version),
        auditEntry(this.table, {
          agency,
          actor: args.actor,
          action: 'protocol.in-force',
          entity: { type: 'FundingProtocol', id: `${year}/v${version}` },
          before: inForce,
          after: agreed,
          at,
        }),
      ],
      (failed) =>
        failed.includes(0)
          ? new ConflictError(`The funding protocol in force for ${year} is no longer version ${proposal.basedOn ?? 'none'}, which version ${version} varied`, 'VERSION_CONFLICT')
          : new ConflictError(`Version ${version} of the funding protocol for ${year} was settled by someone else`, 'PROPOSAL_SETTLED'),
    );
    return agreed;
  }

  /** The SCB rejected the proposal, or it lapsed: the version in force stays as it was. Idempotent. */
  async close(args: { agency: string; year: string; version: number; to: Closed; decisionComments?: ProtocolVersion['decisionComments']; actor: string; at: string }): Promise<boolean> {
    const { agency, year, version, at } = args;
    const before = await this.version(agency, year, version);
    if (before.status === args.to) return false;
    if (before.status !== 'proposed') throw new ConflictError(`Version ${version} of the funding protocol for ${year} is already ${before.status}`, 'PROPOSAL_SETTLED');
    await writeTogether(this.table, [
      {
        Update: {
          TableName: this.table.name,
          Key: keys.protocolVersion(agency, year, version),
          UpdateExpression: 'SET #status = :to, decidedAt = :at' + (args.decisionComments ? ', decisionComments = :comments' : ''),
          ConditionExpression: '#status = :proposed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':to': args.to, ':at': at, ':proposed': 'proposed', ...(args.decisionComments ? { ':comments': args.decisionComments } : {}) },
        },
      },
      this.releaseProposal(agency, year, version),
      auditEntry(this.table, {
        agency,
        actor: args.actor,
        action: `protocol.${args.to}`,
        entity: { type: 'FundingProtocol', id: `${year}/v${version}` },
        before: { status: before.status },
        after: { status: args.to, decidedAt: at, decisionComments: args.decisionComments },
        at,
      }),
    ]);
    return true;
  }

  private releaseProposal(agency: string, year: string, version: number) {
    return {
      Delete: {
        TableName: this.table.name,
        Key: keys.protocolProposal(agency, year),
        ConditionExpression: 'version = :version',
        ExpressionAttributeValues: { ':version': version },
      },
    };
  }

  /** The version in force as history once replaced; one set before agreement went through the SCB gets a version record now. */
  private supersededRecord(inForce: FundingProtocol, versions: ProtocolVersion[], by: number, at: string): ProtocolVersion {
    const kept = versions.find((v) => v.version === inForce.version);
    return {
      ...(kept ?? {
        ...termsOf(inForce),
        agency: inForce.agency,
        year: inForce.year,
        version: inForce.version,
        ...(inForce.approvalId ? { approvalId: inForce.approvalId } : {}),
        proposedBy: inForce.updatedBy,
        proposedAt: inForce.updatedAt,
        changes: [],
      }),
      status: 'superseded',
      supersededAt: at,
      supersededBy: by,
    };
  }
}
