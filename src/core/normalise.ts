/**
 * Pure normalisers for the values people type. Each returns what it found; rules decide what to say.
 * Facts are from DOMAIN.md (mobiles, ODS and CQC shapes, DSPT levels, postcode areas).
 */
import { z } from 'zod';

// ---------- text ----------

/** Characters that are invisible or reorder text: zero-width, bidi controls, BOM, soft hyphen. */
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/u;
// Control characters other than the line breaks we report separately (TAB is a control here too).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this rule's job.
const CONTROL = /[\u0000-\u0009\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;

export function codePointLabel(ch: string): string {
  const cp = ch.codePointAt(0)!;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  const names: Record<number, string> = {
    0: 'NUL (shown as \\0)',
    9: 'TAB',
    173: 'SOFT HYPHEN',
    8203: 'ZERO WIDTH SPACE',
    8204: 'ZERO WIDTH NON-JOINER',
    8205: 'ZERO WIDTH JOINER',
    8206: 'LEFT-TO-RIGHT MARK',
    8207: 'RIGHT-TO-LEFT MARK',
    8234: 'LEFT-TO-RIGHT EMBEDDING',
    8235: 'RIGHT-TO-LEFT EMBEDDING',
    8236: 'POP DIRECTIONAL FORMATTING',
    8237: 'LEFT-TO-RIGHT OVERRIDE',
    8238: 'RIGHT-TO-LEFT OVERRIDE',
    8288: 'WORD JOINER',
    65279: 'ZERO WIDTH NO-BREAK SPACE (BOM)',
  };
  return names[cp] ? `${hex} ${names[cp]}` : hex;
}

/** The first invisible or control character in `value`, labelled for people, or undefined. */
export function findInvisible(value: string): string | undefined {
  const m = INVISIBLE.exec(value) ?? CONTROL.exec(value);
  return m ? codePointLabel(m[0]) : undefined;
}

export const hasLineBreak = (value: string): boolean => /[\r\n\u2028\u2029]/u.test(value);

/** Shows a raw value safely in messages: control characters become visible escapes. */
export function visible(value: string): string {
  return value.replace(/\0/g, '\\0').replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}

/** A cell a spreadsheet would run as a formula: one starting = + - @, tab or CR. A lone `-` is a common "none" and is not one. */
export function isFormulaTrigger(value: string): boolean {
  const c = value.charCodeAt(0);
  if (c !== 0x3d && c !== 0x2b && c !== 0x2d && c !== 0x40 && c !== 0x09 && c !== 0x0d) return false;
  return value !== '-';
}

export interface Replacement {
  from: string;
  to: string;
}

const REPLACEABLE: Record<string, string> = {
  '\u00A0': ' ',
  '\u202F': ' ',
  '\u2007': ' ',
  '\u2019': "'",
  '\u2018': "'",
  '\u02BC': "'",
  '\u0060': "'",
};

/** What Excel writes into a CSV for a formula that failed: the cell has no real value. */
export const EXCEL_ERRORS = [
  '#N/A',
  '#REF!',
  '#VALUE!',
  '#DIV/0!',
  '#NAME?',
  '#NULL!',
  '#NUM!',
  '#SPILL!',
  '#CALC!',
] as const;
export const excelError = (raw: string): string | undefined =>
  raw.includes('#') ? EXCEL_ERRORS.find((e) => e === raw.trim().toUpperCase()) : undefined;

// Printable ASCII with no edge or doubled spaces and no backtick: nothing to clean (the common case).
const ALREADY_CLEAN = /^(?:[!-_a-~](?:[ -_a-~]*[!-_a-~])?)?$/;
const HAS_REPLACEABLE = /[\u00A0\u202F\u2007\u2019\u2018\u02BC`]/;
const NOTHING_REPLACED: Replacement[] = [];

/**
 * An Excel error literal (#N/A…) becomes blank (the cell rule `cell-formula-error` says why). Otherwise:
 * NFC, look-alike spaces and apostrophes replaced, trimmed, inner spaces collapsed. Returns what was
 * replaced so a rule can warn about it (BAD-INPUTS C02, C06, C07).
 */
/**
 * Printable ASCII (no backtick) with no edge or doubled spaces: nothing to clean, and nothing a
 * character rule (invisible, line break, look-alike) could find. Most cells are.
 */
export const isPlain = (raw: string): boolean => ALREADY_CLEAN.test(raw) && !raw.includes('  ');

const PRINTABLE = /^[ -_a-~]*$/;

/**
 * Whether a whole line is printable ASCII without backtick or double space: then a cell of it is
 * plain (isPlain) exactly when its edges are not spaces, one test a line instead of one a cell.
 */
export const isPlainLine = (text: string): boolean => PRINTABLE.test(text) && !text.includes('  ');

/** isPlain for a cell of a line that passed isPlainLine. */
export const hasPlainEdges = (cell: string): boolean =>
  cell === '' || (cell.charCodeAt(0) !== 32 && cell.charCodeAt(cell.length - 1) !== 32);

/**
 * A copy of `value` that does not keep alive the line it was cut from. A string cut from a longer
 * one may share its memory (a 30-character name holding on to a 300-character line); values kept
 * for the whole run (ODS names, site details, messages) are detached so each line can go.
 *
 * The copy is made by a JSON round trip, the one way found to give a flat string of exactly the
 * value's size (slicing a longer copy keeps a slice object and its parent: about 35 bytes more).
 * Strings under 13 characters are never shared, so they are kept as they are.
 */
export const detach = (value: string): string =>
  value.length < 13 ? value : (JSON.parse(JSON.stringify(value)) as string);

/**
 * One kept copy of each value that repeats across a large table (towns, HQ codes, dates, statuses):
 * a hundred thousand sites hold a few hundred distinct towns, not a hundred thousand strings.
 */
export class Interner {
  private readonly kept = new Map<string, string>();
  of(value: string): string {
    if (value === '') return value;
    let kept = this.kept.get(value);
    if (kept === undefined) {
      kept = detach(value);
      this.kept.set(kept, kept);
    }
    return kept;
  }
  clear(): void {
    this.kept.clear();
  }
}

/** The cleaned value alone (see cleanText), without allocating for the common already-clean cell. */
export function cleanValue(raw: string, plain = isPlain(raw)): string {
  if (excelError(raw)) return '';
  if (plain) return raw;
  return cleanText(raw).value;
}

/** Whether cleaning would replace a look-alike character (so a rule should say which). */
export const hasReplaceable = (raw: string): boolean => HAS_REPLACEABLE.test(raw);

export function cleanText(raw: string): { value: string; replaced: Replacement[] } {
  if (excelError(raw)) return { value: '', replaced: NOTHING_REPLACED };
  if (ALREADY_CLEAN.test(raw) && !raw.includes('  ')) return { value: raw, replaced: NOTHING_REPLACED };
  const replaced: Replacement[] = [];
  let value = raw.normalize('NFC');
  if (HAS_REPLACEABLE.test(value))
    for (const [from, to] of Object.entries(REPLACEABLE)) {
      if (value.includes(from)) {
        replaced.push({ from, to });
        value = value.split(from).join(to);
      }
    }
  value = value.replace(/ {2,}/g, ' ').trim();
  return { value, replaced };
}

// ---------- names ----------

const NAME = /^[\p{L}\p{M}](?:[\p{L}\p{M}' .-]*[\p{L}\p{M}.])?$/u;
export const MAX_NAME_LENGTH = 64;

export type NameProblem = 'characters' | 'too-long' | 'no-letters';
export function checkName(value: string): NameProblem | undefined {
  if (value.length > MAX_NAME_LENGTH) return 'too-long';
  if (!/\p{L}/u.test(value)) return 'no-letters';
  return NAME.test(value) ? undefined : 'characters';
}

/** Key for "the same person": case, accents as typed (NFC), apostrophes and spacing folded. */
export function personKey(first: string, last: string): string {
  // A plain value has nothing to normalise, no curly apostrophes and no stray spaces: lower case is all.
  const fold = (s: string) =>
    isPlain(s)
      ? s.toLowerCase()
      : s
          .normalize('NFC')
          .toLocaleLowerCase('en-GB')
          .replace(/[\u2019\u2018`]/g, "'")
          .replace(/\s+/g, ' ')
          .trim();
  return `${fold(first)}\u0001${fold(last)}`;
}

export const KNOWN_TITLES = [
  'Mr',
  'Mrs',
  'Miss',
  'Ms',
  'Mx',
  'Dr',
  'Prof',
  'Professor',
  'Rev',
  'Revd',
  'Sir',
  'Dame',
  'Lady',
  'Lord',
  'Sister',
  'Father',
  'Master',
] as const;
const TITLE_KEYS = new Set(KNOWN_TITLES.map((t) => t.toLowerCase()));
export const isKnownTitle = (value: string): boolean =>
  TITLE_KEYS.has(value.toLowerCase().replace(/\.$/, ''));

// ---------- e-mail ----------

/**
 * zod's own e-mail pattern, the one `z.email()` checks a string against, tested directly: a million
 * rows need no parse result and issue list each (a test holds the two to the same answers).
 */
const EMAIL_PATTERN: RegExp = z.regexes.email;

export type EmailProblem = 'format' | 'too-long';
export function checkEmail(value: string): EmailProblem | undefined {
  const at = value.lastIndexOf('@');
  if (value.length > 254 || (at > 0 && (at > 64 || value.length - at - 1 > 255))) return 'too-long';
  return EMAIL_PATTERN.test(value) ? undefined : 'format';
}

export const emailKey = (value: string): string => value.trim().toLowerCase();
export const emailDomain = (value: string): string => value.slice(value.lastIndexOf('@') + 1).toLowerCase();
export const isNhsMail = (value: string): boolean => emailDomain(value) === 'nhs.net';

/** Common typos of personal mail domains → the domain probably meant. */
const DOMAIN_TYPOS = new Map<string, string>([
  ['gmail.con', 'gmail.com'],
  ['gmail.co', 'gmail.com'],
  ['gmial.com', 'gmail.com'],
  ['gmai.com', 'gmail.com'],
  ['gamil.com', 'gmail.com'],
  ['gmail.co.uk', 'gmail.com'],
  ['hotmial.com', 'hotmail.com'],
  ['hotmail.con', 'hotmail.com'],
  ['hotmai.com', 'hotmail.com'],
  ['hotmial.co.uk', 'hotmail.co.uk'],
  ['hotmail.co', 'hotmail.co.uk'],
  ['outlook.con', 'outlook.com'],
  ['outlok.com', 'outlook.com'],
  ['yahoo.con', 'yahoo.com'],
  ['yaho.com', 'yahoo.com'],
  ['yahoo.co', 'yahoo.co.uk'],
  ['btinternet.con', 'btinternet.com'],
  ['icloud.con', 'icloud.com'],
  ['live.con', 'live.com'],
]);
export const suggestDomain = (value: string): string | undefined => DOMAIN_TYPOS.get(emailDomain(value));

// ---------- mobiles ----------

export type MobileResult =
  | { kind: 'blank' }
  | { kind: 'ok'; value: string; restored: boolean }
  | { kind: 'excel-damaged' }
  | {
      kind: 'invalid';
      reason: 'characters' | 'not-uk' | 'landline' | 'not-mobile' | 'pager' | 'drama' | 'length';
      digits: string;
    };

const EXCEL_SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?[eE][+]?\d+$/;

/**
 * A UK mobile as `07` + 9 digits (DOMAIN.md "Mobile numbers"). Accepts `+44 (0)7…`, `0044 7…`,
 * `44 7…` and spaces, dashes, dots or brackets between digits; restores a leading zero Excel dropped.
 * Anything else (`ext 2`, `mob:`, full-width digits, invisible characters) is refused rather than guessed.
 */
export function normaliseMobile(raw: string): MobileResult {
  const value = raw.trim();
  if (value === '') return { kind: 'blank' };
  // Already written 07 + 9 digits (most mobiles): straight to the checks on the number.
  if (COMPACT_07.test(value)) return checkNational(value, false);
  if (EXCEL_SCIENTIFIC.test(value)) return { kind: 'excel-damaged' };
  const digitsOnly = () => value.replace(/\D/g, '');
  if (!/^\+?[0-9 ().-]+$/.test(value)) return { kind: 'invalid', reason: 'characters', digits: digitsOnly() };
  let national: string;
  let restored = false;
  const compact = value.replace(/\(0\)/, '').replace(/[ ().-]/g, '');
  if (compact.startsWith('+')) {
    if (!compact.startsWith('+44')) return { kind: 'invalid', reason: 'not-uk', digits: digitsOnly() };
    national = `0${compact.slice(3)}`;
  } else if (compact.startsWith('0044')) {
    national = `0${compact.slice(4)}`;
  } else if (compact.startsWith('00')) {
    return { kind: 'invalid', reason: 'not-uk', digits: digitsOnly() };
  } else if (compact.startsWith('44') && compact.length === 12) {
    national = `0${compact.slice(2)}`;
  } else if (compact.startsWith('7') && compact.length === 10) {
    national = `0${compact}`;
    restored = true;
  } else {
    national = compact;
  }
  return checkNational(national, restored);
}

const COMPACT_07 = /^07\d{9}$/;

/** The checks on a number written nationally (0…): landline, not a mobile, length, pager, drama. */
function checkNational(national: string, restored: boolean): MobileResult {
  if (/^0[1-3]/.test(national)) return { kind: 'invalid', reason: 'landline', digits: national };
  if (!/^07/.test(national)) return { kind: 'invalid', reason: 'not-mobile', digits: national };
  if (national.length !== 11) return { kind: 'invalid', reason: 'length', digits: national };
  if (national.startsWith('070')) return { kind: 'invalid', reason: 'not-mobile', digits: national };
  if (national.startsWith('076') && !national.startsWith('07624'))
    return { kind: 'invalid', reason: 'pager', digits: national };
  if (/^07700900\d{3}$/.test(national)) return { kind: 'invalid', reason: 'drama', digits: national };
  return { kind: 'ok', value: national, restored };
}

/** Comparison key for duplicate mobiles: the normalised number, else its digits; blank never matches. */
export function mobileKey(result: MobileResult): string | undefined {
  if (result.kind === 'ok') return result.value;
  if (result.kind === 'invalid' && result.digits.length >= 7) return result.digits;
  return undefined;
}

// ---------- codes ----------

export const normaliseCode = (value: string): string => value.trim().toUpperCase();

/** ODS site code of a social care location: V + 4 letters or digits (DOMAIN.md). */
export const isSiteCode = (code: string): boolean => /^V[A-Z0-9]{4}$/.test(code);
/** `V` + 5 digits is a dental practice code: a likely mix-up (DOMAIN.md). */
export const isDentalShape = (code: string): boolean => /^V\d{5}$/.test(code);
/** HQ (provider) code: 4 letters or digits; codes starting 8 are non-NHS and never valid. */
export const isHqCode = (code: string): boolean => /^[A-Z0-9]{4}$/.test(code) && !code.startsWith('8');
export const isCqcId = (value: string): boolean => /^1-\d{6,12}$/.test(value);

export const DSPT_SUFFICIENT = ['approaching standards', 'standards met', 'standards exceeded'] as const;
export const isDsptSufficient = (value: string): boolean =>
  (DSPT_SUFFICIENT as readonly string[]).includes(value.toLowerCase().replace(/\s+/g, ' ').trim());

export function parseCount(value: string): number | undefined {
  return /^\d{1,6}$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

export function parseYesNo(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (v === 'yes' || v === 'y' || v === 'true') return true;
  if (v === 'no' || v === 'n' || v === 'false') return false;
  return undefined;
}

// ---------- postcodes ----------

export const isPostcode = (value: string): boolean =>
  /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/.test(value.toUpperCase().trim());

export type PostcodeNation = 'wales' | 'scotland' | 'northern-ireland' | 'crown-dependency' | 'border';

const AREA_NATION = new Map<string, PostcodeNation>([
  ['CF', 'wales'],
  ['LD', 'wales'],
  ['LL', 'wales'],
  ['NP', 'wales'],
  ['SA', 'wales'],
  ['AB', 'scotland'],
  ['DD', 'scotland'],
  ['DG', 'scotland'],
  ['EH', 'scotland'],
  ['FK', 'scotland'],
  ['G', 'scotland'],
  ['HS', 'scotland'],
  ['IV', 'scotland'],
  ['KA', 'scotland'],
  ['KW', 'scotland'],
  ['KY', 'scotland'],
  ['ML', 'scotland'],
  ['PA', 'scotland'],
  ['PH', 'scotland'],
  ['TD', 'scotland'],
  ['ZE', 'scotland'],
  ['BT', 'northern-ireland'],
  ['IM', 'crown-dependency'],
  ['JE', 'crown-dependency'],
  ['GY', 'crown-dependency'],
  ['CH', 'border'],
  ['SY', 'border'],
  ['HR', 'border'],
]);

/**
 * Where a postcode area says a site is, when that is not plainly England. Cross-border districts
 * (`CH`, `SY`, `HR`, `LD7`/`LD8`, `TD12`/`TD15`, `NP` edges) come back as 'border': "confirm".
 */
export function postcodeNation(postcode: string): PostcodeNation | undefined {
  const pc = postcode.toUpperCase().replace(/\s+/g, '');
  const m = /^([A-Z]{1,2})(\d[A-Z\d]?)/.exec(pc.length > 3 ? pc.slice(0, -3) : pc);
  if (!m) return undefined;
  const area = m[1]!;
  const district = `${area}${m[2]}`;
  if (['LD7', 'LD8', 'TD12', 'TD15', 'NP7', 'NP16', 'NP25'].includes(district)) return 'border';
  return AREA_NATION.get(area);
}
