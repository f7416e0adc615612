import { ConflictError, PreconditionRequiredError } from '../errors.ts';
import { writeTogether, type Table } from './table.ts';

/**
 * Optimistic locking for records two people may edit: a create must not
 * overwrite, a change must name the version it read (If-Match) and only lands
 * if that is still the version stored.
 */
export async function versionedPut(
  table: Table,
  args: {
    key: { pk: string; sk: string };
    itemType: string;
    record: { version: number } & Record<string, unknown>;
    current: { version: number } | undefined;
    ifMatch: number | undefined;
    what: string;
    alongside?: Parameters<typeof writeTogether>[1];
    extra?: Record<string, unknown>;
  },
): Promise<void> {
  const { current, ifMatch } = args;
  if (current && ifMatch === undefined) {
    throw new PreconditionRequiredError(`The ${args.what} already exists (version ${current.version}); send If-Match with the version you are changing`);
  }
  if (ifMatch !== undefined && current?.version !== ifMatch) {
    throw new ConflictError(
      current
        ? `The ${args.what} is at version ${current.version}, not ${ifMatch}; reload and try again`
        : `There is no ${args.what} at version ${ifMatch}`,
      'VERSION_CONFLICT',
    );
  }
  const put = {
    Put: {
      TableName: table.name,
      Item: { ...args.key, itemType: args.itemType, ...args.extra, ...args.record },
      ...(current
        ? { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': current.version } }
        : { ConditionExpression: 'attribute_not_exists(pk)' }),
    },
  };
  await writeTogether(table, [put, ...(args.alongside ?? [])], () =>
    new ConflictError(`The ${args.what} was changed by someone else; reload and try again`, 'VERSION_CONFLICT'),
  );
}
