import { CatalogueVersion, IndicatorCatalogue, catalogueTermsOf } from '../schemas/indicator-catalogue.ts';
import type { IndicatorCatalogues } from '../ports.ts';
import type { CatalogueTerms } from '../schemas/indicators.ts';
import { AgreedDocumentStore } from './agreed-document-store.ts';
import { keys } from './keys.ts';
import type { Table } from './table.ts';

export { IndicatorCatalogue };

/**
 * The performance framework (contract Schedule 7) as an agreement, kept as
 * the funding protocol is: the catalogue in force for a year, the proposal
 * awaiting the SCB and every version, in the year's partition.
 */
export class CatalogueStore extends AgreedDocumentStore<CatalogueTerms, IndicatorCatalogue, CatalogueVersion> implements IndicatorCatalogues {
  constructor(table: Table) {
    super(table, {
      what: 'indicator catalogue',
      entityType: 'IndicatorCatalogue',
      auditAction: 'indicator-catalogue',
      itemTypes: { inForce: 'IndicatorCatalogue', version: 'IndicatorCatalogueVersion', proposal: 'IndicatorCatalogueProposal' },
      keys: {
        inForce: keys.indicatorCatalogue,
        version: keys.indicatorCatalogueVersion,
        proposal: keys.indicatorCatalogueProposal,
        partition: keys.yearPartition,
        prefix: keys.indicatorCataloguePrefix,
        versionPrefix: keys.indicatorCatalogueVersionPrefix,
      },
      parseInForce: (item) => IndicatorCatalogue.parse(item),
      parseVersion: (item) => CatalogueVersion.parse(item),
      termsOf: catalogueTermsOf,
    });
  }
}
