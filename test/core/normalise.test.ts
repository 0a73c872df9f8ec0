import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { canonicalColumn, foldHeader, nearestHeader, STAFF_COLUMNS } from '../../src/core/columns.js';
import {
  checkEmail,
  checkName,
  cleanText,
  findInvisible,
  hasLineBreak,
  hasPlainEdges,
  hasReplaceable,
  isFormulaTrigger,
  isPlain,
  isPlainLine,
  normaliseMobile,
  personKey,
  postcodeNation,
  suggestDomain,
} from '../../src/core/normalise.js';

describe('normaliseMobile', () => {
  it.each([
    { raw: '07912 345678', value: '07912345678' },
    { raw: '+44 (0)7956 123456', value: '07956123456' },
    { raw: '0044 7956 123456', value: '07956123456' },
    { raw: '07956-123-456', value: '07956123456' },
    { raw: '+447956123456', value: '07956123456' },
    { raw: '447956123456', value: '07956123456' },
    { raw: '(07956) 123 456', value: '07956123456' },
    { raw: '07624 123456', value: '07624123456' },
  ])('accepts $raw as $value (P03)', ({ raw, value }) => {
    expect(normaliseMobile(raw)).toEqual({ kind: 'ok', value, restored: false });
  });

  it('restores a leading zero Excel dropped (P01, X05)', () => {
    expect(normaliseMobile('7956123456')).toEqual({ kind: 'ok', value: '07956123456', restored: true });
  });

  it.each(['4.47956E+11', '7.95612E+09', '4,47956E+11'])('calls %s Excel-damaged (P02)', (raw) => {
    expect(normaliseMobile(raw).kind).toBe('excel-damaged');
  });

  it.each([
    { raw: '07956 123456 ext 2', reason: 'characters' },
    { raw: 'mob: 07956123456', reason: 'characters' },
    { raw: '０７９５６１２３４５６', reason: 'characters' },
    { raw: '07956123456\u200B', reason: 'characters' },
    { raw: '07700 900123', reason: 'drama' },
    { raw: '01632 960123', reason: 'landline' },
    { raw: '020 7946 0000', reason: 'landline' },
    { raw: '+33 6 12 34 56 78', reason: 'not-uk' },
    { raw: '0033 612345678', reason: 'not-uk' },
    { raw: '07012 345678', reason: 'not-mobile' },
    { raw: '07612 345678', reason: 'pager' },
    { raw: '07956 12345', reason: 'length' },
    { raw: '079561234567', reason: 'length' },
  ])('refuses $raw ($reason) (P04, P05)', ({ raw, reason }) => {
    expect(normaliseMobile(raw)).toMatchObject({ kind: 'invalid', reason });
  });

  it('calls a blank cell blank', () => {
    expect(normaliseMobile('  ')).toEqual({ kind: 'blank' });
  });
});

describe('cleanText', () => {
  it('makes NBSP a space and curly apostrophes straight, and says so (C02, C06)', () => {
    expect(cleanText('Mary\u00A0O’Neill')).toEqual({
      value: "Mary O'Neill",
      replaced: [
        { from: '\u00A0', to: ' ' },
        { from: '\u2019', to: "'" },
      ],
    });
  });
  it('normalises to NFC so Zoë typed two ways is one name (C07)', () => {
    expect(cleanText('Zoe\u0308').value).toBe('Zoë');
    expect(personKey('Zoe\u0308', 'Smith')).toBe(personKey('ZOË', 'smith'));
  });
  it('trims and collapses repeated spaces', () => {
    expect(cleanText('  Anne   Marie  ').value).toBe('Anne Marie');
  });
});

describe('findInvisible', () => {
  it.each([
    ['a\u200Bb@x.com', 'U+200B ZERO WIDTH SPACE'],
    ['\u202EnhoJ', 'U+202E RIGHT-TO-LEFT OVERRIDE'],
    ['Ann\u200E', 'U+200E LEFT-TO-RIGHT MARK'],
    ['Ann\0e', 'U+0000 NUL (shown as \\0)'],
  ])('names the character in %j', (value, label) => {
    expect(findInvisible(value)).toBe(label);
  });
  it('finds nothing in ordinary accented text', () => {
    expect(findInvisible("Siân O'Brien-Zoë")).toBeUndefined();
  });
});

describe('checkName / checkEmail / isFormulaTrigger', () => {
  it.each(["O'Brien", 'Smith-Jones', 'van der Berg', 'Zoë', 'José', 'J.', 'Nguyễn'])(
    'accepts the name %s',
    (n) => {
      expect(checkName(n)).toBeUndefined();
    },
  );
  it.each(['R2D2', 'ann@x.com', "'Brien", '-', 'a'.repeat(65)])('refuses the name %s', (n) => {
    expect(checkName(n)).toBeDefined();
  });
  it.each(['ann.o’brien@gmail.com'.replace('’', "'"), 'x@btinternet.com', 'first.last+care@outlook.com'])(
    'accepts the e-mail %s',
    (e) => expect(checkEmail(e)).toBeUndefined(),
  );
  it.each(['sam.lee@gmail', 'sam.lee@@gmail.com', 'sam lee@gmail.com', `${'a'.repeat(65)}@gmail.com`])(
    'refuses the e-mail %s',
    (e) => expect(checkEmail(e)).toBeDefined(),
  );
  it('judges an e-mail format exactly as z.email() does, for any text', () => {
    const schema = z.email();
    const unit = fc.constantFrom('a', 'Z', '0', '.', '@', '-', '_', "'", '+', ' ', 'é', 'co', 'uk', '..');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 24 }), (e) => {
        const problem = checkEmail(e);
        if (problem !== 'too-long') expect(problem === undefined).toBe(schema.safeParse(e).success);
      }),
      { seed: 20261124, numRuns: 3000 },
    );
  });
  it.each(['=HYPERLINK("x")', '+SUM(1)', '@cmd', '-1+1', '\tx'])('%j is a formula trigger', (v) => {
    expect(isFormulaTrigger(v)).toBe(true);
  });
  it.each(['-', 'Ann', "O'Brien"])('%j is not a formula trigger', (v) =>
    expect(isFormulaTrigger(v)).toBe(false),
  );
});

describe('headers', () => {
  it.each([
    ['First  Name ', 'first_name'],
    ['FIRST_NAME', 'first_name'],
    ['first\u00A0name', 'first_name'],
    ['\uFEFFSite ODS code', 'site_ods_code'],
    ['Forename', 'first_name'],
    ['Surname', 'last_name'],
    ['Personal email', 'personal_email'],
    ['Mobile number', 'mobile'],
    ['Owner/Member', 'access'],
    ['Mailbox access', 'access'],
  ])('maps %j to %s (H03)', (header, column) => {
    expect(canonicalColumn(header, STAFF_COLUMNS)).toBe(column);
  });
  it.each(['__proto__', 'constructor', 'toString', 'Notes'])('leaves %j unknown (H05)', (h) => {
    expect(canonicalColumn(h, STAFF_COLUMNS)).toBeUndefined();
  });
  it('suggests the nearest header for a missing column (H01)', () => {
    expect(nearestHeader('last_name', ['Frist name', 'Lastname2', 'Mobile'])).toBe('Lastname2');
    expect(nearestHeader('mobile', ['Site', 'Email'])).toBeUndefined();
    expect(foldHeader(' Job-Title. ')).toBe('jobtitle');
  });
});

describe('postcodeNation', () => {
  it.each([
    ['CF10 1AA', 'wales'],
    ['LL13 9UT', 'wales'],
    ['EH1 1YZ', 'scotland'],
    ['G1 1AA', 'scotland'],
    ['BT1 1AA', 'northern-ireland'],
    ['JE2 3AB', 'crown-dependency'],
    ['CH5 1AA', 'border'],
    ['TD15 1AA', 'border'],
    ['LS1 4AP', undefined],
    ['GU1 1AA', undefined],
    ['SW1A 1AA', undefined],
  ])('%s → %s', (pc, nation) => expect(postcodeNation(pc)).toBe(nation));
});

describe('cleanText fast path', () => {
  it.each([
    ['#N/A', ''],
    [' #REF! ', ''],
    ['Care Assistant', 'Care Assistant'],
    ['Care  Assistant', 'Care Assistant'],
    [' Ann', 'Ann'],
    ['O`Neill', "O'Neill"],
    ['', ''],
  ])('%j → %j', (raw, value) => expect(cleanText(raw).value).toBe(value));
});

describe('lookups of user text never reach a prototype', () => {
  it.each(['constructor', '__proto__', 'toString'])('domain %s has no suggested correction', (domain) => {
    expect(suggestDomain(`ann@${domain}`)).toBeUndefined();
  });
  it('known typos are still corrected', () => {
    expect(suggestDomain('ann@gmail.con')).toBe('gmail.com');
    expect(suggestDomain('ann@HOTMIAL.com')).toBe('hotmail.com');
  });
});

describe('isPlain: cells the character rules may skip', () => {
  it.each([
    ['Care Assistant', true],
    ['07912 345678', true],
    ['', true],
    [' Care', false],
    ['Care ', false],
    ['Care  Assistant', false],
    ['Zoë', false],
    ['O’Brien', false],
    ['a`b', false],
    ['a\tb', false],
    ['a\u200bb', false],
  ])('%j → %s', (raw, plain) => {
    expect(isPlain(raw)).toBe(plain);
  });
  it('never hides what a character rule would find', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (raw) => {
        if (!isPlain(raw)) return;
        expect(findInvisible(raw)).toBeUndefined();
        expect(hasLineBreak(raw)).toBe(false);
        expect(hasReplaceable(raw)).toBe(false);
        expect(cleanText(raw).value).toBe(raw);
      }),
      { seed: 20261124, numRuns: 2000 },
    );
  });
});

describe('isPlainLine: one test a line, then only the edges of each cell', () => {
  it('gives isPlain for every cell of a line it passes', () => {
    const unit = fc.constantFrom(
      'a',
      'Z',
      '0',
      ' ',
      '  ',
      '`',
      '~',
      '_',
      ',',
      ';',
      'é',
      '\t',
      '\u00a0',
      '\x7f',
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 30 }), fc.constantFrom(',', ';'), (line, d) => {
        fc.pre(isPlainLine(line));
        for (const cell of line.split(d)) expect(hasPlainEdges(cell)).toBe(isPlain(cell));
      }),
      { seed: 20261124, numRuns: 3000 },
    );
  });
  it.each([
    ['Siân,Khan', false],
    ['a,b,,c', true],
    ['a,  b', false],
    ['a,`b', false],
  ])('%j → %s', (line, plain) => {
    expect(isPlainLine(line)).toBe(plain);
  });
});

describe('personKey and normaliseMobile take their quick paths without changing an answer', () => {
  const slowFold = (s: string) =>
    s
      .normalize('NFC')
      .toLocaleLowerCase('en-GB')
      .replace(/[\u2019\u2018`]/g, "'")
      .replace(/\s+/g, ' ')
      .trim();
  it('personKey folds as the full fold does', () => {
    const name = fc.string({
      unit: fc.constantFrom('A', 'b', ' ', "'", '`', '’', 'É', 'ß', '-', '\t'),
      maxLength: 8,
    });
    fc.assert(
      fc.property(name, name, (first, last) => {
        expect(personKey(first, last)).toBe(`${slowFold(first)}\u0001${slowFold(last)}`);
      }),
      { seed: 20261124, numRuns: 2000 },
    );
  });
  it.each(['07912345678', '07700900123', '07012345678', '07624123456', '07612345678'])(
    'the compact %s is judged as its spaced form is',
    (compact) => {
      expect(normaliseMobile(compact)).toEqual(normaliseMobile(`${compact.slice(0, 5)} ${compact.slice(5)}`));
    },
  );
});
