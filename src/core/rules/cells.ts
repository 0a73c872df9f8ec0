/** Cell rules: characters that hide, break lines, run as formulas or were quietly replaced. */
import {
  cleanText,
  codePointLabel,
  excelError,
  findInvisible,
  hasLineBreak,
  hasReplaceable,
  isDentalShape,
  isFormulaTrigger,
  normaliseCode,
  visible,
} from '../normalise.js';
import { defineRule, s } from './rule.js';

export const cellInvisibleCharacter = defineRule({
  code: 'cell-invisible-character',
  severity: 'error',
  essential: true,
  scope: 'cell',
  tags: ['cell', 'characters'],
  title: 'A cell holds an invisible or control character',
  description:
    'Zero-width spaces, direction marks (which can make text display in a different order from how it is stored), NUL and other control characters cannot be seen but break addresses and names.',
  message: (p) => `This value contains an invisible character, ${s(p, 'character')}: "${s(p, 'shown')}".`,
  hint: () =>
    'Retype the value by hand (copying from web pages or e-mails often brings these characters in).',
  check(cell, report) {
    if (cell.plain) return;
    const character = findInvisible(cell.raw.replace(/[\r\n]/g, ''));
    if (character) report({ params: { character, shown: visible(cell.raw) }, value: visible(cell.raw) });
  },
});

export const cellLineBreak = defineRule({
  code: 'cell-line-break',
  severity: 'error',
  essential: true,
  scope: 'cell',
  tags: ['cell', 'characters'],
  title: 'A cell holds a line break',
  description: 'A value was typed over two lines (Alt+Enter in Excel). NAS needs single-line values.',
  message: (p) => `This value runs over more than one line: "${s(p, 'shown')}".`,
  hint: () => 'Edit the cell and remove the line break (Alt+Enter), keeping the value on one line.',
  check(cell, report) {
    if (cell.plain) return;
    if (hasLineBreak(cell.raw)) report({ params: { shown: visible(cell.raw) }, value: visible(cell.raw) });
  },
});

export const cellFormulaTrigger = defineRule({
  code: 'cell-formula-trigger',
  severity: 'error',
  essential: true,
  scope: 'cell',
  tags: ['cell', 'security'],
  title: 'A cell starts like a spreadsheet formula',
  description:
    'A value starting with = + - @ TAB or CR would run as a formula when the file is opened in a spreadsheet (CSV injection). It is never sent on; in review.csv it is shown with a leading apostrophe. Mobiles may start with +.',
  message: (p) => `This value starts with "${s(p, 'first')}", so a spreadsheet would treat it as a formula.`,
  hint: () => 'Type the real value (a name, a job title) without the leading symbol.',
  check(cell, report) {
    const value = cell.raw.trimStart();
    const trigger = isFormulaTrigger(cell.raw) ? cell.raw : isFormulaTrigger(value) ? value : undefined;
    // A mobile may start with + (+44 7…); every other trigger still counts there.
    if (trigger === undefined || (cell.column === 'mobile' && trigger.startsWith('+'))) return;
    report({ params: { first: visible(trigger[0]!) } });
  },
});

export const cellCharacterReplaced = defineRule({
  code: 'cell-character-replaced',
  severity: 'warning',
  scope: 'cell',
  tags: ['cell', 'characters'],
  title: 'A look-alike character was replaced',
  description:
    'Non-breaking spaces became ordinary spaces and curly apostrophes (O’Neill) became straight ones, so the same name is always written the same way.',
  message: (p) => `${s(p, 'from')} was replaced by ${s(p, 'to')} in "${s(p, 'result')}".`,
  hint: () => 'Nothing to do if the value now looks right.',
  check(cell, report) {
    if (cell.plain || !hasReplaceable(cell.raw)) return;
    const { replaced } = cleanText(cell.raw);
    const label = (ch: string) =>
      ch === ' ' ? 'a space' : ch === "'" ? "a straight apostrophe (')" : codePointLabel(ch);
    report({
      params: {
        from: replaced.map((r) => codePointLabel(r.from)).join(' and '),
        to: [...new Set(replaced.map((r) => label(r.to)))].join(' and '),
        result: cell.value,
      },
    });
  },
});

const SCRIPTS: [string, RegExp][] = ['Latin', 'Cyrillic', 'Greek'].map((sc) => [
  sc,
  new RegExp(`\\p{Script=${sc}}`, 'u'),
]);
const PLAIN_ASCII = /^[\x20-\x7E]*$/;

export const cellMixedScript = defineRule({
  code: 'cell-mixed-script',
  severity: 'warning',
  scope: 'cell',
  tags: ['cell', 'characters'],
  columns: ['first_name', 'last_name', 'personal_email', 'title', 'job_title'],
  title: 'A value mixes alphabets or holds an emoji',
  description:
    'A Latin name with one Cyrillic or Greek letter (о for o) looks right but is a different name to a computer; emoji do not belong in account details.',
  message: (p) => `"${s(p, 'value')}" mixes ${s(p, 'what')}.`,
  hint: () => 'Retype the value using only the letters of one alphabet.',
  check(cell, report) {
    const v = cell.value;
    if (PLAIN_ASCII.test(v)) return;
    if (/\p{Extended_Pictographic}/u.test(v)) {
      report({ params: { value: v, what: 'text with an emoji' } });
      return;
    }
    const scripts = SCRIPTS.filter(([, re]) => re.test(v)).map(([name]) => name);
    if (scripts.length > 1) report({ params: { value: v, what: `${scripts.join(' and ')} letters` } });
  },
});

export const siteCodeDentalShape = defineRule({
  code: 'site-code-dental-shape',
  severity: 'warning',
  scope: 'cell',
  tags: ['site', 'ods'],
  columns: ['site_ods_code'],
  title: 'A site code looks like a dental practice code',
  description:
    'V followed by five digits is the shape of a dental practice ODS code (the example on the NHSmail page), not a care site code (V + 4 characters).',
  message: (p) => `"${s(p, 'code')}" has the shape of a dental practice code (V + 5 digits).`,
  hint: () => 'Look up your care site code (V + 4 characters) in the ODS portal or on your CQC registration.',
  check(cell, report) {
    const code = normaliseCode(cell.value);
    if (isDentalShape(code)) report({ params: { code } });
  },
});

export const cellFormulaError = defineRule({
  code: 'cell-formula-error',
  severity: 'error',
  scope: 'cell',
  tags: ['cell', 'excel'],
  title: 'A cell holds an Excel formula error',
  description:
    'A formula in the sheet failed (#N/A, #REF!, #VALUE!…) and Excel saved the error text instead of a value. The cell is treated as blank.',
  message: (p) => `This cell holds the Excel error ${s(p, 'error')} instead of a value.`,
  hint: () => 'Fix or replace the formula in the sheet so the cell holds the real value, then save again.',
  check(cell, report) {
    const error = excelError(cell.raw);
    if (error) report({ params: { error } });
  },
});
