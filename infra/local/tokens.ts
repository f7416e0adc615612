/**
 * Locally signed JWTs carrying the same claims Cognito's ID token carries
 * (`sub`, `cognito:groups`, `custom:agency`, `custom:council`), verified the
 * way functions/claims.ts verifies Cognito's: signature, issuer, audience,
 * and an expiry that must be there (a token without `exp` is refused).
 */
import { SignJWT, jwtVerify, type JWTPayload } from 'jose';
import { randomBytes } from 'node:crypto';

export const LOCAL_ISSUER = 'urn:raa:local';
export const LOCAL_AUDIENCE = 'raa-local-client';

export class LocalTokens {
  private readonly key: Uint8Array;

  constructor(secret?: Uint8Array) {
    this.key = secret ?? randomBytes(32);
  }

  get secret(): Uint8Array {
    return this.key;
  }

  async mint(claims: { sub: string; groups: string[]; council?: string | undefined; agency?: string | undefined }, ttlSeconds = 12 * 60 * 60): Promise<string> {
    return new SignJWT({
      'cognito:groups': claims.groups,
      ...(claims.agency ? { 'custom:agency': claims.agency } : {}),
      ...(claims.council ? { 'custom:council': claims.council } : {}),
      token_use: 'id',
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.key);
  }

  /** The claims, or undefined for a missing, forged or expired token. */
  readonly verify = async (authorization: string | undefined): Promise<JWTPayload | undefined> => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) return undefined;
    try {
      const { payload } = await jwtVerify(match[1]!, this.key, { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] });
      return payload;
    } catch {
      return undefined;
    }
  };
}
