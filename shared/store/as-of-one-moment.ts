/**
 * A ledger's figure and a page of its entries as of one moment. Each entry
 * moves its ledger's counter item (a balance, a council's received total) in
 * the entry's own transaction, so entries read between two equal reads of
 * that item hold exactly the changes it holds. Read side by side, a page
 * could show an entry its figure does not count yet, or the reverse. A
 * change landing between the two reads costs another try; after a few (a
 * ledger written to without pause), the latest figure is given with the
 * page read before it.
 */
export async function asOfOneMoment<F, P>(readFigure: () => Promise<F>, readPage: () => Promise<P>, attempts = 5): Promise<{ figure: F; page: P }> {
  let before = await readFigure();
  for (let attempt = 1; ; attempt++) {
    const page = await readPage();
    const figure = await readFigure();
    if (JSON.stringify(figure) === JSON.stringify(before) || attempt >= attempts) return { figure, page };
    before = figure;
  }
}
