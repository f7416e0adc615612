/**
 * A page's POST body: `application/x-www-form-urlencoded`, or
 * `multipart/form-data` where a form uploads a CSV file. API Gateway hands a
 * multipart body over base64-encoded; the local server does the same.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { ZodType, z } from 'zod';
import { ValidationError } from '#shared/errors';
import { penceFromPounds } from '#shared/domain/money';

export interface UploadedFile {
  filename: string;
  text: string;
}

/** More than this is not a spreadsheet export but a mistake (2,000 placements are about 120 kB). */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

export function parseForm(event: APIGatewayProxyEventV2): { form: Record<string, string>; files: Record<string, UploadedFile> } {
  if (!event.body) return { form: {}, files: {} };
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (raw.length > MAX_UPLOAD_BYTES) throw new ValidationError([{ path: 'file', message: 'is over 2 MB: split the export into smaller files' }]);
  const contentType = Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
  const boundary = /^multipart\/form-data;.*boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (boundary) return multipart(raw, boundary[1] ?? boundary[2]!);
  const form: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) form[key] = value;
  return { form, files: {} };
}

function multipart(body: Buffer, boundary: string): { form: Record<string, string>; files: Record<string, UploadedFile> } {
  const form: Record<string, string> = {};
  const files: Record<string, UploadedFile> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    const part = body.subarray(start + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const content = part.subarray(headerEnd + 4).toString('utf8');
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
      if (name !== undefined) {
        if (filename !== undefined) files[name] = { filename, text: content.replace(/^\uFEFF/, '') };
        else form[name] = content;
      }
    }
    at = next;
  }
  return { form, files };
}

/** Validates what a form sent against the API route's own schema, so a page refuses exactly what the API refuses, naming the same fields. */
export function parseWith<S extends ZodType>(schema: S | undefined, value: unknown): z.infer<S> {
  if (!schema) throw new Error('The route has no body schema');
  const result = schema.safeParse(value);
  if (result.success) return result.data as z.infer<S>;
  throw new ValidationError(result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })));
}

/** A whole number as typed ("40"); anything else is passed on as typed, for the schema to refuse in words. */
export function wholeNumber(text: string | undefined): unknown {
  const trimmed = (text ?? '').trim().replaceAll(',', '');
  if (trimmed === '') return undefined;
  return /^-?\d{1,15}$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** Pounds as typed ("£28,025.50") to pence; a problem names the field, as the API's 400 would. */
export function poundsField(form: Record<string, string>, name: string, path: string = name, options: { optional?: boolean } = {}): number | undefined {
  const typed = (form[name] ?? '').trim();
  if (typed === '') {
    if (options.optional) return undefined;
    throw new ValidationError([{ path, message: 'is required: enter an amount in pounds, such as £28,025.50' }]);
  }
  const entry = penceFromPounds(typed);
  if (!entry.ok) throw new ValidationError([{ path, message: entry.problem }]);
  return entry.pence;
}

/** The GOV.UK date input's three boxes (`name-day`, `name-month`, `name-year`) as `YYYY-MM-DD`; a date that is not one is passed on for the schema to refuse. */
export function dateField(form: Record<string, string>, name: string): string | undefined {
  const [day, month, year] = ['day', 'month', 'year'].map((part) => (form[`${name}-${part}`] ?? '').trim());
  if (!day && !month && !year) return undefined;
  if (!/^\d{1,2}$/.test(day!) || !/^\d{1,2}$/.test(month!) || !/^\d{4}$/.test(year!)) return `${year}-${month}-${day}`;
  return `${year}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}`;
}

/** A new key with each form shown, sent back with it: a double click or a resend records once (the API's Idempotency-Key). */
export function newIdempotencyKey(): string {
  return randomUUID();
}

export function idempotencyKeyOf(form: Record<string, string>): string {
  const key = (form.idempotencyKey ?? '').trim();
  if (!/^[A-Za-z0-9_-]{8,128}$/.test(key)) throw new ValidationError([{ path: 'Idempotency-Key', message: 'The form has expired: reload the page and send it again' }]);
  return key;
}
