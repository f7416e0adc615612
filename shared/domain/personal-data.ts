/**
 * No personal data in free text. The agency's data is shared between councils
 * under an information sharing agreement; this system holds money and counts,
 * not case files. So a note, comment, reason, purpose, reference, description,
 * commentary or summary may not carry a child's or adopter's date of birth,
 * postcode or e-mail address. What is refused, and why, is said in words the
 * writer can act on.
 *
 * A date alone is not refused (a note may say when an inspection happened,
 * and a child's date of birth looks like any other date): what marks one is
 * "born", "DOB", "date of birth" or "birthday", so text carrying those words
 * is refused, with or without the date beside them.
 */

const EMAIL = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

/**
 * A UK postcode (outward and inward code, e.g. "WV1 1RG", "B69 3DE", "dy1 1hf",
 * "SW1A1AA"). The inward code's letters exclude C, I, K, M, O and V. An
 * inward code written in lower case like an ordinal ("B1 2nd", "phase A1 1st")
 * is read as the ordinal it looks like.
 */
const POSTCODE = /\b([A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?) ?(\d[ABD-HJLNP-UW-Z]{2})\b/gi;
const ORDINAL_ENDINGS = new Set(['ST', 'ND', 'RD', 'TH']);

const BIRTH_WORDS = /\b(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|born|birth\s*date|birthday)(?![a-z])/i;

/** Why `text` may not be stored (it names the kind of personal data found), or undefined when it carries none. */
export function personalDataIn(text: string): string | undefined {
  if (EMAIL.test(text)) {
    return 'must not contain an e-mail address: this record is shared between the councils and holds no personal data; refer to the case by its case reference';
  }
  for (const match of text.matchAll(POSTCODE)) {
    const inward = match[2]!;
    if (!(ORDINAL_ENDINGS.has(inward.slice(1).toUpperCase()) && inward === inward.toLowerCase())) {
      return `must not contain a postcode ("${match[0]}"): an address identifies a child or adopter; this record is shared between the councils and holds no personal data`;
    }
  }
  if (BIRTH_WORDS.test(text)) {
    return 'must not contain a date of birth: this record is shared between the councils and holds no personal data; refer to the case by its case reference';
  }
  return undefined;
}
