/** The page stack's own rules, without a browser: the session's CSRF token, the cookie, forms as typed, where a sign-in may return to, where the navigation says you are. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csrfMatches, csrfToken, sessionCookie, setSessionCookie } from '../../functions/pages/session.ts';
import { dateField, parseForm, poundsField, wholeNumber } from '../../functions/pages/forms.ts';
import { safeReturnPath } from '../../functions/pages/sign-in.ts';
import { placementRowsFromCsv } from '../../shared/use-cases/import-placements.ts';
import { ValidationError } from '../../shared/errors.ts';
import { chromeFor } from '../../shared/views/chrome.ts';
import { page } from '../../shared/views/layout.ts';
import { adoptionAtHeart } from '../../shared/reference/adoption-at-heart.ts';
import type { Caller } from '../../shared/schemas/identity.ts';

describe('a form that changes something carries the token of its session', () => {
  it('the token of one session is refused for another, and a missing one is refused', () => {
    const token = csrfToken('session-a.x.y');
    expect(csrfMatches('session-a.x.y', token)).toBe(true);
    expect(csrfMatches('session-b.x.y', token)).toBe(false);
    expect(csrfMatches('session-a.x.y', undefined)).toBe(false);
    expect(csrfMatches('session-a.x.y', `${token.slice(0, 10)}A${token.slice(11)}`)).toBe(token[10] === 'A');
  });

  it('no other session’s token matches (property)', () => {
    fc.assert(fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (a, b) => {
      fc.pre(a !== b);
      expect(csrfMatches(a, csrfToken(b))).toBe(false);
    }));
  });
});

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Lax and Secure, except on http://127.0.0.1', () => {
    expect(setSessionCookie('a.b.c', 3600, 'raa.example.gov.uk')).toBe('raa_session=a.b.c; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600; Secure');
    expect(setSessionCookie('a.b.c', 3600, '127.0.0.1:3000')).toBe('raa_session=a.b.c; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600');
  });

  it('is read only when it looks like a token', () => {
    expect(sessionCookie('x=1; raa_session=aa.bb-cc_dd; y=2')).toBe('aa.bb-cc_dd');
    expect(sessionCookie('raa_session=<script>')).toBeUndefined();
  });
});

describe('forms as a person types them', () => {
  it('reads a date from the three boxes, and passes anything else on for the schema to refuse', () => {
    expect(dateField({ 'on-day': '2', 'on-month': '4', 'on-year': '2020' }, 'on')).toBe('2020-04-02');
    expect(dateField({ 'on-day': '', 'on-month': '', 'on-year': '' }, 'on')).toBeUndefined();
    expect(dateField({ 'on-day': 'x', 'on-month': '4', 'on-year': '2020' }, 'on')).toBe('2020-4-x');
  });

  it('reads pounds as pence, naming the field when it is not an amount', () => {
    expect(poundsField({ amountPence: '£28,025.5' }, 'amountPence')).toBe(2_802_550);
    expect(() => poundsField({ amountPence: '28.025' }, 'amountPence')).toThrow(ValidationError);
    expect(poundsField({ fee: '' }, 'fee', 'fee', { optional: true })).toBeUndefined();
  });

  it('reads a whole number, or passes the text on', () => {
    expect(wholeNumber('40')).toBe(40);
    expect(wholeNumber('1,200')).toBe(1200);
    expect(wholeNumber('12.5')).toBe('12.5');
    expect(wholeNumber('')).toBeUndefined();
  });

  it('reads an uploaded file from a multipart body', () => {
    const boundary = 'XyZ';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\nt0k\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="export.csv"\r\nContent-Type: text/csv\r\n\r\na,b\n1,2\n\r\n--${boundary}--\r\n`;
    const parsed = parseForm({ body: Buffer.from(body).toString('base64'), isBase64Encoded: true, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } } as never);
    expect(parsed).toEqual({ form: { csrf: 't0k' }, files: { file: { filename: 'export.csv', text: 'a,b\n1,2\n' } } });
  });
});

describe('after signing in, a person returns only to a page of this site', () => {
  it('keeps a path here, and refuses another site or a scheme', () => {
    expect(safeReturnPath('/adoption-at-heart/decisions')).toBe('/adoption-at-heart/decisions');
    expect(safeReturnPath('//evil.example/')).toBe('/');
    expect(safeReturnPath('https://evil.example/')).toBe('/');
    expect(safeReturnPath('/\\evil')).toBe('/');
    expect(safeReturnPath(undefined)).toBe('/');
  });
});

describe('a case system export', () => {
  it('names what is wrong with a file that is not one', () => {
    expect(placementRowsFromCsv('name,date\nx,y').fileProblem).toMatch(/header row/);
    expect(placementRowsFromCsv('case reference,council,kind,date\n').fileProblem).toMatch(/no placements/);
    expect(placementRowsFromCsv('Case Reference,Council,Kind,Date,Fee\nDUD/1,dudley,in-house,01/05/2020,\n').rows).toEqual([{ row: 2, caseRef: 'DUD/1', council: 'dudley', kind: 'in-house', placedOn: '01/05/2020', fee: '', counterparty: '' }]);
  });
});

describe('the service navigation shows where you are', () => {
  const manager: Caller = { sub: 'raa-manager', groups: ['raa-manager'], agency: 'adoption-at-heart' };
  const walsall: Caller = { sub: 'walsall-finance', groups: ['finance-officer'], agency: 'adoption-at-heart', council: 'walsall' };
  const today = '2026-12-05';
  /** The navigation's items shown as current on a page, with their aria-current. */
  const currentOn = (caller: Caller, path: string) => {
    const shown = page({ title: 'A page', chrome: chromeFor({ caller, agency: adoptionAtHeart, csrf: 'token', path, today }), content: '' }).toString();
    return [...shown.matchAll(/aria-current="(page|true)"><strong[^>]*>([^<]+)</g)].map(([, current, text]) => `${text} (${current})`);
  };

  it('its own page is the current page, and another year’s or quarter’s page of its section is where you are', () => {
    expect(currentOn(manager, '/adoption-at-heart/years/2026-27/protocol')).toEqual(['Agreements (page)']);
    expect(currentOn(manager, '/adoption-at-heart/years/2025-26/protocol')).toEqual(['Agreements (true)']);
    expect(currentOn(manager, '/adoption-at-heart/years/2026-27/indicator-catalogue')).toEqual(['Agreements (true)']);
    expect(currentOn(manager, '/adoption-at-heart/quarters/2025-26-Q3/indicators')).toEqual(['Quarterly report (true)']);
    expect(currentOn(manager, '/adoption-at-heart/placements/2025-26.walsall.abc123/reversal')).toEqual(['Placements (true)']);
    expect(currentOn(walsall, '/adoption-at-heart/years/2025-26/councils/walsall/statements')).toEqual(['Your council (true)']);
  });

  it('another council’s page is not yours, and a page outside every section marks nothing', () => {
    expect(currentOn(walsall, '/adoption-at-heart/years/2026-27/councils/dudley')).toEqual([]);
    expect(currentOn(manager, '/adoption-at-heart/years/2026-27/protocolx')).toEqual([]);
    expect(currentOn(manager, '/notices')).toEqual(['Notifications (page)']);
  });
});
