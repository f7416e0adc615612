/**
 * No personal data in free text: a note, comment or reason carrying an
 * e-mail address, a postcode or a date of birth is refused with the reason;
 * the text a finance team writes about money and counts is not.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { personalDataIn } from '../../shared/domain/personal-data.ts';

describe('free text', () => {
  it.each([
    ['an e-mail address', 'Adopters contacted at jane.smith@example.org about the match', 'e-mail address'],
    ['a postcode', 'Child placed with carers in WV1 1RG', 'postcode'],
    ['a postcode without its space, in lower case', 'moved to b693de last week', 'postcode'],
    ['a date of birth', 'DOB 14/03/2015, sibling group', 'date of birth'],
    ['a date of birth in words', 'The elder child was born on 14 March 2015', 'date of birth'],
    ['the words "date of birth"', 'Date of birth to follow from Walsall', 'date of birth'],
    ['"D.O.B."', 'D.O.B. 2015-03-14', 'date of birth'],
  ])('is refused when it carries %s, saying why', (_what, text, kind) => {
    const reason = personalDataIn(text);
    expect(reason).toContain(kind);
    expect(reason).toContain('no personal data');
  });

  it.each([
    'Year 1 transitional adjustment (host)',
    'Backlog of older children inherited from the councils; recovery plan agreed on 12/05/2020.',
    'Ofsted inspection 2020-03-14: good',
    'Sibling group of 3 to be placed together; costs borne by Walsall',
    'Post-adoption support service, 2nd phase from Q3',
    'Review at stage B1 2nd time round',
    'Q1 2019-20 instalment, DMBC BACS 0420',
    'A1 above the national threshold of 426 days; A10 at 440',
    'WAL-CSC-ADOPT-01',
  ])('is accepted when it is about money, counts and dates of business: %s', (text) => {
    expect(personalDataIn(text)).toBeUndefined();
  });

  it('with any e-mail address in it is refused, wherever it stands', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.emailAddress(), fc.string({ maxLength: 40 }), (before, email, after) => {
        expect(personalDataIn(`${before} ${email} ${after}`)).toContain('e-mail address');
      }),
    );
  });

  it('with any well-formed UK postcode in it is refused, in capitals or not', () => {
    const letter = (chars: string) => fc.constantFrom(...chars.split(''));
    const postcode = fc
      .tuple(letter('ABDEFGHJKLMNOPRSTUWYZ'), fc.option(letter('ABCDEFGHKLMNOPQRSTUVWXY'), { nil: '' }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 9 }), letter('ABDEFGHJLNPQRSUWXYZ'), letter('ABDEFGHJLNPQRSUWXYZ'), fc.boolean(), fc.boolean())
      .map(([area, district, n, inward, a, b, spaced, lower]) => {
        const code = `${area}${district}${n}${spaced ? ' ' : ''}${inward}${a}${b}`;
        return lower ? code.toLowerCase() : code;
      });
    fc.assert(
      fc.property(postcode, fc.constantFrom('Placed in', 'Carers at', 'Address:'), (code, lead) => {
        // In lower case an inward code like "2nd" is read as an ordinal ("B1 2nd review").
        fc.pre(!/\d(?:st|nd|rd|th)$/.test(code));
        expect(personalDataIn(`${lead} ${code}.`)).toContain('postcode');
      }),
    );
  });

  it('of words and figures without "@", birth words or a postcode shape is always accepted', () => {
    const word = fc.constantFrom('placement', 'budget', 'Dudley', 'Q2', 'GBP', '28,025', 'approved', 'the', 'SCB', 'reserve', 'A1', '2019-20', '31/03/2020', 'inter-agency', 'sibling', 'group', 'of', '3');
    fc.assert(
      fc.property(fc.array(word, { maxLength: 30 }), (words) => {
        expect(personalDataIn(words.join(' '))).toBeUndefined();
      }),
    );
  });
});
