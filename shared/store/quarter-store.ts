import { createHash } from 'node:crypto';
import { GetCommand } from './dynamodb.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { QuarterIndicators, type QuarterIndicatorsInput } from '../schemas/indicators.ts';
import type { WorkflowFailure } from '../schemas/approval.ts';
import { QuarterlyReport, type ManagementBoardReview, type ReportSections } from '../schemas/report.ts';
import type { NewApproval, QuarterState, Quarters } from '../ports.ts';
import type { ApprovalStore } from './approval-store.ts';
import { auditEntry } from './audit-log.ts';
import { keys, withoutKeys } from './keys.ts';
import { quarterFrozenError, quarterNotFrozen, readQuarterState } from './quarter-freeze.ts';
import { versionedPut } from './versioned-put.ts';
import { writeTogether, type Table } from './table.ts';

/**
 * A quarter's performance data and its report versions. Once a version is
 * approved the quarter is frozen (quarter-freeze.ts).
 */
/** A version still on its way to an outcome: a failure of its workflow fails it. */
const OPEN_STATUSES: QuarterlyReport['status'][] = ['compiling', 'awaiting-management-board', 'awaiting-scb'];

export class QuarterStore implements Quarters {
  constructor(
    private readonly table: Table,
    private readonly approvals: ApprovalStore,
  ) {}

  notFrozen(agency: string, quarter: string) {
    return quarterNotFrozen(this.table, agency, quarter);
  }

  frozenError(quarter: string): ConflictError {
    return quarterFrozenError(quarter);
  }

  async state(agency: string, quarter: string): Promise<QuarterState> {
    return readQuarterState(this.table, agency, quarter);
  }

  async indicators(agency: string, quarter: string): Promise<QuarterIndicators | undefined> {
    const item = (await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keys.quarterIndicators(agency, quarter), ConsistentRead: true }))).Item;
    return item ? QuarterIndicators.parse(withoutKeys(item)) : undefined;
  }

  async saveIndicators(args: { agency: string; quarter: string; input: QuarterIndicatorsInput; ifMatch: number | undefined; actor: string; at: string }): Promise<QuarterIndicators> {
    const before = await this.indicators(args.agency, args.quarter);
    if ((await this.state(args.agency, args.quarter)).frozen) throw this.frozenError(args.quarter);
    const after: QuarterIndicators = { ...args.input, agency: args.agency, quarter: args.quarter, version: (before?.version ?? 0) + 1, updatedBy: args.actor, updatedAt: args.at };
    await versionedPut(this.table, {
      key: keys.quarterIndicators(args.agency, args.quarter),
      itemType: 'QuarterIndicators',
      record: after,
      current: before,
      ifMatch: args.ifMatch,
      what: `performance data for ${args.quarter}`,
      alongside: [
        this.notFrozen(args.agency, args.quarter),
        auditEntry(this.table, { agency: args.agency, actor: args.actor, action: before ? 'indicators.revised' : 'indicators.entered', entity: { type: 'QuarterIndicators', id: args.quarter }, before, after, at: args.at }),
      ],
    });
    return after;
  }

  async report(agency: string, quarter: string, version: number): Promise<QuarterlyReport> {
    const item = (await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keys.report(agency, quarter, version), ConsistentRead: true }))).Item;
    if (!item) throw new NotFoundError(`No version ${version} of the ${quarter} report`);
    return QuarterlyReport.parse(withoutKeys(item));
  }

  /** Opens a new version for compiling; only when none is in review (the last was rejected, sent back or lapsed) and the quarter is not frozen. */
  async openVersion(report: QuarterlyReport, previous: QuarterlyReport | undefined): Promise<void> {
    if (previous && !['rejected', 'sent-back', 'lapsed', 'failed'].includes(previous.status)) {
      throw new ConflictError(`Version ${previous.version} of the ${report.quarter} report is ${previous.status}`, previous.status === 'approved' || previous.status === 'published' ? 'QUARTER_FROZEN' : 'REPORT_IN_REVIEW');
    }
    await writeTogether(
      this.table,
      [
        { Put: { TableName: this.table.name, Item: { ...keys.report(report.agency, report.quarter, report.version), itemType: 'QuarterlyReport', ...report }, ConditionExpression: 'attribute_not_exists(pk)' } },
        {
          Update: {
            TableName: this.table.name,
            Key: keys.quarterState(report.agency, report.quarter),
            UpdateExpression: 'SET latestVersion = :v, frozen = if_not_exists(frozen, :no)',
            ConditionExpression: '(attribute_not_exists(latestVersion) OR latestVersion = :previous) AND (attribute_not_exists(frozen) OR frozen = :no)',
            ExpressionAttributeValues: { ':v': report.version, ':previous': previous?.version ?? 0, ':no': false },
          },
        },
        auditEntry(this.table, { agency: report.agency, actor: report.requestedBy, action: 'report.requested', entity: { type: 'QuarterlyReport', id: `${report.quarter}/v${report.version}` }, after: { status: report.status }, at: report.requestedAt }),
      ],
      () => new ConflictError(`Another ${report.quarter} report was started at the same time, or the quarter is frozen`, 'REPORT_IN_REVIEW'),
    );
  }

  /** Stores the compiled sections and opens the first review (the Management Board's where the agreement has one, else the SCB's), together. Idempotent. */
  async compiled(args: { agency: string; quarter: string; version: number; sections: ReportSections; to: 'awaiting-scb' | 'awaiting-management-board'; approval: NewApproval; at: string; actor: string }): Promise<void> {
    const current = await this.report(args.agency, args.quarter, args.version);
    if (current.status !== 'compiling') return;
    await writeTogether(this.table, [
      {
        Update: {
          TableName: this.table.name,
          Key: keys.report(args.agency, args.quarter, args.version),
          UpdateExpression: 'SET sections = :sections, #status = :review',
          ConditionExpression: '#status = :compiling',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sections': args.sections, ':review': args.to, ':compiling': 'compiling' },
        },
      },
      this.approvals.openEntry(args.approval),
      auditEntry(this.table, { agency: args.agency, actor: args.actor, action: 'report.compiled', entity: { type: 'QuarterlyReport', id: `${args.quarter}/v${args.version}` }, before: { status: 'compiling' }, after: { status: args.to }, at: args.at }),
    ]);
  }

  /**
   * Moves a version on: noted by the Management Board (opening the SCB's
   * review in the same write), sent back, rejected, lapsed, or approved and
   * then published (which freezes the quarter).
   */
  async settle(args: { agency: string; quarter: string; version: number; from: QuarterlyReport['status']; to: QuarterlyReport['status']; at: string; actor: string; decisions?: QuarterlyReport['decisions']; managementBoard?: ManagementBoardReview; opens?: NewApproval; freeze?: boolean }): Promise<boolean> {
    const current = await this.report(args.agency, args.quarter, args.version);
    if (current.status === args.to) return false;
    if (current.status !== args.from) throw new ConflictError(`Version ${args.version} of the ${args.quarter} report is ${current.status}, not ${args.from}`, 'REPORT_STATE');
    await writeTogether(this.table, [
      {
        Update: {
          TableName: this.table.name,
          Key: keys.report(args.agency, args.quarter, args.version),
          UpdateExpression: 'SET #status = :to' + (args.decisions ? ', decisions = :decisions' : '') + (args.managementBoard ? ', managementBoard = :board' : '') + (args.to === 'published' ? ', publishedAt = :at' : ''),
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':to': args.to,
            ':from': args.from,
            ...(args.decisions ? { ':decisions': args.decisions } : {}),
            ...(args.managementBoard ? { ':board': args.managementBoard } : {}),
            ...(args.to === 'published' ? { ':at': args.at } : {}),
          },
        },
      },
      ...(args.opens ? [this.approvals.openEntry(args.opens)] : []),
      ...(args.freeze
        ? [
            {
              Update: {
                TableName: this.table.name,
                Key: keys.quarterState(args.agency, args.quarter),
                UpdateExpression: 'SET frozen = :yes, approvedVersion = :v',
                ExpressionAttributeValues: { ':yes': true, ':v': args.version },
              },
            },
          ]
        : []),
      auditEntry(this.table, { agency: args.agency, actor: args.actor, action: `report.${args.to}`, entity: { type: 'QuarterlyReport', id: `${args.quarter}/v${args.version}` }, before: { status: current.status }, after: { status: args.to }, at: args.at }),
    ]);
    return true;
  }

  /**
   * The workflow failed before the version had an outcome (compiling, or
   * awaiting a board): it is marked failed together with the reviews opened
   * for it, which take no more decisions. False if it already had an outcome.
   */
  async fail(args: { agency: string; quarter: string; version: number; failure: WorkflowFailure; at: string; actor: string }): Promise<boolean> {
    const current = await this.report(args.agency, args.quarter, args.version);
    if (!OPEN_STATUSES.includes(current.status)) return false;
    const reviews: string[] = [];
    for (const approvalId of [current.managementBoard?.approvalId, current.approvalId]) {
      if (!approvalId) continue;
      const review = await this.approvals.get(args.agency, approvalId).catch((error: unknown) => {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      });
      if (review && review.status !== 'failed') reviews.push(approvalId);
    }
    await writeTogether(this.table, [
      {
        Update: {
          TableName: this.table.name,
          Key: keys.report(args.agency, args.quarter, args.version),
          UpdateExpression: 'SET #status = :failed',
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':failed': 'failed', ':from': current.status },
        },
      },
      ...reviews.map((approvalId) => this.approvals.failEntry(args.agency, approvalId, args.failure)),
      auditEntry(this.table, { agency: args.agency, actor: args.actor, action: 'report.failed', entity: { type: 'QuarterlyReport', id: `${args.quarter}/v${args.version}` }, before: { status: current.status }, after: { status: 'failed', failure: args.failure }, at: args.at }),
    ]);
    return true;
  }

  /** Archives the published version with a SHA-256 of its content; an archive is written once. */
  async archive(args: { agency: string; quarter: string; version: number; at: string; actor: string }): Promise<string> {
    const report = await this.report(args.agency, args.quarter, args.version);
    if (report.contentHash) return report.contentHash;
    // The Management Board's notes, where it reviewed the version, are part of what was approved (absent, the content is as before).
    const content = JSON.stringify({ agency: report.agency, quarter: report.quarter, version: report.version, asAt: report.asAt, sections: report.sections, decisions: report.decisions, managementBoard: report.managementBoard });
    const contentHash = createHash('sha256').update(content).digest('hex');
    await writeTogether(this.table, [
      { Put: { TableName: this.table.name, Item: { ...keys.reportArchive(args.agency, args.quarter, args.version), itemType: 'ReportArchive', content, contentHash, archivedAt: args.at }, ConditionExpression: 'attribute_not_exists(pk)' } },
      {
        Update: {
          TableName: this.table.name,
          Key: keys.report(args.agency, args.quarter, args.version),
          UpdateExpression: 'SET contentHash = :hash',
          ConditionExpression: '#status = :published',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':hash': contentHash, ':published': 'published' },
        },
      },
      auditEntry(this.table, { agency: args.agency, actor: args.actor, action: 'report.archived', entity: { type: 'QuarterlyReport', id: `${args.quarter}/v${args.version}` }, after: { contentHash }, at: args.at }),
    ]);
    return contentHash;
  }
}
