import { FundingProtocol, ProtocolVersion, termsOf, type ProtocolTerms } from '../schemas/protocol.ts';
import type { Protocols } from '../ports.ts';
import { AgreedDocumentStore } from './agreed-document-store.ts';
import { keys } from './keys.ts';
import type { Table } from './table.ts';

/**
 * The funding protocol (contract Schedule 3) as an agreement: the protocol in
 * force is one item (`PROTOCOL`), the only one anything that charges, counts
 * or reminds reads; each proposal is a version item of its own, and
 * `PROTOCOL#PROPOSED` holds the one awaiting the SCB. Kept by the same
 * mechanism as the performance framework.
 */
export class ProtocolStore extends AgreedDocumentStore<ProtocolTerms, FundingProtocol, ProtocolVersion> implements Protocols {
  constructor(table: Table) {
    super(table, {
      what: 'funding protocol',
      entityType: 'FundingProtocol',
      auditAction: 'protocol',
      itemTypes: { inForce: 'FundingProtocol', version: 'ProtocolVersion', proposal: 'ProtocolProposal' },
      keys: {
        inForce: keys.protocol,
        version: keys.protocolVersion,
        proposal: keys.protocolProposal,
        partition: keys.yearPartition,
        prefix: keys.protocolPrefix,
        versionPrefix: keys.protocolVersionPrefix,
      },
      parseInForce: (item) => FundingProtocol.parse(item),
      parseVersion: (item) => ProtocolVersion.parse(item),
      termsOf,
    });
  }
}
