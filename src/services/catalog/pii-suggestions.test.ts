import { describe, expect, it } from 'vitest';
import { nameTokens, suggestPii } from './pii-suggestions.js';

const classOf = (name: string) => suggestPii([{ name }])[0]?.class;

describe('PII suggestions from column names', () => {
  it('splits snake, camel and kebab case', () => {
    expect(nameTokens('customerEmail')).toEqual(['customer', 'email']);
    expect(nameTokens('Billing-Address_Line1')).toEqual(['billing', 'address', 'line1']);
  });

  it('names the class a person would', () => {
    expect(classOf('email')).toBe('email');
    expect(classOf('contact_email_address')).toBe('email');
    expect(classOf('mobilePhone')).toBe('phone');
    expect(classOf('ssn')).toBe('ssn');
    expect(classOf('national_id')).toBe('ssn');
    expect(classOf('shipping_address')).toBe('address');
    expect(classOf('zip')).toBe('address');
    expect(classOf('first_name')).toBe('name');
    expect(classOf('customer_name')).toBe('name');
    expect(classOf('date_of_birth')).toBe('birth_date');
    expect(classOf('dob')).toBe('birth_date');
  });

  it('leaves look-alikes alone', () => {
    for (const name of ['product_name', 'table_name', 'emailed_at', 'amount', 'zipped', 'telemetry']) {
      expect(classOf(name), name).toBeUndefined();
    }
  });

  it('a bare name is only a medium suggestion, and classified columns are skipped', () => {
    expect(suggestPii([{ name: 'name' }])).toEqual([
      { column: 'name', class: 'name', confidence: 'medium', reason: 'name contains "name"' },
    ]);
    expect(suggestPii([{ name: 'email', pii: 'other' }])).toEqual([]);
  });
});
