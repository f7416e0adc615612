/** A ledger's figure and its page as of one moment (shared/store/as-of-one-moment.ts), with a writer landing between the reads. */
import { describe, expect, it } from 'vitest';
import { asOfOneMoment } from '../../shared/store/as-of-one-moment.ts';

/** A ledger whose balance and entries change together, as in one transaction. */
function ledger() {
  const state = { balance: 0, entries: [] as number[] };
  return {
    state,
    write(amount: number) {
      state.balance += amount;
      state.entries.push(amount);
    },
  };
}

describe('a figure and a page read as of one moment', () => {
  it('reads the page again when an entry lands between the reads, so the figure counts exactly the entries shown', async () => {
    const { state, write } = ledger();
    write(10);
    let pageReads = 0;
    const { figure, page } = await asOfOneMoment(
      async () => state.balance,
      async () => {
        const page = [...state.entries];
        // The first time, an entry lands just after the page was read and before the figure is read again.
        if (++pageReads === 1) write(5);
        return page;
      },
    );
    expect(pageReads).toBe(2);
    expect(figure).toBe(page.reduce((a, b) => a + b, 0));
    expect(page).toEqual([10, 5]);
  });

  it('reads once when nothing lands in between', async () => {
    const { state, write } = ledger();
    write(7);
    let pageReads = 0;
    const result = await asOfOneMoment(async () => state.balance, async () => (pageReads++, [...state.entries]));
    expect(result).toEqual({ figure: 7, page: [7] });
    expect(pageReads).toBe(1);
  });

  it('gives up after a few tries against a ledger written without pause, with the latest figure', async () => {
    const { state, write } = ledger();
    let pageReads = 0;
    const result = await asOfOneMoment(async () => state.balance, async () => (pageReads++, write(1), [...state.entries]), 3);
    expect(pageReads).toBe(3);
    expect(result.figure).toBe(3);
  });
});
