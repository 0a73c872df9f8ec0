/** File and structure rules: encoding, header, record shape (SPEC §6 "File and structure"). */
import { describeDelimiter } from '../source.js';
import { columnLetter, defineRule, s } from './rule.js';

export const fileEncodingFallback = defineRule({
  code: 'file-encoding-fallback',
  severity: 'warning',
  scope: 'file',
  tags: ['file', 'encoding'],
  title: 'File is not UTF-8; read as Windows-1252',
  description:
    'The file is not valid UTF-8, so it was read as Windows-1252 (what older Excel "CSV" saves). Accents and curly apostrophes are usually right, but check a few names.',
  message: (p) => `${s(p, 'file')} is not UTF-8 text, so it was read as Windows-1252.`,
  hint: () => 'Check that accented names look right; to be sure, save the sheet from Excel as "CSV UTF-8".',
  check(table, report) {
    if (table.source.fallback) report({ params: { file: table.file } });
  },
});

export const fileSepLine = defineRule({
  code: 'file-sep-line',
  severity: 'info',
  scope: 'file',
  tags: ['file', 'csv', 'excel'],
  title: "Excel's sep= line chose the separator",
  description:
    'The first line was Excel\'s "sep=;" hint. It was used to choose the separator and skipped; line numbers still count it.',
  message: (p) =>
    `The first line "sep=${s(p, 'delimiter')}" set the separator (${s(p, 'name')}); it was skipped.`,
  hint: () => 'Nothing to do.',
  check(table, report) {
    const d = table.source.delimiter;
    if (table.source.sepLine && d !== '') {
      report({ params: { delimiter: d === '\t' ? '\\t' : d, name: describeDelimiter(d) }, line: 1 });
    }
  },
});

export const fileSheetChosen = defineRule({
  code: 'file-sheet-chosen',
  severity: 'info',
  scope: 'file',
  tags: ['file', 'excel'],
  title: 'A workbook has other sheets that were not read',
  description:
    'From a workbook only one sheet is read: the first, or the one named with --sheet. The other sheets are listed so nothing is missed by surprise.',
  message: (p) =>
    `Read the sheet "${s(p, 'sheet')}" of ${s(p, 'file')}; its other sheets (${s(p, 'others')}) were not read.`,
  hint: () => 'If the staff are on another sheet, name it with --sheet, or move them to the first sheet.',
  check(table, report) {
    const { sheet, sheets } = table.source;
    const others = (sheets ?? []).filter((n) => n !== sheet);
    if (sheet !== undefined && others.length > 0) {
      report({ params: { file: table.file, sheet, others: others.map((o) => `"${o}"`).join(', ') } });
    }
  },
});

export const headerMissingColumn = defineRule({
  code: 'header-missing-column',
  severity: 'error',
  essential: true,
  scope: 'file',
  tags: ['file', 'header'],
  title: 'A required column is missing',
  description:
    'The header row has no column for a required field. Without it no row of the file can be checked, so every row is rejected.',
  message: (p) =>
    `The required column "${s(p, 'column')}" is missing${p.nearest ? ` (the nearest header is "${s(p, 'nearest')}")` : ''}.`,
  hint: (p) =>
    p.nearest
      ? `Rename the header "${s(p, 'nearest')}" to "${s(p, 'column')}" if that is the same thing, or add a "${s(p, 'column')}" column.`
      : `Add a column headed "${s(p, 'column')}" (see \`nhsmail-bulk template\` for the full header row).`,
  check(table, report) {
    for (const m of table.header.missing) {
      report({
        params: m.nearest ? { column: m.column, nearest: m.nearest } : { column: m.column },
        line: table.header.line,
        column: m.column,
        value: m.nearest ?? '',
      });
    }
  },
});

export const headerDuplicateColumn = defineRule({
  code: 'header-duplicate-column',
  severity: 'error',
  essential: true,
  scope: 'file',
  tags: ['file', 'header'],
  title: 'The same column appears twice',
  description:
    'Two header cells mean the same column. We do not guess which one is right (a later copy silently winning is how data goes missing), so every row is rejected.',
  message: (p) =>
    `The column "${s(p, 'column')}" appears twice: column ${s(p, 'first')} and column ${s(p, 'second')} ("${s(p, 'header')}").`,
  hint: (p) => `Delete or rename one of columns ${s(p, 'first')} and ${s(p, 'second')}.`,
  check(table, report) {
    for (const d of table.header.duplicates) {
      report({
        params: {
          column: d.column,
          header: d.header,
          first: columnLetter(d.firstIndex),
          second: columnLetter(d.index),
        },
        line: table.header.line,
        column: d.column,
        value: d.header,
      });
    }
  },
});

export const headerUnknownColumn = defineRule({
  code: 'header-unknown-column',
  severity: 'warning',
  scope: 'file',
  tags: ['file', 'header'],
  title: 'A column is not one we know',
  description:
    'A header cell is not a column of this file. Its values are kept in review.csv but not checked or sent to NAS.',
  message: (p) =>
    `The column "${s(p, 'header')}" (column ${s(p, 'letter')}) is not one we know; it is ignored.`,
  hint: () =>
    'If it holds data NAS needs, rename it to one of the columns in `nhsmail-bulk template`; otherwise you can leave it.',
  check(table, report) {
    for (const u of table.header.unknown) {
      report({
        params: { header: u.header, letter: columnLetter(u.index) },
        line: table.header.line,
        column: '',
        value: u.header,
      });
    }
  },
});

export const headerBlankColumn = defineRule({
  code: 'header-blank-column',
  severity: 'warning',
  scope: 'file',
  tags: ['file', 'header'],
  title: 'A column with data has no header',
  description:
    'Some rows have values in a column whose header cell is empty. Those values are ignored. Wholly empty columns (trailing commas) are ignored silently.',
  message: (p) => `Column ${s(p, 'letter')} has values but no header, so they are ignored.`,
  hint: (p) => `Give column ${s(p, 'letter')} a header, or delete the column if it is not needed.`,
  check(table, report) {
    for (const b of table.header.blank) {
      report({ params: { letter: columnLetter(b.index) }, line: table.header.line });
    }
  },
});

export const headerColumnMapped = defineRule({
  code: 'header-column-mapped',
  severity: 'info',
  scope: 'file',
  tags: ['file', 'header'],
  title: 'A header was read as one of our columns',
  description: 'A header cell was matched to a column by its alias or spelling. Listed so you can check it.',
  message: (p) => `The header "${s(p, 'header')}" was read as "${s(p, 'column')}".`,
  hint: () => 'Nothing to do if that is right.',
  check(table, report) {
    for (const m of table.header.mapped) {
      report({
        params: { header: m.header, column: m.column },
        line: table.header.line,
        column: m.column,
        value: m.header,
      });
    }
  },
});

export const headerNotFirstLine = defineRule({
  code: 'header-not-first-line',
  severity: 'warning',
  scope: 'file',
  tags: ['file', 'header'],
  title: 'Lines above the header were skipped',
  description:
    'The header row was not the first line (a title or notes above it, as exported sheets often have). Those lines were skipped.',
  message: (p) =>
    `The header is on line ${s(p, 'headerLine')}; line(s) ${s(p, 'lines')} above it were skipped.`,
  hint: () => 'Check the skipped lines held no staff; you can delete them so the header is on line 1.',
  check(table, report) {
    if (table.header.skippedAbove.length > 0) {
      report({
        params: { headerLine: table.header.line, lines: table.header.skippedAbove.join(', ') },
        line: table.header.skippedAbove[0],
      });
    }
  },
});

export const csvMalformed = defineRule({
  code: 'csv-malformed',
  severity: 'error',
  essential: true,
  scope: 'record',
  tags: ['file', 'csv'],
  title: 'A line could not be read as CSV',
  description:
    'A record is broken: usually a quote (") that opens a value and is never closed, or a record too large to be real. The line is read as plain cells and rejected; reading carries on after it.',
  message: (p) =>
    p.reason === 'too-large'
      ? 'This record is larger than 1 MB, which no real staff row is.'
      : p.reason === 'unclosed-quote'
        ? 'This line has a quote (") that is never closed.'
        : 'This line could not be read as CSV.',
  hint: (p) =>
    p.reason === 'too-large'
      ? 'Check this line in a text editor: a stray quote may have joined many lines into one.'
      : 'Remove the stray quote, or put the whole value in quotes and double any quote inside it ("").',
  check(record, report) {
    if (record.malformed) report({ params: { reason: record.malformed } });
  },
});

export const rowMissingCells = defineRule({
  code: 'row-missing-cells',
  severity: 'error',
  scope: 'record',
  tags: ['file', 'csv'],
  title: 'A row has fewer cells than the header',
  description: 'A row ends early, so its values may sit under the wrong columns.',
  message: (p) => `This row has ${s(p, 'found')} cells but the header has ${s(p, 'expected')}.`,
  hint: () => 'Check the row for a missing separator or a value that ran into the next one.',
  check(record, report) {
    if (!record.malformed && !record.blank && record.cells.length < record.headerLength) {
      report({ params: { found: record.cells.length, expected: record.headerLength } });
    }
  },
});

export const rowExtraCells = defineRule({
  code: 'row-extra-cells',
  severity: 'error',
  scope: 'record',
  tags: ['file', 'csv'],
  title: 'A row has values beyond the last column',
  description:
    'A row has non-empty cells past the last header, usually an unquoted comma inside a value. Empty trailing cells are ignored.',
  message: (p) =>
    `This row has ${s(p, 'found')} cells but the header has ${s(p, 'expected')}; the extra value starts "${s(p, 'extra')}".`,
  hint: () => 'Put values that contain a comma in quotes, or remove the extra cells.',
  check(record, report) {
    if (!record.malformed && record.extraFilled.length > 0) {
      const extra = record.cells[record.extraFilled[0]!] ?? '';
      report({
        params: { found: record.cells.length, expected: record.headerLength, extra },
        value: extra,
      });
    }
  },
});

export const rowBlank = defineRule({
  code: 'row-blank',
  severity: 'warning',
  scope: 'record',
  tags: ['file', 'csv'],
  title: 'A blank row was skipped',
  description: 'A row with no values (or only separators) is not a request; it is skipped and listed here.',
  message: () => 'This row is blank and was skipped.',
  hint: () => 'Nothing to do, or delete the blank row.',
  check(record, report) {
    if (record.blank && !record.malformed) report();
  },
});
