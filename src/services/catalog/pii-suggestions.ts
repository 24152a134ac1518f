import type { AssetColumn, PiiClass } from '../../store/schema-catalog.js';

export interface PiiSuggestion {
  column: string;
  class: PiiClass;
  /** high: the name says it outright (email, ssn); medium: likely, worth a look (name, city). */
  confidence: 'high' | 'medium';
  reason: string;
}

/** customerEmail, customer_email, Customer-Email -> ['customer', 'email']. */
export function nameTokens(column: string): string[] {
  return column
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

interface Rule {
  class: PiiClass;
  confidence: 'high' | 'medium';
  test: (tokens: string[], joined: string) => string | undefined;
}

const anyOf =
  (words: string[]) =>
  (tokens: string[]): string | undefined =>
    tokens.find((t) => words.includes(t));
const phrase =
  (phrases: string[]) =>
  (_: string[], joined: string): string | undefined =>
    phrases.find((p) => `_${joined}_`.includes(`_${p}_`));

const PERSON = [
  'first',
  'last',
  'full',
  'middle',
  'given',
  'family',
  'maiden',
  'customer',
  'user',
  'person',
  'contact',
  'display',
];

// Order matters: the first rule that matches names the class, so 'email_address' is an email.
const RULES: Rule[] = [
  { class: 'email', confidence: 'high', test: anyOf(['email', 'mail', 'emailaddress']) },
  {
    class: 'phone',
    confidence: 'high',
    test: anyOf(['phone', 'mobile', 'telephone', 'tel', 'msisdn', 'cellphone', 'fax']),
  },
  {
    class: 'ssn',
    confidence: 'high',
    test: (t, j) =>
      anyOf(['ssn', 'nino', 'passport'])(t) ?? phrase(['social_security', 'national_id', 'tax_id'])(t, j),
  },
  {
    class: 'birth_date',
    confidence: 'high',
    test: (t, j) => anyOf(['dob', 'birthday', 'birthdate', 'birth'])(t) ?? phrase(['date_of_birth'])(t, j),
  },
  {
    class: 'address',
    confidence: 'high',
    test: anyOf(['address', 'addr', 'street', 'postcode', 'zipcode', 'zip']),
  },
  { class: 'address', confidence: 'medium', test: phrase(['postal_code', 'house_number']) },
  {
    class: 'name',
    confidence: 'high',
    test: anyOf(['firstname', 'lastname', 'fullname', 'surname', 'forename']),
  },
  {
    class: 'name',
    confidence: 'high',
    test: (t) => {
      const i = t.indexOf('name');
      return i > 0 && PERSON.includes(t[i - 1]!) ? `${t[i - 1]}_name` : undefined;
    },
  },
  // A bare `name` is as often a product or a table as a person: a person decides.
  {
    class: 'name',
    confidence: 'medium',
    test: (t) => (t.length === 1 && t[0] === 'name' ? 'name' : undefined),
  },
];

/**
 * PII classes suggested from column names only. Values are never read: suggesting must not itself
 * touch the personal data it is meant to protect. Columns already classified are skipped.
 */
export function suggestPii(columns: readonly AssetColumn[]): PiiSuggestion[] {
  const out: PiiSuggestion[] = [];
  for (const c of columns) {
    if (c.pii) continue;
    const tokens = nameTokens(c.name);
    const joined = tokens.join('_');
    for (const rule of RULES) {
      const hit = rule.test(tokens, joined);
      if (hit) {
        out.push({
          column: c.name,
          class: rule.class,
          confidence: rule.confidence,
          reason: `name contains "${hit}"`,
        });
        break;
      }
    }
  }
  return out;
}
