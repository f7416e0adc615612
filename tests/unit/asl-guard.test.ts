/**
 * The local runner silently ignores JSONata and `Assign`, so a definition
 * using them would behave differently on one machine and in AWS.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, workflowDefinitions } from '../../infra/workflows/catalog.ts';

const dir = join(projectRoot, 'infra/workflows');
const files = readdirSync(dir).filter((f) => f.endsWith('.asl.json'));

function offences(node: unknown, path = '$'): string[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => offences(item, `${path}[${i}]`));
  if (node === null || typeof node !== 'object') return typeof node === 'string' && /^\{%.*%\}$/s.test(node.trim()) ? [`${path} is a JSONata expression`] : [];
  return Object.entries(node).flatMap(([key, value]) => {
    const here = `${path}.${key}`;
    const own = [
      ...(key === 'QueryLanguage' && value !== 'JSONPath' ? [`${here} selects ${String(value)}`] : []),
      ...(key === 'Assign' ? [`${here} uses Assign`] : []),
      ...(['Arguments', 'Output'].includes(key) ? [`${here} is a JSONata-only field`] : []),
    ];
    return [...own, ...offences(value, here)];
  });
}

describe('every state machine definition', () => {
  it('is registered in the workflow catalog', () => {
    expect(files.sort()).toEqual(Object.values(workflowDefinitions).map((d) => d.file.split('/').pop()).sort());
  });

  it.each(files)('%s is JSONPath only: no JSONata, no Assign', (file) => {
    const text = readFileSync(join(dir, file), 'utf8').replace(/\$\{[A-Za-z0-9]+\}/g, '0');
    expect(offences(JSON.parse(text))).toEqual([]);
  });

  it('the guard itself catches Assign and JSONata', () => {
    expect(offences({ QueryLanguage: 'JSONata', States: { A: { Assign: { x: 1 }, Output: '{% $x %}' } } })).toHaveLength(4);
  });
});
