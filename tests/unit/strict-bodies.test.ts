/**
 * Every body the API takes refuses keys it does not know (400 naming them),
 * at every depth: a misspelt field is an error the sender sees, never a value
 * silently dropped. Checked on the schemas themselves, route by route.
 */
import { describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { allRoutes } from '../../functions/api/routes.ts';
import { LocalTokenRequest } from '../../shared/schemas/identity.ts';

/** The paths (`adjustments[]`, `tolerance`) of every object inside `schema` that would accept an unknown key. */
function lenientObjects(schema: ZodType, path = '', seen = new Set<unknown>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const def = (schema as any)._zod.def;
  const inner = (s: ZodType, p = path) => lenientObjects(s, p, seen);
  switch (def.type) {
    case 'object':
      return [
        ...(def.catchall?._zod.def.type === 'never' ? [] : [path || '(body)']),
        ...Object.entries(def.shape as Record<string, ZodType>).flatMap(([key, value]) => inner(value, path ? `${path}.${key}` : key)),
      ];
    case 'array':
      return inner(def.element, `${path}[]`);
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return inner(def.innerType);
    case 'pipe':
      return inner(def.in);
    case 'union':
      return (def.options as ZodType[]).flatMap((option) => inner(option));
    case 'intersection':
      return [...inner(def.left), ...inner(def.right)];
    case 'record':
      return inner(def.valueType, `${path}{}`);
    case 'lazy':
      return inner(def.getter());
    default:
      return [];
  }
}

describe('every request body', () => {
  const bodies = allRoutes.filter((route) => route.body).map((route) => [`${route.method} ${route.path}`, route.body!] as const);

  it('is checked here for each route that takes one', () => {
    expect(bodies.length).toBeGreaterThanOrEqual(15);
  });

  it.each(bodies)('of %s refuses unknown keys at every depth', (_route, body) => {
    expect(lenientObjects(body)).toEqual([]);
  });

  it('of the local token route refuses unknown keys too', () => {
    expect(lenientObjects(LocalTokenRequest)).toEqual([]);
  });

  it('a lenient object is found, so the check can fail', async () => {
    const { z } = await import('zod');
    expect(lenientObjects(z.object({ a: z.array(z.object({ b: z.string() })) }).strict())).toEqual(['a[]']);
  });
});
