/**
 * The verified-token memory in front of the token verifier
 * (functions/claims.ts): a token's signature is checked once, until the token
 * expires; nothing else gets through on the strength of it.
 */
import { describe, expect, it } from 'vitest';
import { rememberVerified, type TokenVerifier } from '../../functions/claims.ts';

const NOW = 1_800_000_000_000;
const claimsOf = (token: string, exp = NOW / 1000 + 3600) => ({ sub: `user-of-${token}`, exp });

/** A verifier that accepts the tokens named, and counts what it was asked. */
function verifierAccepting(accepted: Record<string, Record<string, unknown>>) {
  const asked: string[] = [];
  const verify: TokenVerifier = async (authorization) => {
    const token = authorization?.replace(/^Bearer /, '') ?? '';
    asked.push(token);
    return accepted[token];
  };
  return { verify, asked };
}

describe('remembering verified tokens', () => {
  it('checks a token once, and gives the same claims on the next requests', async () => {
    const { verify, asked } = verifierAccepting({ a: claimsOf('a') });
    const remembering = rememberVerified(verify, 10, () => NOW);

    expect(await remembering('Bearer a')).toEqual(claimsOf('a'));
    expect(await remembering('Bearer a')).toEqual(claimsOf('a'));

    expect(asked).toEqual(['a']);
  });

  it('never remembers a refused token: each try is checked again', async () => {
    const { verify, asked } = verifierAccepting({ a: claimsOf('a') });
    const remembering = rememberVerified(verify, 10, () => NOW);
    await remembering('Bearer a');

    expect(await remembering('Bearer a-forged')).toBeUndefined();
    expect(await remembering('Bearer a-forged')).toBeUndefined();

    expect(asked).toEqual(['a', 'a-forged', 'a-forged']);
  });

  it('checks again once the token has expired, and refuses it if the verifier does', async () => {
    let now = NOW;
    const accepted: Record<string, Record<string, unknown>> = { a: claimsOf('a', NOW / 1000 + 60) };
    const { verify, asked } = verifierAccepting(accepted);
    const remembering = rememberVerified(verify, 10, () => now);
    await remembering('Bearer a');

    now = NOW + 61_000;
    delete accepted.a;

    expect(await remembering('Bearer a')).toBeUndefined();
    expect(asked).toEqual(['a', 'a']);
  });

  it('holds at most its size, forgetting the oldest first', async () => {
    const { verify, asked } = verifierAccepting({ a: claimsOf('a'), b: claimsOf('b'), c: claimsOf('c') });
    const remembering = rememberVerified(verify, 2, () => NOW);

    for (const token of ['a', 'b', 'c', 'c', 'b', 'a']) await remembering(`Bearer ${token}`);

    expect(asked).toEqual(['a', 'b', 'c', 'a']);
  });

  it('passes a missing token to the verifier, which refuses it', async () => {
    const { verify } = verifierAccepting({});
    expect(await rememberVerified(verify)(undefined)).toBeUndefined();
  });
});
