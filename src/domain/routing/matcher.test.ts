import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CompiledMatcher, formatMatcher, formatMatchers, type Matcher, matchesAll } from './matcher.js';
import { describeMatcherError, parseMatchers } from './matcher-parse.js';
import { checkRegexSafety } from './regex-guard.js';

function parsed(text: string): CompiledMatcher[] {
  const r = parseMatchers(text);
  if (!r.ok) throw new Error(describeMatcherError(r.error));
  return r.matchers;
}

const plain = (ms: CompiledMatcher[]): Matcher[] =>
  ms.map(({ name, type, value }) => ({ name, type, value }));

describe('parseMatchers', () => {
  it.each([
    ['severity="page"', [{ name: 'severity', type: '=', value: 'page' }]],
    ['team!="data"', [{ name: 'team', type: '!=', value: 'data' }]],
    ['asset=~"sales\\..*"', [{ name: 'asset', type: '=~', value: 'sales\\..*' }]],
    [
      '{a="b", c=~"d.*"}',
      [
        { name: 'a', type: '=', value: 'b' },
        { name: 'c', type: '=~', value: 'd.*' },
      ],
    ],
    ['{ a = "b" , }', [{ name: 'a', type: '=', value: 'b' }]],
    ['owner=alice', [{ name: 'owner', type: '=', value: 'alice' }]],
    ['"odd label"!~"x|y"', [{ name: 'odd label', type: '!~', value: 'x|y' }]],
    ['title="say \\"hi\\""', [{ name: 'title', type: '=', value: 'say "hi"' }]],
    ['{}', []],
    ['kind=""', [{ name: 'kind', type: '=', value: '' }]],
  ])('reads %s', (text, expected) => {
    expect(plain(parsed(text))).toEqual(expected);
  });

  it.each([
    ['', 0, 0, 'no matcher given'],
    ['severity', 0, 8, 'expected one of =, !=, =~, !~'],
    ['{a="b" c="d"}', 1, 7, "expected ',' or '}'"],
    ['{a="b", c=~"(x+)+"}', 1, 12, 'repeated group'],
    ['{a="b"', 1, 6, "missing closing '}'"],
    ['a="b', 0, 2, 'unterminated'],
    ['a=', 0, 2, 'has no value'],
    ['a=~"[z-a]"', 0, 4, 'invalid regex'],
    ['=x', 0, 0, 'expected a label name'],
    ['a="b" c', 1, 6, 'separate matchers with'],
  ])('rejects %s (matcher %i, position %i)', (text, index, position, message) => {
    const r = parseMatchers(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.index).toBe(index);
    expect(r.error.position).toBe(position);
    expect(r.error.message).toContain(message);
  });
});

describe('matching', () => {
  const labels = { severity: 'page', team: 'data', asset: 'sales.orders' };
  it.each([
    ['severity="page"', true],
    ['severity="ticket"', false],
    ['team!="data"', false],
    ['owner=""', true], // a missing label reads as empty
    ['owner!=""', false],
    ['asset=~"sales"', false], // anchored: a full match is needed
    ['asset=~"sales\\..*"', true],
    ['asset!~"sales\\..*"', false],
    ['asset=~"a|sales.orders"', true], // the anchors wrap the whole alternation
    ['{severity="page", team=~"data|ml"}', true],
    ['{severity="page", team=~"ml"}', false],
    ['{}', true],
  ])('%s → %s', (text, expected) => {
    expect(matchesAll(parsed(text), labels)).toBe(expected);
  });
});

describe('regex guard', () => {
  it.each([
    '(a+)+',
    '(a|ab)*',
    '(\\w+\\s?)*$',
    '((ab)*c)+',
    '(x|y){2,}',
    '(?=a)b',
    '(a)\\1',
    'a'.repeat(600),
  ])('refuses %s', (re) => expect(checkRegexSafety(re)).toBeDefined());
  it.each(['db_.*', '(foo|bar)', '(prod)+', '[a-z]+_(raw|stg)', 'x{1,3}', '(a+)?', '[(+)]*', '\\(a+\\)+'])(
    'accepts %s',
    (re) => expect(checkRegexSafety(re)).toBeUndefined(),
  );
});

const labelName = fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/);
const anyValue = fc.string({ maxLength: 12, unit: 'grapheme' });
const matcherArb: fc.Arbitrary<Matcher> = fc.record({
  name: fc.oneof(labelName, fc.string({ minLength: 1, maxLength: 8 })),
  type: fc.constantFrom('=' as const, '!=' as const),
  value: anyValue,
});

describe('parser properties', () => {
  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const r = parseMatchers(text);
        if (!r.ok) expect(r.error.position).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads back what formatMatchers writes', () => {
    fc.assert(
      fc.property(fc.array(matcherArb, { maxLength: 5 }), (ms) => {
        expect(plain(parsed(formatMatchers(ms)))).toEqual(ms);
        for (const m of ms) expect(plain(parsed(formatMatcher(m)))).toEqual([m]);
      }),
      { numRuns: 1000 },
    );
  });

  it('an equality matcher accepts exactly its value', () => {
    fc.assert(
      fc.property(labelName, anyValue, anyValue, (name, value, other) => {
        const [m] = parsed(formatMatcher({ name, type: '=', value }));
        expect(matchesAll([m as CompiledMatcher], { [name]: other })).toBe(other === value);
      }),
    );
  });

  it('accepted regexes finish on adversarial inputs', () => {
    const piece = fc.constantFrom(
      'a',
      'a*',
      'a+',
      '(a)',
      '(a|b)',
      '(a+)',
      '.*',
      '|',
      '(',
      ')',
      '+',
      '*',
      '?',
      '{2,}',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const r = parseMatchers(`x=~"${pieces.join('')}"`);
        if (!r.ok) return;
        // Would take far longer than the test timeout if a catastrophic pattern slipped through.
        matchesAll(r.matchers, { x: `${'a'.repeat(40)}!` });
      }),
      { numRuns: 1000 },
    );
  });
});
