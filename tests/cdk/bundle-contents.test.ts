/**
 * A function's bundle carries the stores its handlers name (functions/deps.ts,
 * shared/store/adapters.ts) and no others, and none of the schemas only
 * other functions use: esbuild drops what nobody imports, as package.json's
 * `sideEffects` allows. One real esbuild pass over three handler files: an
 * API route's, a workflow's tasks and an audience's pages.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFolder, bundleHandlers } from '../../infra/stacks/bundling.ts';

const POSITION = 'functions/api/position.ts';
const SPOT_PURCHASE_TASKS = 'functions/workflow/spot-purchase.ts';
const BOARD_PAGES = 'functions/pages/board.ts';

let outdir: string;
let meta: Metafile;

beforeAll(() => {
  outdir = mkdtempSync(path.join(tmpdir(), 'bundle-contents-'));
  meta = bundleHandlers([POSITION, SPOT_PURCHASE_TASKS, BOARD_PAGES], outdir);
}, 120_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** The project's own files whose code is in the bundle of `entry`. */
function carried(entry: string): string[] {
  const output = Object.entries(meta.outputs).find(([file]) => file.endsWith(`${bundleFolder(entry)}/index.mjs`))![1];
  return Object.entries(output.inputs)
    .filter(([input, { bytesInOutput }]) => bytesInOutput > 0 && !input.startsWith('node_modules/'))
    .map(([input]) => input);
}

/** The stores behind the ports (shared/store/adapters.ts); helpers every writer shares (audit entries, idempotency, keys) are not counted. */
const STORES = ['agency-store', 'apportionment-store', 'approval-store', 'catalogue-store', 'contribution-receipts', 'forecast-store', 'notice-store', 'placement-ledger', 'protocol-store', 'quarter-store', 'reserve-ledger', 'set-up-grant-ledger', 'spend-store', 'spot-purchase-store', 'statement-store'].map((store) => `shared/store/${store}.ts`);

const stores = (entry: string) => carried(entry).filter((file) => STORES.includes(file)).sort();

describe('a function bundle', () => {
  it('of the position read carries the agreement and the year figures, and no ledger', () => {
    expect(stores(POSITION)).toEqual(['shared/store/agency-store.ts']);
    expect(carried(POSITION)).toContain('shared/store/year-figures.ts');
    expect(carried(POSITION).filter((file) => file.startsWith('shared/schemas/'))).not.toContain('shared/schemas/reconciliation.ts');
  });

  it('of the spot purchase workflow carries the stores its tasks name', () => {
    expect(stores(SPOT_PURCHASE_TASKS)).toEqual(['shared/store/agency-store.ts', 'shared/store/approval-store.ts', 'shared/store/notice-store.ts', 'shared/store/placement-ledger.ts', 'shared/store/spot-purchase-store.ts']);
  });

  it("of the SCB members' pages carries the approvals and the agreement, and none of the other audiences' pages or stores", () => {
    expect(stores(BOARD_PAGES)).toEqual(['shared/store/agency-store.ts', 'shared/store/approval-store.ts']);
    expect(carried(BOARD_PAGES).filter((file) => file.startsWith('functions/pages/') && !['page.ts', 'forms.ts', 'session.ts', 'routes.ts', 'serve-pages.ts', 'not-found.ts'].some((shared) => file.endsWith(`/${shared}`)))).toEqual([BOARD_PAGES]);
  });
});
