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

const LAMBDA_ERRORS = ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'];

type State = { Type: string; Resource?: string; Retry?: { ErrorEquals: string[] }[]; Catch?: { ErrorEquals: string[]; Next: string }[]; Next?: string; Parameters?: Record<string, unknown> };
function states(file: string): Record<string, State> {
  return (JSON.parse(readFileSync(join(dir, file), 'utf8').replace(/\$\{[A-Za-z0-9]+\}/g, '0')) as { States: Record<string, State> }).States;
}


describe('every state machine definition', () => {
  it.each(files)('%s retries every task, the waits for a person included, on the Lambda.* errors', (file) => {
    for (const [name, state] of Object.entries(states(file)).filter(([, s]) => s.Type === 'Task')) {
      expect(state.Retry?.some((r) => LAMBDA_ERRORS.every((e) => r.ErrorEquals.includes(e))), `${file} ${name}`).toBe(true);
    }
  });

  it.each(files)('%s hands every task the correlation id the execution was started with', (file) => {
    for (const [name, state] of Object.entries(states(file)).filter(([, s]) => s.Type === 'Task')) {
      const parameters = state.Parameters as { FunctionName?: unknown; Payload?: Record<string, unknown> } & Record<string, unknown>;
      const payload = parameters.FunctionName ? parameters.Payload! : parameters;
      expect(payload['correlationId.$'], `${file} ${name}`).toBe('$$.Execution.Input.correlationId');
    }
  });

  it.each(files)('%s catches every other error of every task, after the specific ones, on a failure path that ends failed', (file) => {
    const all = states(file);
    for (const [name, state] of Object.entries(all).filter(([, s]) => s.Type === 'Task')) {
      const last = state.Catch?.at(-1);
      expect(last?.ErrorEquals, `${file} ${name}`).toEqual(['States.ALL']);
      expect(state.Catch!.slice(0, -1).every((c) => !c.ErrorEquals.includes('States.ALL')), `${file} ${name}`).toBe(true);
      expect(last!.Next, `${file} ${name}`).toBe(name === 'RecordWorkflowFailure' ? 'WorkflowFailed' : 'RecordWorkflowFailure');
    }
    expect(all.RecordWorkflowFailure?.Next).toBe('WorkflowFailed');
    expect(all.RecordWorkflowFailure?.Parameters).toMatchObject({ 'execution.$': '$$.Execution.Name', 'failure.$': '$.failure' });
    expect(all.WorkflowFailed?.Type).toBe('Fail');
  });

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
