import { GetCommand, QueryCommand } from './dynamodb.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { ApprovalFailure, NewApproval } from '../ports.ts';
import { approvalFailEntry, approvalOpenEntry } from './approval-entries.ts';
import { auditEntry } from './audit-log.ts';
import { withoutKeys } from './keys.ts';
import { writeTogether, type Table } from './table.ts';

type Key = { pk: string; sk: string };
type DecisionComments = { seat: string; decision: 'approve' | 'reject'; comment?: string | undefined }[];

/** What any agreed document's in-force record carries beside its terms. */
export interface InForceRecord {
  agency: string;
  year: string;
  version: number;
  updatedBy: string;
  updatedAt: string;
  approvalId?: string | undefined;
  basedOn?: number | undefined;
}

/** What any version record carries beside its terms. */
export interface VersionRecord {
  agency: string;
  year: string;
  version: number;
  status: 'proposed' | 'in-force' | 'superseded' | 'rejected' | 'expired' | 'failed';
  basedOn?: number | undefined;
  approvalId?: string | undefined;
  proposedBy: string;
  proposedAt: string;
  changes: { field: string; inForce?: unknown; proposed?: unknown }[];
  decisionComments?: DecisionComments | undefined;
}

/** One kind of agreement between the councils (the funding protocol, the performance framework): its words, keys and shapes. */
export interface AgreedDocument<Terms, InForce extends InForceRecord & Terms, Version extends VersionRecord & Terms> {
  /** As a board reads it: "indicator catalogue". */
  what: string;
  /** The audit entity type and action prefix, e.g. IndicatorCatalogue / indicator-catalogue. */
  entityType: string;
  auditAction: string;
  /** How the table names each item (`itemType`): the in-force record, a version, the lock on the proposal awaiting the SCB. */
  itemTypes: { inForce: string; version: string; proposal: string };
  keys: {
    inForce(agency: string, year: string): Key;
    version(agency: string, year: string, version: number): Key;
    proposal(agency: string, year: string): Key;
    partition(agency: string, year: string): string;
    /** The in-force record, its proposal and every version share this sort-key prefix: one Query. */
    prefix: string;
    versionPrefix: string;
  };
  parseInForce(item: unknown): InForce;
  parseVersion(item: unknown): Version;
  termsOf(record: Terms): Terms;
}

export interface AgreedRecords<InForce, Version> {
  inForce: InForce | undefined;
  proposed: Version | undefined;
  versions: Version[];
}

/**
 * An agreement as the councils keep it (DOMAIN.md, "An agreement, not a
 * setting"), one mechanism for each kind (the funding protocol, the
 * performance framework): the version in force is one item, the only one
 * anything reads to count, charge, remind or rate; each proposal is a version item of its own; a PROPOSED
 * item holds the one proposal awaiting the SCB, so a second cannot be opened
 * beside it, and is marked released when that one is settled. Nothing is ever deleted.
 */
export class AgreedDocumentStore<Terms, InForce extends InForceRecord & Terms, Version extends VersionRecord & Terms> {
  constructor(
    protected readonly table: Table,
    protected readonly doc: AgreedDocument<Terms, InForce, Version>,
  ) {}

  async find(agency: string, year: string): Promise<InForce | undefined> {
    const result = await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: this.doc.keys.inForce(agency, year), ConsistentRead: true }));
    return result.Item ? this.doc.parseInForce(withoutKeys(result.Item)) : undefined;
  }

  async get(agency: string, year: string): Promise<InForce> {
    const found = await this.find(agency, year);
    if (!found) throw new NotFoundError(`No ${this.doc.what} is in force for ${agency} in ${year}`);
    return found;
  }

  async records(agency: string, year: string): Promise<AgreedRecords<InForce, Version>> {
    const result = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': this.doc.keys.partition(agency, year), ':prefix': this.doc.keys.prefix },
        ConsistentRead: true,
      }),
    );
    const items = (result.Items ?? []) as Record<string, unknown>[];
    const inForce = items.find((i) => i.sk === this.doc.keys.inForce(agency, year).sk);
    const versions = items
      .filter((i) => String(i.sk).startsWith(this.doc.keys.versionPrefix))
      .map((i) => this.doc.parseVersion(withoutKeys(i)))
      .sort((a, b) => a.version - b.version);
    return { inForce: inForce ? this.doc.parseInForce(withoutKeys(inForce)) : undefined, proposed: versions.find((v) => v.status === 'proposed'), versions };
  }

  async version(agency: string, year: string, version: number): Promise<Version> {
    const result = await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: this.doc.keys.version(agency, year, version), ConsistentRead: true }));
    if (!result.Item) throw new NotFoundError(`No version ${version} of the ${this.doc.what} for ${year}`);
    return this.doc.parseVersion(withoutKeys(result.Item));
  }

  /** Stores the proposal and opens its SCB approval together, only if no other proposal awaits the SCB and the version in force is still the one it varies. */
  async propose(proposal: Version, approval: NewApproval): Promise<void> {
    const { agency, year } = proposal;
    const k = this.doc.keys;
    await writeTogether(
      this.table,
      [
        { Put: { TableName: this.table.name, Item: { ...k.version(agency, year, proposal.version), itemType: this.doc.itemTypes.version, ...proposal }, ConditionExpression: 'attribute_not_exists(pk)' } },
        // The lock is taken when absent or released: it is never deleted (the functions are granted no DeleteItem).
        {
          Put: {
            TableName: this.table.name,
            Item: { ...k.proposal(agency, year), itemType: this.doc.itemTypes.proposal, version: proposal.version, approvalId: proposal.approvalId },
            ConditionExpression: 'attribute_not_exists(pk) OR released = :released',
            ExpressionAttributeValues: { ':released': true },
          },
        },
        { ConditionCheck: { TableName: this.table.name, Key: k.inForce(agency, year), ...this.basedOnCondition(proposal.basedOn) } },
        approvalOpenEntry(this.table, approval),
        auditEntry(this.table, { agency, actor: proposal.proposedBy, action: `${this.doc.auditAction}.proposed`, entity: { type: this.doc.entityType, id: `${year}/v${proposal.version}` }, after: proposal, at: proposal.proposedAt }),
      ],
      (failed) =>
        failed.includes(1)
          ? new ConflictError(`Another version of the ${this.doc.what} for ${year} was proposed at the same moment and awaits the SCB`, 'PROPOSAL_PENDING')
          : new ConflictError(`The ${this.doc.what} for ${year} changed while this was proposed; reload and try again`, 'VERSION_CONFLICT'),
    );
  }

  /**
   * The SCB agreed: the proposal comes into force in one transaction, only if
   * the version in force is still the one it varied; the version it replaces
   * is kept as history (`superseded`). Idempotent.
   */
  async bringIntoForce(args: { agency: string; year: string; version: number; decisionComments: DecisionComments | undefined; actor: string; at: string }): Promise<InForce | undefined> {
    const { agency, year, version, at } = args;
    const k = this.doc.keys;
    const { inForce, versions } = await this.records(agency, year);
    const proposal = versions.find((v) => v.version === version);
    if (!proposal) throw new NotFoundError(`No version ${version} of the ${this.doc.what} for ${year}`);
    if (proposal.status === 'in-force') return undefined;
    if (proposal.status !== 'proposed') throw new ConflictError(`Version ${version} of the ${this.doc.what} for ${year} is already ${proposal.status}`, 'PROPOSAL_SETTLED');

    const agreed = this.doc.parseInForce({
      ...this.doc.termsOf(proposal),
      agency,
      year,
      version,
      updatedBy: proposal.proposedBy,
      updatedAt: at,
      agreedAt: at,
      ...(proposal.approvalId ? { approvalId: proposal.approvalId } : {}),
      ...(proposal.basedOn !== undefined ? { basedOn: proposal.basedOn } : {}),
    });
    const superseded = inForce ? this.supersededRecord(inForce, versions, version, at) : undefined;
    await writeTogether(
      this.table,
      [
        { Put: { TableName: this.table.name, Item: { ...k.inForce(agency, year), itemType: this.doc.itemTypes.inForce, ...agreed }, ...this.basedOnCondition(proposal.basedOn) } },
        this.settleVersion(agency, year, version, 'in-force', at, args.decisionComments),
        ...(superseded
          ? [
              {
                Put: {
                  TableName: this.table.name,
                  Item: { ...k.version(agency, year, superseded.version), itemType: this.doc.itemTypes.version, ...superseded },
                  ConditionExpression: 'attribute_not_exists(pk) OR #status = :inForce',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: { ':inForce': 'in-force' },
                },
              },
            ]
          : []),
        this.releaseProposal(agency, year, version),
        auditEntry(this.table, { agency, actor: args.actor, action: `${this.doc.auditAction}.in-force`, entity: { type: this.doc.entityType, id: `${year}/v${version}` }, before: inForce, after: agreed, at }),
      ],
      (failed) =>
        failed.includes(0)
          ? new ConflictError(`The ${this.doc.what} in force for ${year} is no longer version ${proposal.basedOn ?? 'none'}, which version ${version} varied`, 'VERSION_CONFLICT')
          : new ConflictError(`Version ${version} of the ${this.doc.what} for ${year} was settled by someone else`, 'PROPOSAL_SETTLED'),
    );
    return agreed;
  }

  /** The SCB rejected the proposal, or it lapsed: the version in force stays as it was. Idempotent. */
  /**
   * Rejected, lapsed or failed (the workflow behind it failed; its approval
   * fails in the same write): the version in force stays and another may be
   * proposed. `failed` changes nothing once the proposal has an outcome.
   */
  async close(args: { agency: string; year: string; version: number; to: 'rejected' | 'expired' | 'failed'; decisionComments?: DecisionComments | undefined; failure?: ApprovalFailure; actor: string; at: string }): Promise<boolean> {
    const { agency, year, version, at } = args;
    const before = await this.version(agency, year, version);
    if (before.status === args.to) return false;
    if (args.to === 'failed' && before.status !== 'proposed') return false;
    if (before.status !== 'proposed') throw new ConflictError(`Version ${version} of the ${this.doc.what} for ${year} is already ${before.status}`, 'PROPOSAL_SETTLED');
    await writeTogether(this.table, [
      this.settleVersion(agency, year, version, args.to, at, args.decisionComments),
      this.releaseProposal(agency, year, version),
      ...(args.to === 'failed' && args.failure ? [approvalFailEntry(this.table, agency, args.failure.approvalId, args.failure)] : []),
      auditEntry(this.table, {
        agency,
        actor: args.actor,
        action: `${this.doc.auditAction}.${args.to}`,
        entity: { type: this.doc.entityType, id: `${year}/v${version}` },
        before: { status: before.status },
        after: { status: args.to, decidedAt: at, decisionComments: args.decisionComments, failure: args.failure },
        at,
      }),
    ]);
    return true;
  }

  private basedOnCondition(basedOn: number | undefined) {
    return basedOn === undefined
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : { ConditionExpression: 'version = :basedOn', ExpressionAttributeValues: { ':basedOn': basedOn } };
  }

  private settleVersion(agency: string, year: string, version: number, to: string, at: string, decisionComments: DecisionComments | undefined) {
    return {
      Update: {
        TableName: this.table.name,
        Key: this.doc.keys.version(agency, year, version),
        UpdateExpression: 'SET #status = :to, decidedAt = :at' + (decisionComments ? ', decisionComments = :comments' : ''),
        ConditionExpression: '#status = :proposed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':to': to, ':at': at, ':proposed': 'proposed', ...(decisionComments ? { ':comments': decisionComments } : {}) },
      },
    };
  }

  /** Releases the lock on the proposal awaiting the SCB by marking it, not deleting it: nothing here deletes. */
  private releaseProposal(agency: string, year: string, version: number) {
    return {
      Update: {
        TableName: this.table.name,
        Key: this.doc.keys.proposal(agency, year),
        UpdateExpression: 'SET released = :released',
        ConditionExpression: 'version = :version',
        ExpressionAttributeValues: { ':version': version, ':released': true },
      },
    };
  }

  /** The version in force as history once replaced; one set before agreement went through the SCB gets a version record now. */
  private supersededRecord(inForce: InForce, versions: Version[], by: number, at: string): Version {
    const kept = versions.find((v) => v.version === inForce.version);
    return this.doc.parseVersion({
      ...(kept ?? {
        ...this.doc.termsOf(inForce),
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
    });
  }
}
