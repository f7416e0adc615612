/**
 * A state machine for the local runner, validated once per definition rather
 * than once per runtime. aws-local-stepfunctions validates a definition with
 * asl-validator when a machine is made, and asl-validator compiles its JSON
 * schemas on every call: ~100 ms of CPU a workflow, paid by every runtime that
 * starts (each `npm start`, each test file's) for definitions that change only
 * when their file does. A definition found valid leaves a marker named by the
 * hash of its text and of the validator's version; a definition with a marker
 * is not validated again, and any other still is.
 */
import { StateMachine } from 'aws-local-stepfunctions';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { projectRoot } from '../workflows/catalog.ts';

/** Where the markers are kept: npm's conventional cache folder, so `npm ci` starts it empty. */
export const VALIDATED_DEFINITIONS = join(projectRoot, 'node_modules/.cache/raa-contract/valid-asl');

const VALIDATION = { checkArn: true, checkPaths: true } as const;

/** The version of a package, found from a module it resolves to (aws-local-stepfunctions exports no package.json). */
function versionOf(pkg: string, from: NodeJS.Require): string {
  const entry = from.resolve(pkg);
  const root = entry.slice(0, entry.lastIndexOf(`node_modules/${pkg}/`) + `node_modules/${pkg}/`.length);
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The runner's and its validator's versions: a new validator might refuse what the old one passed. */
function validatorVersions(): string {
  const here = createRequire(import.meta.url);
  const runner = createRequire(here.resolve('aws-local-stepfunctions'));
  return `aws-local-stepfunctions@${versionOf('aws-local-stepfunctions', here)} asl-validator@${versionOf('asl-validator', runner)}`;
}

let versions: string | undefined;

/** The marker's name: the validator's versions, its options and the definition's text, hashed. */
export function markerOf(definition: Record<string, unknown>): string {
  versions ??= validatorVersions();
  return createHash('sha256').update(versions).update('\0').update(JSON.stringify(VALIDATION)).update('\0').update(JSON.stringify(definition)).digest('hex');
}

/** The machine for a definition; throws, as the runner does, if the definition is invalid. */
export function validatedMachine(definition: Record<string, unknown>, folder = VALIDATED_DEFINITIONS): StateMachine {
  const marker = join(folder, markerOf(definition));
  if (existsSync(marker)) return new StateMachine(definition as never, { validationOptions: { noValidate: true } });
  // The validator fills in defaults (each state's QueryLanguage, which the runner never reads) in what it is given: a copy, so the caller's definition is as its file says.
  const machine = new StateMachine(structuredClone(definition) as never, { validationOptions: VALIDATION });
  try {
    mkdirSync(folder, { recursive: true });
    writeFileSync(marker, '');
  } catch {
    // A folder that cannot be written costs the validation again next time, nothing more.
  }
  return machine;
}
