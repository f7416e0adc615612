/**
 * In-memory fakes of the ports in shared/ports.ts, for use-case tests that
 * need no engine. They keep each port's contract as the DynamoDB stores do
 * (tested against DynamoDB Local in tests/integration): records carry
 * versions and change only at the version read (428 without If-Match, 409
 * when stale), creates are conditional (409), a retried create under the same
 * Idempotency-Key returns what the first made, every write leaves its audit
 * event, and what a caller gets back is a copy, never the stored record.
 *
 * Fakes exist for the ports the use-case tests take; a use case that needs
 * another port is tested on DynamoDB Local until its fake is written here.
 */
import { approvalOutcome, awaitingSeats, type Decision } from '../../shared/domain/approval-rule.ts';
import type { ToleranceStatus } from '../../shared/domain/tolerance.ts';
import { ConflictError, NotFoundError, PreconditionRequiredError, RuleViolation } from '../../shared/errors.ts';
import type {
  PlacementCase,
  Agencies,
  Apportionments,
  Approvals,
  AuditEvent,
  AuditTrail,
  Clock,
  Forecasts,
  Idempotency,
  NewApproval,
  Notices,
  Placements,
  ProtocolRecords,
  Protocols,
  RecordedToleranceStatus,
  StartedExecution,
  WorkflowEngine,
  WorkflowName,
  YearBook,
  LedgerSummary,
  PlacementPage,
  QuarterTally,
  ToleranceMove,
  YearFigures,
  AgencyYear,
  YearFiguresRead,
} from '../../shared/ports.ts';
import { TOLERANCE_MOVED } from '../../shared/ports.ts';
import { createHash } from 'node:crypto';
import { quarterContaining } from '../../shared/domain/quarter.ts';
import type { Agency } from '../../shared/schemas/agency.ts';
import type { Apportionment, ApportionmentStatus } from '../../shared/schemas/apportionment.ts';
import type { Approval, SeatDecision } from '../../shared/schemas/approval.ts';
import { nextForecastVersion, type PlacementForecast, type PlacementForecastInput } from '../../shared/schemas/forecast.ts';
import type { Audience, Notice } from '../../shared/schemas/notice.ts';
import { parsePlacementId, type Placement } from '../../shared/schemas/placement.ts';
import { termsOf, type FundingProtocol, type ProtocolVersion } from '../../shared/schemas/protocol.ts';

const copy = <T>(value: T): T => structuredClone(value);

/** A clock that stands where a test puts it. */
export class StoppedClock implements Clock {
  constructor(private at: Date) {}

  now(): Date {
    return new Date(this.at);
  }

  moveTo(at: Date): void {
    this.at = at;
  }
}

/** Workflows started are remembered, as Step Functions would list them; an execution name is used once. */
export class RecordedWorkflows implements WorkflowEngine {
  readonly started: { workflow: WorkflowName; executionName: string; input: Record<string, unknown> }[] = [];

  async start(workflow: WorkflowName, executionName: string, input: Record<string, unknown>): Promise<StartedExecution> {
    if (this.started.some((e) => e.workflow === workflow && e.executionName === executionName)) {
      throw new ConflictError(`Execution "${executionName}" of ${workflow} already exists`, 'EXECUTION_ALREADY_EXISTS');
    }
    this.started.push({ workflow, executionName, input: copy(input) });
    return { name: executionName, status: 'started' };
  }

  /** The tokens redeemed, in order; no execution waits on them here. */
  readonly redeemed: { token: string; outcome: 'success' | 'failure' }[] = [];
  /** Refuses the next redemption as a stopped process would never have sent it. */
  failNextRedemption = false;

  async sendTaskSuccess(token: string): Promise<boolean> {
    return this.redeem(token, 'success');
  }

  async sendTaskFailure(token: string): Promise<boolean> {
    return this.redeem(token, 'failure');
  }

  private redeem(token: string, outcome: 'success' | 'failure'): boolean {
    if (this.failNextRedemption) {
      this.failNextRedemption = false;
      throw new Error('stopped before the token was redeemed');
    }
    this.redeemed.push({ token, outcome });
    return false;
  }
}

export class InMemoryAuditTrail implements AuditTrail {
  private readonly events: AuditEvent[] = [];

  record(event: AuditEvent): void {
    this.events.push(copy(event));
  }

  async list(agency: string, limit = 200): Promise<AuditEvent[]> {
    return this.events
      .filter((e) => e.agency === agency)
      .reverse()
      .slice(0, limit)
      .map(copy);
  }
}

/** As versioned-put.ts: a create must not overwrite; a change names the version it read, and lands only at that version. */
function requireVersionToWrite(what: string, current: { version: number } | undefined, ifMatch: number | undefined): void {
  if (current && ifMatch === undefined) {
    throw new PreconditionRequiredError(`The ${what} already exists (version ${current.version}); send If-Match with the version you are changing`);
  }
  if (ifMatch !== undefined && current?.version !== ifMatch) {
    throw new ConflictError(current ? `The ${what} is at version ${current.version}, not ${ifMatch}; reload and try again` : `There is no ${what} at version ${ifMatch}`, 'VERSION_CONFLICT');
  }
}

export class InMemoryAgencies implements Agencies {
  private readonly agencies = new Map<string, Agency>();

  constructor(private readonly audit: InMemoryAuditTrail) {}

  async find(agency: string): Promise<Agency | undefined> {
    const found = this.agencies.get(agency);
    return found && copy(found);
  }

  async get(agency: string): Promise<Agency> {
    const found = await this.find(agency);
    if (!found) throw new NotFoundError(`No agency "${agency}"`);
    return found;
  }

  async list(): Promise<string[]> {
    return [...this.agencies.keys()].sort();
  }

  async save(args: { before: Agency | undefined; after: Agency; ifMatch: number | undefined }): Promise<Agency> {
    const { before, after } = args;
    requireVersionToWrite(`agreement of ${after.agency}`, before, args.ifMatch);
    // The write's condition: the version stored is still the one the caller read (none, for a create).
    if (this.agencies.get(after.agency)?.version !== before?.version) throw new ConflictError(`The agreement of ${after.agency} was changed by someone else; reload and try again`, 'VERSION_CONFLICT');
    this.agencies.set(after.agency, copy(after));
    this.audit.record({ agency: after.agency, actor: after.updatedBy, action: before ? 'agreement.changed' : 'agreement.set', entity: { type: 'Agency', id: after.agency }, before, after, at: after.updatedAt });
    return copy(after);
  }

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

export class InMemoryForecasts implements Forecasts {
  private readonly forecasts = new Map<string, PlacementForecast>();

  constructor(private readonly audit: InMemoryAuditTrail) {}

  async find(agency: string, year: string, council: string): Promise<PlacementForecast | undefined> {
    const found = this.forecasts.get(`${agency}/${year}/${council}`);
    return found && copy(found);
  }

  async list(agency: string, year: string): Promise<PlacementForecast[]> {
    return [...this.forecasts.values()].filter((f) => f.agency === agency && f.year === year).sort((a, b) => a.council.localeCompare(b.council)).map(copy);
  }

  async save(args: { agency: string; year: string; council: string; input: PlacementForecastInput; ifMatch: number | undefined; actor: string; at: string }): Promise<PlacementForecast> {
    const before = await this.find(args.agency, args.year, args.council);
    requireVersionToWrite(`placement forecast of ${args.council} for ${args.year}`, before, args.ifMatch);
    const after = nextForecastVersion(args, before);
    this.forecasts.set(`${args.agency}/${args.year}/${args.council}`, copy(after));
    this.audit.record({ agency: args.agency, actor: args.actor, action: before ? 'forecast.revised' : 'forecast.submitted', entity: { type: 'PlacementForecast', id: `${args.year}/${args.council}` }, before, after, at: args.at });
    return after;
  }
}

interface StoredApproval {
  approval: NewApproval;
  decisions: Record<string, SeatDecision>;
  status: Approval['status'];
  decidedAt?: string;
  remindersSent: number;
  version: number;
  taskToken?: string;
}

/** SCB approvals: other fakes open them together with their subject, as the stores do in one transaction. */
export class InMemoryApprovals implements Approvals {
  private readonly approvals = new Map<string, StoredApproval>();

  constructor(private readonly audit: InMemoryAuditTrail) {}

  /** Opens the approval with its subject; the subject's fake calls it before writing anything else, so a refusal leaves nothing. */
  open(approval: NewApproval): void {
    if (this.approvals.has(`${approval.agency}/${approval.approvalId}`)) throw new ConflictError(`Approval ${approval.approvalId} already exists`, 'DUPLICATE');
    this.approvals.set(`${approval.agency}/${approval.approvalId}`, { approval: copy(approval), decisions: {}, status: 'pending', remindersSent: 0, version: 1 });
  }

  async get(agency: string, approvalId: string): Promise<Approval> {
    return present(this.stored(agency, approvalId));
  }

  async taskToken(agency: string, approvalId: string): Promise<string | undefined> {
    return this.stored(agency, approvalId).taskToken;
  }

  async listByStatus(agency: string, status: Approval['status']): Promise<Approval[]> {
    return [...this.approvals.values()].filter((a) => a.approval.agency === agency && a.status === status).map(present);
  }

  async recordDecision(args: { agency: string; approvalId: string; seat: string; decision: Decision; comment?: string | undefined; actor: string; at: string }) {
    const current = this.stored(args.agency, args.approvalId);
    if (current.decisions[args.seat]) throw new ConflictError(`The seat "${args.seat}" has already decided on this approval`, 'ALREADY_DECIDED');
    if (current.status !== 'pending') throw new ConflictError(`This approval is already ${current.status}`, 'APPROVAL_CLOSED');
    current.decisions[args.seat] = { seat: args.seat, decision: args.decision, ...(args.comment ? { comment: args.comment } : {}), decidedBy: args.actor, decidedAt: args.at };
    const outcome = approvalOutcome(current.approval.rule, current.approval.seats, byDecision(current.decisions));
    current.status = outcome;
    current.version += 1;
    if (outcome !== 'pending') current.decidedAt = args.at;
    this.audit.record({ agency: args.agency, actor: args.actor, action: `approval.${args.decision}d`, entity: { type: 'Approval', id: args.approvalId }, after: { status: outcome, seat: args.seat }, at: args.at });
    return { approval: present(current), outcome };
  }

  async attachTaskToken(agency: string, approvalId: string, taskToken: string): Promise<'attached' | Approval['status']> {
    const current = this.stored(agency, approvalId);
    if (current.status !== 'pending') return current.status;
    current.taskToken = taskToken;
    return 'attached';
  }

  async countReminder(agency: string, approvalId: string): Promise<Approval | undefined> {
    const current = this.stored(agency, approvalId);
    if (current.status !== 'pending') return undefined;
    current.remindersSent += 1;
    return present(current);
  }

  async expire(agency: string, approvalId: string, at: string): Promise<boolean> {
    const current = this.stored(agency, approvalId);
    if (current.status !== 'pending') return false;
    Object.assign(current, { status: 'expired', decidedAt: at, version: current.version + 1 });
    this.audit.record({ agency, actor: 'system:scb-approval-workflow', action: 'approval.expired', entity: { type: 'Approval', id: approvalId }, before: { status: 'pending' }, after: { status: 'expired' }, at });
    return true;
  }

  private stored(agency: string, approvalId: string): StoredApproval {
    const found = this.approvals.get(`${agency}/${approvalId}`);
    if (!found) throw new NotFoundError(`No approval "${approvalId}"`);
    return found;
  }
}

function byDecision(decisions: Record<string, SeatDecision>): Record<string, Decision> {
  return Object.fromEntries(Object.entries(decisions).map(([seat, d]) => [seat, d.decision]));
}

function present(stored: StoredApproval): Approval {
  return copy({
    ...stored.approval,
    decisions: stored.approval.seats.map((s) => stored.decisions[s]).filter((d): d is SeatDecision => d !== undefined),
    awaiting: awaitingSeats(stored.approval.seats, byDecision(stored.decisions)),
    status: stored.status,
    ...(stored.decidedAt ? { decidedAt: stored.decidedAt } : {}),
    remindersSent: stored.remindersSent,
    version: stored.version,
  });
}

/** The funding protocol as an agreement: one proposal at a time, in force only once the SCB agrees, the version it replaces kept. */
export class InMemoryProtocols implements Protocols {
  private readonly inForce = new Map<string, FundingProtocol>();
  private readonly versions = new Map<string, ProtocolVersion[]>();

  constructor(
    private readonly approvals: InMemoryApprovals,
    private readonly audit: InMemoryAuditTrail,
  ) {}

  async find(agency: string, year: string): Promise<FundingProtocol | undefined> {
    const found = this.inForce.get(`${agency}/${year}`);
    return found && copy(found);
  }

  async get(agency: string, year: string): Promise<FundingProtocol> {
    const found = await this.find(agency, year);
    if (!found) throw new NotFoundError(`No funding protocol is in force for ${agency} in ${year}`);
    return found;
  }

  async records(agency: string, year: string): Promise<ProtocolRecords> {
    const versions = (this.versions.get(`${agency}/${year}`) ?? []).map(copy);
    return { inForce: await this.find(agency, year), proposed: versions.find((v) => v.status === 'proposed'), versions };
  }

  async propose(proposal: ProtocolVersion, approval: NewApproval): Promise<void> {
    const key = `${proposal.agency}/${proposal.year}`;
    const versions = this.versions.get(key) ?? [];
    if (versions.some((v) => v.version === proposal.version)) throw new ConflictError(`Version ${proposal.version} of the funding protocol for ${proposal.year} already exists`, 'VERSION_CONFLICT');
    if (versions.some((v) => v.status === 'proposed')) throw new ConflictError(`Another version of the funding protocol for ${proposal.year} was proposed at the same moment and awaits the SCB`, 'PROPOSAL_PENDING');
    if (this.inForce.get(key)?.version !== proposal.basedOn) throw new ConflictError(`The funding protocol for ${proposal.year} changed while this was proposed; reload and try again`, 'VERSION_CONFLICT');
    this.approvals.open(approval);
    this.versions.set(key, [...versions, copy(proposal)]);
    this.audit.record({ agency: proposal.agency, actor: proposal.proposedBy, action: 'protocol.proposed', entity: { type: 'FundingProtocol', id: `${proposal.year}/v${proposal.version}` }, after: proposal, at: proposal.proposedAt });
  }

  async bringIntoForce(args: { agency: string; year: string; version: number; decisionComments: ProtocolVersion['decisionComments']; actor: string; at: string }): Promise<FundingProtocol | undefined> {
    const key = `${args.agency}/${args.year}`;
    const proposal = this.versions.get(key)?.find((v) => v.version === args.version);
    if (!proposal) throw new NotFoundError(`No version ${args.version} of the funding protocol for ${args.year}`);
    if (proposal.status === 'in-force') return undefined;
    if (proposal.status !== 'proposed') throw new ConflictError(`Version ${args.version} of the funding protocol for ${args.year} is already ${proposal.status}`, 'PROPOSAL_SETTLED');
    const before = this.inForce.get(key);
    if (before?.version !== proposal.basedOn) throw new ConflictError(`The funding protocol in force for ${args.year} is no longer version ${proposal.basedOn ?? 'none'}`, 'VERSION_CONFLICT');
    const agreed: FundingProtocol = {
      ...termsOf(proposal),
      agency: args.agency,
      year: args.year,
      version: args.version,
      updatedBy: proposal.proposedBy,
      updatedAt: args.at,
      agreedAt: args.at,
      ...(proposal.approvalId ? { approvalId: proposal.approvalId } : {}),
      ...(proposal.basedOn !== undefined ? { basedOn: proposal.basedOn } : {}),
    };
    const superseded = before && this.versions.get(key)!.find((v) => v.version === before.version);
    if (superseded) Object.assign(superseded, { status: 'superseded', supersededAt: args.at, supersededBy: args.version });
    Object.assign(proposal, { status: 'in-force', decidedAt: args.at, ...(args.decisionComments ? { decisionComments: args.decisionComments } : {}) });
    this.inForce.set(key, copy(agreed));
    this.audit.record({ agency: args.agency, actor: args.actor, action: 'protocol.in-force', entity: { type: 'FundingProtocol', id: `${args.year}/v${args.version}` }, before, after: agreed, at: args.at });
    return agreed;
  }

  async close(args: { agency: string; year: string; version: number; to: 'rejected' | 'expired'; decisionComments?: ProtocolVersion['decisionComments']; actor: string; at: string }): Promise<boolean> {
    const proposal = this.versions.get(`${args.agency}/${args.year}`)?.find((v) => v.version === args.version);
    if (!proposal) throw new NotFoundError(`No version ${args.version} of the funding protocol for ${args.year}`);
    if (proposal.status === args.to) return false;
    if (proposal.status !== 'proposed') throw new ConflictError(`Version ${args.version} of the funding protocol for ${args.year} is already ${proposal.status}`, 'PROPOSAL_SETTLED');
    Object.assign(proposal, { status: args.to, decidedAt: args.at, ...(args.decisionComments ? { decisionComments: args.decisionComments } : {}) });
    this.audit.record({ agency: args.agency, actor: args.actor, action: `protocol.${args.to}`, entity: { type: 'FundingProtocol', id: `${args.year}/v${args.version}` }, after: { status: args.to }, at: args.at });
    return true;
  }
}

/** Only a rejected or lapsed apportionment may be replaced by a new request. */
const REPLACEABLE: ApportionmentStatus[] = ['rejected', 'expired'];

export class InMemoryApportionments implements Apportionments {
  private readonly apportionments = new Map<string, Apportionment>();
  private readonly current = new Map<string, string>();

  constructor(
    private readonly approvals: InMemoryApprovals,
    private readonly audit: InMemoryAuditTrail,
  ) {}

  async findCurrent(agency: string, year: string): Promise<Apportionment | undefined> {
    const id = this.current.get(`${agency}/${year}`);
    return id === undefined ? undefined : this.get(agency, year, id);
  }

  async get(agency: string, year: string, apportionmentId: string): Promise<Apportionment> {
    const found = this.apportionments.get(`${agency}/${year}/${apportionmentId}`);
    if (!found) throw new NotFoundError(`No apportionment "${apportionmentId}" for ${year}`);
    return copy(found);
  }

  async create(args: { apportionment: Apportionment; approval: NewApproval; previous: Apportionment | undefined; actor: string }): Promise<void> {
    const { apportionment: a, previous } = args;
    if (previous && !REPLACEABLE.includes(previous.status)) {
      throw new ConflictError(`The ${a.year} apportionment is already ${previous.status}; only a rejected or lapsed one can be replaced`, 'APPORTIONMENT_EXISTS');
    }
    const pointer = `${a.agency}/${a.year}`;
    const stillCurrent = previous ? this.current.get(pointer) === previous.apportionmentId && REPLACEABLE.includes(this.apportionments.get(`${pointer}/${previous.apportionmentId}`)!.status) : !this.current.has(pointer);
    if (!stillCurrent || this.apportionments.has(`${pointer}/${a.apportionmentId}`)) {
      throw new ConflictError(`Another apportionment for ${a.year} was requested at the same time; reload and try again`, 'APPORTIONMENT_EXISTS');
    }
    this.approvals.open(args.approval);
    this.apportionments.set(`${pointer}/${a.apportionmentId}`, copy(a));
    this.current.set(pointer, a.apportionmentId);
    this.audit.record({ agency: a.agency, actor: args.actor, action: 'apportionment.requested', entity: { type: 'Apportionment', id: a.apportionmentId }, after: a, at: a.requestedAt });
  }

  async settle(args: { agency: string; year: string; apportionmentId: string; to: 'approved' | 'rejected' | 'expired'; at: string; decisionComments?: Apportionment['decisionComments']; actor: string }): Promise<boolean> {
    const stored = this.apportionments.get(`${args.agency}/${args.year}/${args.apportionmentId}`);
    if (!stored) throw new NotFoundError(`No apportionment "${args.apportionmentId}" for ${args.year}`);
    if (stored.status === args.to) return false;
    if (stored.status !== 'awaiting-scb') throw new ConflictError(`Apportionment ${args.apportionmentId} is ${stored.status}, not awaiting the SCB`, 'APPORTIONMENT_SETTLED');
    Object.assign(stored, { status: args.to, decidedAt: args.at, ...(args.decisionComments ? { decisionComments: args.decisionComments } : {}) });
    this.audit.record({ agency: args.agency, actor: args.actor, action: `apportionment.${args.to}`, entity: { type: 'Apportionment', id: args.apportionmentId }, after: { status: args.to }, at: args.at });
    return true;
  }
}

export class InMemoryNotices implements Notices {
  private readonly notices = new Map<string, Notice>();

  async send(notice: Notice): Promise<boolean> {
    if (this.notices.has(notice.noticeId)) return false;
    this.notices.set(notice.noticeId, copy(notice));
    return true;
  }

  async sendAll(notices: readonly Notice[]): Promise<boolean[]> {
    const sent: boolean[] = [];
    for (const notice of notices) sent.push(await this.send(notice));
    return sent;
  }

  async listFor(audiences: readonly Audience[], limit = 100): Promise<Notice[]> {
    const key = (a: Audience) => `${a.agency ?? ''}#${a.role}#${a.council ?? ''}`;
    const wanted = new Set(audiences.map(key));
    return [...this.notices.values()]
      .filter((n) => wanted.has(key(n.audience)))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.noticeId.localeCompare(a.noticeId))
      .slice(0, limit)
      .map(copy);
  }
}

/**
 * The placement ledger: append-only, one entry per Idempotency-Key, a
 * reversal beside the entry it reverses. Whether a quarter's report is
 * approved is the Quarters port's to say; `quarterFrozen` stands in for it.
 */
export class InMemoryPlacements implements Placements {
  private readonly entries = new Map<string, Placement>();
  private readonly reversals = new Map<string, NonNullable<Placement['reversal']>>();
  private readonly keys = new Map<string, { fingerprint: string; placementId: string }>();
  private readonly toleranceStatuses = new Map<string, RecordedToleranceStatus>();

  constructor(
    private readonly audit: InMemoryAuditTrail,
    private readonly quarterFrozen: (agency: string, quarter: string) => boolean = () => false,
  ) {}

  async record(placement: Placement, idempotency: Idempotency, quarterOf: (placement: Placement) => string, tolerance?: ToleranceMove): Promise<{ placement: Placement; replayed: boolean }> {
    const keyId = `${idempotency.scope}/${idempotency.key}`;
    const used = this.keys.get(keyId);
    if (used) {
      if (used.fingerprint !== idempotency.fingerprint) throw new RuleViolation('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request; use a new key for a new request');
      return { placement: this.read(placement.agency, used.placementId), replayed: true };
    }
    this.requireQuarterOpen(placement, quarterOf);
    if (this.entries.has(`${placement.agency}/${placement.placementId}`)) throw new ConflictError('This placement was already recorded', 'DUPLICATE');
    if (tolerance) this.moveWith(placement.agency, placement.year, tolerance, 1);
    this.keys.set(keyId, { fingerprint: idempotency.fingerprint, placementId: placement.placementId });
    this.entries.set(`${placement.agency}/${placement.placementId}`, copy(placement));
    this.audit.record({ agency: placement.agency, actor: placement.recordedBy, action: 'placement.recorded', entity: { type: 'Placement', id: placement.placementId }, after: placement, at: placement.recordedAt });
    return { placement: copy(placement), replayed: false };
  }

  async recordedCases(agency: string, year: string, cases: readonly PlacementCase[]): Promise<boolean[]> {
    const live = this.ofYear(agency, year).placements.filter((p) => !p.reversal);
    return cases.map((c) => live.some((p) => p.council === c.council && p.kind === c.kind && p.placedOn === c.placedOn && p.caseRef.toLowerCase() === c.caseRef.toLowerCase()));
  }

  /** All or none: every key unused, every quarter open and the status as read, before any is written. */
  async recordTogether(entries: readonly { placement: Placement; idempotency: Idempotency }[], quarterOf: (placement: Placement) => string, tolerance?: ToleranceMove): Promise<void> {
    for (const { placement, idempotency } of entries) {
      if (this.keys.has(`${idempotency.scope}/${idempotency.key}`) || this.entries.has(`${placement.agency}/${placement.placementId}`)) throw new ConflictError('These placements cannot be recorded together; record each alone', 'RECORD_EACH_ALONE');
      this.requireQuarterOpen(placement, quarterOf);
    }
    const [first] = entries;
    if (first && tolerance) this.moveWith(first.placement.agency, first.placement.year, tolerance, 1);
    for (const { placement, idempotency } of entries) {
      this.keys.set(`${idempotency.scope}/${idempotency.key}`, { fingerprint: idempotency.fingerprint, placementId: placement.placementId });
      this.entries.set(`${placement.agency}/${placement.placementId}`, copy(placement));
      this.audit.record({ agency: placement.agency, actor: placement.recordedBy, action: 'placement.recorded', entity: { type: 'Placement', id: placement.placementId }, after: placement, at: placement.recordedAt });
    }
  }

  async reverse(args: { agency: string; placementId: string; reason: string; actor: string; at: string }, quarterOf: (placement: Placement) => string, tolerance?: ToleranceMove): Promise<Placement> {
    const placement = this.read(args.agency, args.placementId);
    this.requireQuarterOpen(placement, quarterOf);
    if (placement.reversal) throw new ConflictError(`Placement ${args.placementId} is already reversed`, 'ALREADY_REVERSED');
    if (tolerance) this.moveWith(args.agency, placement.year, tolerance, -1);
    const reversal = { reason: args.reason, reversedBy: args.actor, reversedAt: args.at };
    this.reversals.set(`${args.agency}/${args.placementId}`, reversal);
    this.audit.record({ agency: args.agency, actor: args.actor, action: 'placement.reversed', entity: { type: 'Placement', id: args.placementId }, before: placement, after: { ...placement, reversal }, at: args.at });
    return { ...placement, reversal };
  }

  async moveToleranceStatus(args: { agency: string; year: string; council: string; from: RecordedToleranceStatus | undefined; to: ToleranceStatus; at: string; actor: string }): Promise<number | undefined> {
    const key = `${args.agency}/${args.year}/${args.council}`;
    if (this.toleranceStatuses.get(key)?.version !== args.from?.version) return undefined;
    const version = (args.from?.version ?? 0) + 1;
    this.toleranceStatuses.set(key, { status: args.to, version });
    this.audit.record({ agency: args.agency, actor: args.actor, action: 'tolerance-status.changed', entity: { type: 'ToleranceStatus', id: `${args.year}/${args.council}` }, before: { status: args.from?.status ?? 'green' }, after: { status: args.to }, at: args.at });
    return version;
  }

  async get(agency: string, placementId: string): Promise<Placement> {
    return this.read(agency, placementId);
  }

  async page(agency: string, year: string, options: { council?: string | undefined; placedOnOrBefore?: string | undefined; limit: number; cursor?: string | undefined }): Promise<PlacementPage> {
    const all = this.ofYear(agency, year).placements.filter((p) => (!options.council || p.council === options.council) && (!options.placedOnOrBefore || p.placedOn <= options.placedOnOrBefore));
    const from = Number(options.cursor ?? 0);
    const end = from + options.limit;
    return { placements: all.slice(from, end), ...(end < all.length ? { next: String(end) } : {}) };
  }

  async summarize(agency: string, year: string, asAt: string): Promise<LedgerSummary> {
    const counted = this.ofYear(agency, year).placements.filter((p) => !p.reversal && p.placedOn <= asAt).map((p) => p.placementId).sort();
    return { count: counted.length, asAt, sha256: createHash('sha256').update(counted.map((id) => `${id}\n`).join('')).digest('hex') };
  }

  /** The counters as the DynamoDB store keeps them, derived from the entries (a fake may count afresh). */
  figures(agency: string, year: string, councils: readonly string[]): Pick<YearFigures, 'quarters' | 'toleranceStatuses'> {
    const counting = this.ofYear(agency, year).placements;
    const quarters: QuarterTally[] = ([1, 2, 3, 4] as const).map((quarter) => {
      const mine = counting.filter((p) => Number(/Q(\d)$/.exec(quarterContaining(p.placedOn))![1]) === quarter);
      const live = mine.filter((p) => !p.reversal);
      return {
        quarter,
        councils: Object.fromEntries(councils.map((c) => [c, { inHouse: live.filter((p) => p.council === c && p.kind === 'in-house').length, purchased: live.filter((p) => p.council === c && p.kind === 'inter-agency-purchase').length }])),
        sold: live.filter((p) => p.kind === 'inter-agency-sale').length,
        spendPence: live.filter((p) => p.kind === 'inter-agency-purchase').reduce((n, p) => n + p.feePence, 0),
        incomePence: live.filter((p) => p.kind === 'inter-agency-sale').reduce((n, p) => n + p.feePence, 0),
        recorded: mine.length,
        reversed: mine.length - live.length,
      };
    });
    const toleranceStatuses = Object.fromEntries(
      councils.flatMap((c) => {
        const status = this.toleranceStatuses.get(`${agency}/${year}/${c}`);
        return status ? [[c, { ...status, counted: counting.filter((p) => p.council === c && !p.reversal && p.kind !== 'inter-agency-sale').length }]] : [];
      }),
    );
    return { quarters, toleranceStatuses };
  }

  /** A tolerance move holds only if the status is still the one read (the count's range is the DynamoDB store's concern: a fake runs one write at a time). */
  private moveWith(agency: string, year: string, move: ToleranceMove, _delta: 1 | -1): void {
    const key = `${agency}/${year}/${move.council}`;
    const now = this.toleranceStatuses.get(key);
    if ((now?.version ?? 0) !== (move.from?.version ?? 0)) throw new ConflictError('The tolerance status moved', TOLERANCE_MOVED);
    if ((now?.status ?? 'green') !== move.to) this.toleranceStatuses.set(key, { status: move.to, version: (now?.version ?? 0) + 1 });
    else if (!now) this.toleranceStatuses.set(key, { status: move.to, version: 0 });
  }

  /** The year's entries (with their reversals) and recorded tolerance statuses, as the year book reads them. */
  ofYear(agency: string, year: string): Pick<YearBook, 'placements' | 'toleranceStatuses'> {
    const placements = [...this.entries.values()].filter((p) => p.agency === agency && p.year === year).map((p) => this.read(agency, p.placementId));
    const toleranceStatuses = Object.fromEntries(
      [...this.toleranceStatuses.entries()].filter(([key]) => key.startsWith(`${agency}/${year}/`)).map(([key, status]) => [key.slice(`${agency}/${year}/`.length), copy(status)]),
    );
    return { placements, toleranceStatuses };
  }

  private read(agency: string, placementId: string): Placement {
    parsePlacementId(placementId);
    const entry = this.entries.get(`${agency}/${placementId}`);
    if (!entry) throw new NotFoundError(`No placement "${placementId}"`);
    const reversal = this.reversals.get(`${agency}/${placementId}`);
    return copy({ ...entry, ...(reversal ? { reversal } : {}) });
  }

  private requireQuarterOpen(placement: Placement, quarterOf: (placement: Placement) => string): void {
    const quarter = quarterOf(placement);
    if (this.quarterFrozen(placement.agency, quarter)) throw new ConflictError(`The ${quarter} report is approved; the quarter's figures can no longer change`, 'QUARTER_FROZEN');
  }
}

/**
 * The ports a use-case test may take, wired to each other as the DynamoDB
 * stores are: approvals are opened with their subject, the year book reads
 * what the protocol, forecast and placement fakes hold. Spot purchases,
 * charges, spend and statements have no fake yet: the year book shows none.
 */
export async function inMemoryPorts(options: { now: Date; agencies?: Agency[]; quarterFrozen?: (agency: string, quarter: string) => boolean }) {
  const audit = new InMemoryAuditTrail();
  const approvals = new InMemoryApprovals(audit);
  const agencies = new InMemoryAgencies(audit);
  const protocols = new InMemoryProtocols(approvals, audit);
  const forecasts = new InMemoryForecasts(audit);
  const placements = new InMemoryPlacements(audit, options.quarterFrozen);
  for (const agency of options.agencies ?? []) await agencies.createIfAbsent(agency);
  async function yearFigures(agency: string, year: string, councils: readonly string[]): Promise<YearFigures> {
    const forecastsOfYear = await forecasts.list(agency, year);
    return {
      protocol: await protocols.find(agency, year),
      forecasts: Object.fromEntries(councils.map((c) => [c, forecastsOfYear.find((f) => f.council === c)?.placements ?? 0])),
      ...placements.figures(agency, year, councils),
      spotPurchases: Object.fromEntries(councils.map((c) => [c, { spotPurchased: 0, absorbed: 0, retrospectiveOpened: 0, retrospectivePending: 0 }])),
    };
  }
  return {
    clock: new StoppedClock(options.now),
    workflows: new RecordedWorkflows(),
    audit,
    agencies,
    approvals,
    protocols,
    forecasts,
    apportionments: new InMemoryApportionments(approvals, audit),
    notices: new InMemoryNotices(),
    placements,
    yearFigures,
    async positionFigures(agency: string, year: string, councils: readonly string[]) {
      const { toleranceStatuses: _, ...figures } = await yearFigures(agency, year, councils);
      return figures;
    },
    async agencyYear(agency: string, year: string, councils: readonly string[], read: YearFiguresRead): Promise<AgencyYear> {
      const submitted = (await forecasts.list(agency, year)).filter((f) => councils.includes(f.council));
      if (read === 'forecasts') return { agency: await agencies.find(agency), councils, forecasts: submitted };
      const { toleranceStatuses, ...figures } = await yearFigures(agency, year, councils);
      return { agency: await agencies.find(agency), councils, forecasts: submitted, figures, ...(read === 'all' ? { toleranceStatuses } : {}) };
    },
    async yearBook(agency: string, year: string): Promise<YearBook> {
      return {
        protocol: await protocols.find(agency, year),
        forecasts: await forecasts.list(agency, year),
        ...placements.ofYear(agency, year),
        spotPurchases: [],
        charges: [],
        spend: [],
        statements: [],
        confirmations: [],
      };
    },
  };
}

export type InMemoryPorts = Awaited<ReturnType<typeof inMemoryPorts>>;
