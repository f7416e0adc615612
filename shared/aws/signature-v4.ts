/**
 * AWS Signature Version 4 for a POST to `/` with no query string (what the
 * JSON and the query protocols both send), as AWS documents it ("Create a
 * signed AWS API request"). tests/unit/aws-client.test.ts signs the same
 * requests with the SDK's own signer (@smithy/signature-v4) and expects the
 * same header.
 */
import { createHash, createHmac, createSecretKey, type KeyObject } from 'node:crypto';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

export interface UnsignedRequest {
  host: string;
  /** Lower-case header names; `host` and the `x-amz-*` headers this adds are signed with them. */
  headers: Record<string, string>;
  body: string;
}

const sha256Hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/**
 * The day's signing key is the same for every request of a day: kept, as the
 * SDK keeps it, and as a KeyObject (an HMAC with a Buffer key converts it
 * each time, some six times the cost of the HMAC itself).
 */
let signingKeyCache: { scope: string; secret: string; key: KeyObject } | undefined;

function signingKey(secret: string, day: string, region: string, service: string): KeyObject {
  const scope = `${day}/${region}/${service}`;
  if (signingKeyCache?.scope === scope && signingKeyCache.secret === secret) return signingKeyCache.key;
  const key = createSecretKey(hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), 'aws4_request'));
  signingKeyCache = { scope, secret, key };
  return key;
}

/** The headers to send: the request's own, with `host`, `x-amz-date`, any `x-amz-security-token` and `authorization`. */
export function signRequest(request: UnsignedRequest, credentials: Credentials, region: string, service: string, now: Date): Record<string, string> {
  const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = { ...request.headers, host: request.host, 'x-amz-date': amzDate };
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
  const names = Object.keys(headers).sort();
  const canonicalHeaders = names.map((name) => `${name}:${headers[name]!.trim().replace(/\s+/g, ' ')}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = ['POST', '/', '', canonicalHeaders, signedHeaders, sha256Hex(request.body)].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const signature = createHmac('sha256', signingKey(credentials.secretAccessKey, day, region, service)).update(stringToSign, 'utf8').digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return headers;
}
