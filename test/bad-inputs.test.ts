/**
 * Every case of BAD-INPUTS.md, end to end: one `describe` per id, in the document's order.
 *
 * Each case writes real bytes into a scratch folder (bytes an editor would mangle are built from
 * escapes, never typed), runs the CLI in-process (`run`) and reads back what a user would open:
 * review.csv, errors.csv, nas-bulk-upload.csv and report.json. Every run also checks the general
 * contract: no stack trace; exit 0/1 for findings and 2 only for "cannot run", with exactly one line on
 * stderr saying what to do; the input byte-identical afterwards; no temp file left; every data row in
 * review.csv with one status; every finding about a row naming its file and physical line.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/app.js';
import { MAX_RECORD_BYTES } from '../src/core/csv.js';
import type { InputSummary } from '../src/core/plan.js';
import { plan } from '../src/core/plan.js';
import { MAX_ROWS } from '../src/core/source.js';
import { InputError } from '../src/core/types.js';
import { MAX_INPUT_BYTES } from '../src/io/read.js';
import { person, STAFF_HEADER, type StaffFields } from './helpers.js';
import { type XCell, xlsx, zip } from './xlsx.js';

const AS_OF = '2026-11-01';
const scratch = mkdtempSync(join(tmpdir(), 'nhsmail-bulk-bad-inputs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// ---------------------------------------------------------------- bytes

const enc = new TextEncoder();
const utf8 = (text: string): Uint8Array => enc.encode(text);
const concat = (...parts: (Uint8Array | number[])[]): Uint8Array =>
  new Uint8Array(Buffer.concat(parts.map((p) => Buffer.from(p))));
const UTF8_BOM = [0xef, 0xbb, 0xbf];
const UTF16LE_BOM = [0xff, 0xfe];

/** Windows-1252 bytes for text made of ASCII, Latin-1 and the few 0x80–0x9F characters used here. */
function cp1252(text: string): Uint8Array {
  const high: Record<string, number> = { '\u2019': 0x92, '\u2018': 0x91, '\u20ac': 0x80, '\u2013': 0x96 };
  return new Uint8Array(
    [...text].map((ch) => {
      if (high[ch] !== undefined) return high[ch];
      const cp = ch.codePointAt(0)!;
      if (cp > 0xff || (cp >= 0x80 && cp <= 0x9f)) throw new Error(`not in the test's cp1252 table: ${ch}`);
      return cp;
    }),
  );
}

const utf16le = (text: string): Uint8Array => concat(UTF16LE_BOM, Buffer.from(text, 'utf16le'));

/** Delimited text: cells quoted when they hold the separator, a quote or a line break. */
function delimited(rows: readonly (readonly string[])[], sep = ',', eol = '\n'): string {
  const q = (c: string) => (c.includes(sep) || /["\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return `${rows.map((r) => r.map(q).join(sep)).join(eol)}${eol}`;
}
/** A staff CSV: the standard header (or `header`) then the rows. */
const staff = (rows: readonly (readonly string[])[], header: readonly string[] = STAFF_HEADER) =>
  delimited([header, ...rows]);
/** A valid person (unique name, e-mail and 07912 mobile) with some fields replaced. */
const p = (over: StaffFields = {}, site = 'VA1B2') => person(over, site);

// ---------------------------------------------------------------- running the CLI

type Io = Parameters<typeof run>[1];
const STACK = /^\s+at .+:\d+/m;

/** Everything under `dir`, recursively, dot-files included. */
const tree = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .map((f) => f.split('\\').join('/'))
        .sort()
    : [];
/** Temp files of an atomic write, and the `.old` copies it moves aside while committing. */
const tempsIn = (dir: string) => tree(dir).filter((f) => /\.tmp$|\.[0-9a-f]{8}\.old$/.test(f));

/** What "the input is unchanged" compares: all bytes; for a huge sparse file, size, mtime and head. */
function fingerprint(path: string): string {
  const st = statSync(path);
  if (st.size <= 16 * 1024 * 1024) return createHash('sha256').update(readFileSync(path)).digest('hex');
  const head = Buffer.alloc(4096);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  return `${st.size}:${st.mtimeMs}:${head.toString('hex')}`;
}

let seq = 0;
function caseDir(): string {
  const dir = join(scratch, `case-${String(++seq).padStart(3, '0')}`);
  mkdirSync(dir);
  return dir;
}

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with captured streams; checks there was no crash and that `inputs` were not touched. */
async function cli(args: string[], inputs: string[]): Promise<Outcome> {
  const before = inputs.map(fingerprint);
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  };
  const code = await run(args, io);
  expect(stderr, 'no stack trace').not.toMatch(STACK);
  expect(stdout, 'no stack trace').not.toMatch(STACK);
  expect(stderr, 'no crash').not.toMatch(/unexpected problem/);
  expect(inputs.map(fingerprint), 'input files unchanged').toEqual(before);
  return { code, stdout, stderr };
}

interface CsvTable {
  header: string[];
  rows: string[][];
  /** Rows keyed by header (first column of a name wins); null-prototype, so `__proto__` is a key. */
  records: Record<string, string>[];
}

function readCsv(path: string): CsvTable {
  const text = readFileSync(path, 'utf8');
  expect(text.startsWith('\uFEFF'), `${path} starts with a BOM`).toBe(true);
  const [header = [], ...rows] = parse(text.slice(1), { relax_column_count: false }) as string[][];
  const records = rows.map((r) => {
    const o = Object.create(null) as Record<string, string>;
    header.forEach((h, i) => {
      if (!Object.hasOwn(o, h)) o[h] = r[i] ?? '';
    });
    return o;
  });
  return { header, rows, records };
}

interface ErrorRow {
  severity: string;
  code: string;
  file: string;
  line: string;
  column: string;
  value: string;
  message: string;
  hint: string;
}

interface ReportJson {
  inputs: InputSummary[];
  summary: { rows: number; ready: number; deferred: number; rejected: number; errors: number };
  issues: {
    severity: string;
    code: string;
    file: string;
    line: number | null;
    column: string;
    value: string;
    params: Record<string, string | number>;
  }[];
}

interface Planned extends Outcome {
  dir: string;
  input: string;
  out: string;
  review: CsvTable;
  errors: ErrorRow[];
  upload: CsvTable;
  report: ReportJson;
  /** [physical line, status] of every review.csv row. */
  statuses: [number, string][];
}

/** Reads a finished `plan` run's outputs and checks the general contract on them. */
function outputsOf(o: Outcome, dir: string, input: string, out: string): Planned {
  expect(o.stderr, 'a run that read its input prints nothing on stderr').toBe('');
  expect([0, 1]).toContain(o.code);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ReportJson;
  const review = readCsv(join(out, 'review.csv'));
  const errors = readCsv(join(out, 'errors.csv')).records as unknown as ErrorRow[];
  const upload = readCsv(join(out, 'nas-bulk-upload.csv'));
  const name = input.slice(input.lastIndexOf('/') + 1);

  expect(o.code, 'exit 1 exactly when there are errors').toBe(report.summary.errors > 0 ? 1 : 0);
  expect(o.code).toBe(errors.some((e) => e.severity === 'error') ? 1 : 0);
  for (const r of review.records) {
    expect(['ready', 'deferred', 'rejected']).toContain(r.status);
    expect(r.line).toMatch(/^[1-9]\d*$/);
  }
  const lines = review.records.map((r) => r.line);
  expect(new Set(lines).size, 'one review row per record').toBe(lines.length);
  expect(report.summary.rows).toBe(review.records.length);
  expect(upload.records.length).toBe(review.records.filter((r) => r.status === 'ready').length);
  for (const e of errors) {
    if (e.code === 'ods-reference-missing') continue;
    expect([e.code, e.file], 'a finding names the file').toEqual([e.code, name]);
    expect(e.line, `${e.code} names a physical line`).toMatch(/^[1-9]\d*$/);
    if (/^(cell|staff)-/.test(e.code)) expect(e.column, `${e.code} names a column`).not.toBe('');
  }
  expect(tempsIn(out), 'no temp files left').toEqual([]);
  return {
    ...o,
    dir,
    input,
    out,
    review,
    errors,
    upload,
    report,
    statuses: review.records.map((r) => [Number(r.line), r.status!]),
  };
}

/** Writes `content` as `name` in a fresh folder and runs `plan` on it. */
async function planFile(name: string, content: string | Uint8Array, extra: string[] = []): Promise<Planned> {
  const dir = caseDir();
  const input = join(dir, name);
  writeFileSync(input, content);
  const out = join(dir, 'out');
  const o = await cli(['plan', input, '--out', out, '--as-of', AS_OF, ...extra], [input]);
  return outputsOf(o, dir, input, out);
}

/** Checks a "could not run" outcome: exit 2, one plain sentence that says what to do, nothing written. */
function expectRefused(o: Outcome, says: RegExp, out?: string): string {
  expect(o.code).toBe(2);
  expect(o.stderr).toMatch(/^nhsmail-bulk: [^\n]+\n$/);
  expect(o.stderr).toMatch(says);
  expect(o.stderr, 'says what to do').toMatch(/\b(save|split|choose|give|open|add|close|check)\b/i);
  expect(o.stdout).toBe('');
  if (out !== undefined) expect(tree(out), 'nothing written').toEqual([]);
  return o.stderr;
}

/** Writes `content` as `name` and expects `plan` to refuse it with code 2. */
async function refuseFile(name: string, content: string | Uint8Array, says: RegExp): Promise<string> {
  const dir = caseDir();
  const input = join(dir, name);
  writeFileSync(input, content);
  const out = join(dir, 'out');
  const o = await cli(['plan', input, '--out', out, '--as-of', AS_OF], [input]);
  return expectRefused(o, says, out);
}

/** Where each finding of `code` points, from errors.csv: `file:line:column`. */
const where = (r: Planned, code: string) =>
  r.errors.filter((e) => e.code === code).map((e) => `${e.file}:${e.line}:${e.column}`);
const rowsOf = (r: Planned, code: string) => r.errors.filter((e) => e.code === code);
const paramsOf = (r: Planned, code: string) =>
  r.report.issues.filter((i) => i.code === code).map((i) => i.params);
const codes = (r: Planned) => [...new Set(r.errors.map((e) => e.code))];
const col = (t: CsvTable, name: string) => t.records.map((r) => r[name]);

// ---------------------------------------------------------------- workbooks

const HEAD: XCell[] = [...STAFF_HEADER];
/** A valid person as a workbook row, with some cells replaced by other kinds of cell. */
function xrow(over: Partial<Record<(typeof STAFF_HEADER)[number], XCell>> = {}): XCell[] {
  const base = p();
  return STAFF_HEADER.map((k, i) => (k in over ? over[k]! : base[i]!));
}

// ================================================================= E: encodings and file types

describe('E01 UTF-8 with BOM (Excel "CSV UTF-8")', () => {
  it('strips the BOM so the first header matches, and notes the encoding as utf-8-bom', async () => {
    const bytes = concat(UTF8_BOM, utf8(staff([p({ access: 'owner' }), p()])));
    const r = await planFile('staff.csv', bytes);
    expect(r.code).toBe(0);
    expect(r.report.inputs[0]).toMatchObject({
      role: 'staff',
      file: 'staff.csv',
      format: 'csv',
      encoding: 'utf-8-bom',
      delimiter: 'comma',
      rows: 2,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    expect(codes(r)).not.toContain('header-missing-column');
    expect(codes(r)).not.toContain('header-unknown-column');
    // The first header was matched as written, not through a BOM-stripping alias.
    expect(rowsOf(r, 'header-column-mapped')).toEqual([]);
    expect(r.review.header[0]).toBe('site_ods_code');
    expect(r.statuses).toEqual([
      [2, 'ready'],
      [3, 'ready'],
    ]);
    expect(col(r.upload, 'Site ODS Code')).toEqual(['VA1B2', 'VA1B2']);
  });
});

describe('E02 Windows-1252 (O’Brien, £, é)', () => {
  it('decodes Windows-1252 with ’ intact and warns file-encoding-fallback', async () => {
    const bytes = cp1252(
      staff([
        p({
          first_name: 'Ren\u00e9e',
          last_name: 'O\u2019Brien',
          job_title: 'Cook \u00a311.44/h',
          access: 'owner',
        }),
        p({ first_name: 'Jos\u00e9' }),
      ]),
    );
    expect([...bytes]).toContain(0x92);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const r = await planFile('staff.csv', bytes);
    expect(r.code).toBe(0);
    expect(r.report.inputs[0]).toMatchObject({ encoding: 'windows-1252', delimiter: 'comma', rows: 2 });
    expect(rowsOf(r, 'file-encoding-fallback')).toMatchObject([
      { severity: 'warning', file: 'staff.csv', line: '1' },
    ]);
    // review.csv keeps the values as typed; the upload has the plain apostrophe (C06).
    expect(col(r.review, 'last_name')[0]).toBe('O\u2019Brien');
    expect(col(r.review, 'first_name')).toEqual(['Ren\u00e9e', 'Jos\u00e9']);
    expect(col(r.review, 'job_title')[0]).toBe('Cook \u00a311.44/h');
    expect(col(r.upload, 'Last Name')[0]).toBe("O'Brien");
    expect(col(r.upload, 'Job Title')[0]).toBe('Cook \u00a311.44/h');
    expect(r.statuses.map(([, s]) => s)).toEqual(['ready', 'ready']);
  });
});

describe('E03 UTF-16LE with BOM, TAB-separated (Excel "Unicode Text")', () => {
  it('detects UTF-16LE and TAB, and parses every row', async () => {
    const text = delimited(
      [
        STAFF_HEADER,
        p({ first_name: '\u0141ucja', job_title: 'Cook, nights', access: 'owner' }),
        p({ first_name: 'Zo\u00eb' }),
        p(),
      ],
      '\t',
      '\r\n',
    );
    const r = await planFile('staff.txt', utf16le(text));
    expect(r.code).toBe(0);
    expect(r.report.inputs[0]).toMatchObject({ encoding: 'utf-16le', delimiter: 'tab', rows: 3 });
    expect(r.stdout).toMatch(/staff\.txt \(3 rows, utf-16le, tab\)/);
    expect(r.statuses).toEqual([
      [2, 'ready'],
      [3, 'ready'],
      [4, 'ready'],
    ]);
    expect(col(r.upload, 'First Name').slice(0, 2)).toEqual(['\u0141ucja', 'Zo\u00eb']);
    expect(col(r.upload, 'Job Title')[0]).toBe('Cook, nights');
  });
});

describe('E04 bytes valid in neither UTF-8 nor Windows-1252 (0x81)', () => {
  it('stops with exit 2 and one sentence naming the line and saying to save as CSV UTF-8', async () => {
    const bytes = concat(
      utf8(delimited([STAFF_HEADER, p()], ',', '\r\n')),
      utf8('VA1B2,Mr,Jo'),
      [0x81],
      utf8('n,Smith,Cook,jon.smith@gmail.com,07912 340001,,,\r\n'),
    );
    const err = await refuseFile('staff.csv', bytes, /staff\.csv line 3 .*0x81/);
    expect(err).toMatch(/save it as "CSV UTF-8"/);
  });
});

describe('E05 a PDF, PNG or zip renamed .csv', () => {
  it.each([
    {
      kind: 'PDF',
      bytes: utf8('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'),
      says: /PDF/,
    },
    {
      kind: 'PNG',
      bytes: concat([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d], utf8('IHDR')),
      says: /PNG image/,
    },
    { kind: 'JPEG', bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]), says: /JPEG/ },
    { kind: 'binary', bytes: new Uint8Array(512).map((_, i) => (i % 3 ? 0 : 65)), says: /binary file/ },
  ])('exits 2 saying a $kind is not a text file', async ({ bytes, says }) => {
    const err = await refuseFile('staff.csv', bytes, /staff\.csv is not a text file/);
    expect(err).toMatch(says);
    expect(err).toMatch(/save the sheet as "CSV UTF-8" or \.xlsx/);
  });

  it('exits 2 for a zip renamed .csv (read by content as a workbook: "zip archive, not an Excel workbook")', async () => {
    const bytes = zip([['notes.txt', utf8('not a staff list\n')]]);
    await refuseFile('staff.csv', bytes, /staff\.csv is a zip archive, not an Excel workbook/);
  });
});

// ================================================================= D: delimiters and line structure

describe('D01 ;-separated', () => {
  it('detects the semicolon and reports it', async () => {
    const text = delimited(
      [STAFF_HEADER, p({ job_title: 'Cook, nights', access: 'owner' }), p({ job_title: 'Carer, days' })],
      ';',
    );
    const r = await planFile('staff.csv', text);
    expect(r.code).toBe(0);
    expect(r.report.inputs[0]).toMatchObject({ delimiter: 'semicolon', rows: 2 });
    expect(r.stdout).toMatch(/staff\.csv \(2 rows, utf-8, semicolon\)/);
    expect(col(r.upload, 'Job Title')).toEqual(['Cook, nights', 'Carer, days']);
    expect(r.statuses).toEqual([
      [2, 'ready'],
      [3, 'ready'],
    ]);
  });
});

describe('D02 sep=; first line', () => {
  const text = `sep=;\r\n${delimited(
    [
      [...STAFF_HEADER.slice(0, 5), 'Email', ...STAFF_HEADER.slice(6)],
      p({ access: 'owner' }),
      p({ personal_email: 'not-an-address' }),
    ],
    ';',
    '\r\n',
  )}`;

  it('removes the line, uses its delimiter, and keeps lines physical (header on line 2)', async () => {
    const r = await planFile('staff.csv', text);
    expect(r.code).toBe(1);
    expect(r.report.inputs[0]).toMatchObject({ delimiter: 'semicolon', rows: 2 });
    expect(r.review.header.slice(0, 3)).toEqual(['site_ods_code', 'title', 'first_name']);
    expect(r.statuses).toEqual([
      [3, 'ready'],
      [4, 'rejected'],
    ]);
    expect(where(r, 'header-column-mapped')).toEqual(['staff.csv:2:personal_email']);
    expect(where(r, 'staff-email-invalid')).toEqual(['staff.csv:4:personal_email']);
    expect(codes(r)).not.toContain('header-not-first-line');
  });

  it('notes that the delimiter was set by the sep= line', async () => {
    const r = await planFile('staff.csv', text);
    expect(`${r.stdout}\n${JSON.stringify(r.report)}`, 'the sep= line is noted').toMatch(/sep=/);
  });
});

describe('D03 CR-only or mixed line endings', () => {
  it('parses CR-only endings with the right line numbers', async () => {
    const text = delimited(
      [STAFF_HEADER, p({ access: 'owner' }), p({ personal_email: 'nobody@' }), p({ mobile: '7912340099' })],
      ',',
      '\r',
    );
    const r = await planFile('staff.csv', text);
    expect(r.code).toBe(1);
    expect(r.statuses).toEqual([
      [2, 'ready'],
      [3, 'rejected'],
      [4, 'ready'],
    ]);
    expect(where(r, 'staff-email-invalid')).toEqual(['staff.csv:3:personal_email']);
    expect(where(r, 'staff-mobile-leading-zero-restored')).toEqual(['staff.csv:4:mobile']);
  });

  it('parses a mix of CRLF, LF and CR with the right line numbers', async () => {
    const [h, a, b, c, d] = [STAFF_HEADER, p({ access: 'owner' }), p(), p({ mobile: '07912 34' }), p()].map(
      (row) => delimited([row], ',', '').replace(/\n$/, ''),
    );
    const text = `${h}\r\n${a}\n${b}\r${c}\r\n\r\n${d}\n`;
    const r = await planFile('staff.csv', text);
    expect(r.statuses).toEqual([
      [2, 'ready'],
      [3, 'ready'],
      [4, 'rejected'],
      [6, 'ready'],
    ]);
    expect(where(r, 'staff-mobile-invalid')).toEqual(['staff.csv:4:mobile']);
    expect(where(r, 'row-blank')).toEqual(['staff.csv:5:']);
  });
});

describe('D04 quoted line break inside a name (Alt+Enter)', () => {
  it('reports cell-line-break on that line and column, and keeps later line numbers right', async () => {
    const text = delimited(
      [
        STAFF_HEADER,
        p({ first_name: 'Mary\nAnne', access: 'owner' }), // lines 2–3 (Alt+Enter is LF)
        p({ job_title: 'Cook\r\nNights' }), // lines 4–5 (a CRLF inside quotes)
        p({ personal_email: 'no-at-sign.example.com' }), // line 6
        p(), // line 7
      ],
      ',',
      '\r\n',
    );
    const r = await planFile('staff.csv', text);
    expect(r.code).toBe(1);
    expect(where(r, 'cell-line-break')).toEqual(['staff.csv:2:first_name', 'staff.csv:4:job_title']);
    expect(rowsOf(r, 'cell-line-break')[0]!.value).toBe('Mary\\nAnne');
    expect(where(r, 'staff-email-invalid')).toEqual(['staff.csv:6:personal_email']);
    expect(r.statuses).toEqual([
      [2, 'rejected'],
      [4, 'rejected'],
      [6, 'rejected'],
      [7, 'ready'],
    ]);
    expect(col(r.review, 'first_name')[0]).toBe('Mary\nAnne');
  });
});

describe('D05 unclosed quote on line 3', () => {
  it('reports csv-malformed at line 3, not at the end of the file, and reads on', async () => {
    const good = delimited([STAFF_HEADER, p({ access: 'owner' })]);
    const broken = 'VA1B2,Ms,"Jo,Smith,Cook,jo.smith@gmail.com,07912 340002,member,,\n';
    const after = delimited([p(), p({ mobile: '7912340123' })]);
    const r = await planFile('staff.csv', good + broken + after);
    expect(r.code).toBe(1);
    expect(where(r, 'csv-malformed')).toEqual(['staff.csv:3:']);
    expect(paramsOf(r, 'csv-malformed')).toEqual([{ reason: 'unclosed-quote' }]);
    expect(r.statuses).toEqual([
      [2, 'ready'],
      [3, 'rejected'],
      [4, 'ready'],
      [5, 'ready'],
    ]);
    expect(where(r, 'staff-mobile-leading-zero-restored')).toEqual(['staff.csv:5:mobile']);
  });
});

describe('D06 O"Brien unquoted', () => {
  it('never crashes: the value is read as typed and the row is accepted with a warning or given a clear error', async () => {
    const [h, a, b] = [STAFF_HEADER, p({ access: 'owner' }), p()].map((row) => row.join(','));
    const bad = p({ last_name: 'XX' }).join(',').replace(',XX,', ',O"Brien,');
    const r = await planFile('staff.csv', `${h}\n${a}\n${bad}\n${b}\n`);
    expect(r.statuses.map(([line]) => line)).toEqual([2, 3, 4]);
    expect(col(r.review, 'last_name')[1]).toBe('O"Brien');
    const [, status] = r.statuses[1]!;
    const onIt = r.errors.filter((e) => e.line === '3' && e.column === 'last_name');
    if (status === 'rejected') expect(onIt.some((e) => e.severity === 'error')).toBe(true);
    else expect(onIt.some((e) => e.severity === 'warning')).toBe(true);
    expect(r.statuses[2]).toEqual([4, 'ready']);
  });
});

describe('D07 trailing ,,, columns; rows of only commas', () => {
  it('ignores the empty columns and skips the comma-only rows as row-blank', async () => {
    const pad = (row: readonly string[]) => [...row, '', '', ''];
    const commas = Array<string>(STAFF_HEADER.length + 3).fill('');
    const text = delimited([
      pad(STAFF_HEADER),
      pad(p({ access: 'owner' })),
      commas,
      pad(p()),
      commas.slice(0, 5),
      p(), // this one has no trailing commas at all
    ]);
    const r = await planFile('staff.csv', text);
    expect(r.code).toBe(0);
    expect(r.statuses).toEqual([
      [2, 'ready'],
      [4, 'ready'],
      [6, 'ready'],
    ]);
    expect(where(r, 'row-blank')).toEqual(['staff.csv:3:', 'staff.csv:5:']);
    for (const code of [
      'row-extra-cells',
      'row-missing-cells',
      'header-blank-column',
      'header-unknown-column',
    ])
      expect(codes(r)).not.toContain(code);
  });
});

describe('D08 a row with too few / too many cells', () => {
  it('reports row-missing-cells / row-extra-cells and keeps both rows in review.csv', async () => {
    const short = p({ first_name: 'Short' }).slice(0, 7); // ends after the mobile
    const long = [...p({ first_name: 'Long' }), 'Bloggs, Joe'];
    const r = await planFile('staff.csv', staff([p({ access: 'owner' }), short, long, p()]));
    expect(r.code).toBe(1);
    expect(where(r, 'row-missing-cells')).toEqual(['staff.csv:3:']);
    expect(paramsOf(r, 'row-missing-cells')).toEqual([{ found: 7, expected: 10 }]);
    expect(where(r, 'row-extra-cells')).toEqual(['staff.csv:4:']);
    expect(rowsOf(r, 'row-extra-cells')[0]!.value).toBe('Bloggs, Joe');
    expect(r.statuses).toEqual([
      [2, 'ready'],
      [3, 'rejected'],
      [4, 'rejected'],
      [5, 'ready'],
    ]);
    expect(col(r.review, 'first_name').slice(1, 3)).toEqual(['Short', 'Long']);
  });
});

describe('D09 a 1 MB field; a 200 MB file', () => {
  it('reports a record over 1 MB as csv-malformed (too-large) and reads the next line', async () => {
    const huge = p({ job_title: 'x'.repeat(MAX_RECORD_BYTES + 16) });
    const r = await planFile('staff.csv', staff([p({ access: 'owner' }), huge, p()]));
    expect(r.code).toBe(1);
    expect(where(r, 'csv-malformed')).toEqual(['staff.csv:3:']);
    expect(paramsOf(r, 'csv-malformed')).toEqual([{ reason: 'too-large' }]);
    expect(rowsOf(r, 'csv-malformed')[0]!.message).toMatch(/larger than 1 MB/);
    expect(r.statuses).toEqual([
      [2, 'ready'],
      [3, 'rejected'],
      [4, 'ready'],
    ]);
  });

  it('refuses a file over 160 MB from its size, before reading it (exit 2, "split it")', async () => {
    const dir = caseDir();
    const input = join(dir, 'staff.csv');
    writeFileSync(input, staff([p()]));
    truncateSync(input, MAX_INPUT_BYTES + 1); // sparse: no 160 MB is written
    const out = join(dir, 'out');
    const o = await cli(['plan', input, '--out', out, '--as-of', AS_OF], [input]);
    expectRefused(o, /staff\.csv" is larger than 160 MB: split it into smaller files/, out);
  });

  it('refuses more than 1,500,000 rows with its own sentence', () => {
    // A real 1.5M-row CSV takes over 30 s to reach the limit, so the row limit is driven through a
    // workbook sheet already read into rows (the same openSource check, before any row is used).
    const rows: string[][] = Array.from({ length: MAX_ROWS + 2 }, () => []);
    rows[0] = [...STAFF_HEADER];
    const input = {
      name: 'staff.xlsx',
      bytes: new Uint8Array(),
      sheet: { sheet: 'Staff', sheets: ['Staff'], rows },
    };
    let caught: unknown;
    try {
      plan({ staff: input }, { asOf: AS_OF });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as Error).message).toMatch(/staff\.xlsx has more than 1,500,000 rows.*split it/);
  });
});

// ================================================================= H: headers

describe('H01 a required column missing', () => {
  it('reports header-missing-column naming the column and the nearest header, and rejects every row', async () => {
    const header = STAFF_HEADER.map((h) => (h === 'mobile' ? 'Moblie' : h)).filter((h) => h !== 'job_title');
    const rows = [p({ access: 'owner' }), p()].map((row) =>
      row.filter((_, i) => STAFF_HEADER[i] !== 'job_title'),
    );
    const r = await planFile('staff.csv', staff(rows, header));
    expect(r.code).toBe(1);
    expect(where(r, 'header-missing-column')).toEqual(['staff.csv:1:job_title', 'staff.csv:1:mobile']);
    expect(paramsOf(r, 'header-missing-column')).toEqual([
      { column: 'job_title' },
      { column: 'mobile', nearest: 'Moblie' },
    ]);
    expect(rowsOf(r, 'header-missing-column')[1]!.message).toMatch(/"mobile" is missing.*"Moblie"/);
    expect(r.statuses).toEqual([
      [2, 'rejected'],
      [3, 'rejected'],
    ]);
    expect(r.upload.records).toEqual([]);
  });
});

describe('H02 Email, Email', () => {
  it('reports header-duplicate-column naming both positions, and does not let the last one win', async () => {
    const header = [...STAFF_HEADER.map((h) => (h === 'personal_email' ? 'Email' : h)), 'Email'];
    const rows = [
      [...p({ personal_email: 'first.one@gmail.com', access: 'owner' }), 'second.one@gmail.com'],
      [...p({ personal_email: 'first.two@gmail.com' }), 'second.two@gmail.com'],
    ];
    const r = await planFile('staff.csv', staff(rows, header));
    expect(r.code).toBe(1);
    expect(where(r, 'header-duplicate-column')).toEqual(['staff.csv:1:personal_email']);
    expect(paramsOf(r, 'header-duplicate-column')).toEqual([
      { column: 'personal_email', header: 'Email', first: 'F', second: 'K' },
    ]);
    expect(rowsOf(r, 'header-duplicate-column')[0]!.message).toMatch(/column F and column K/);
    expect(r.statuses.map(([, s]) => s)).toEqual(['rejected', 'rejected']);
    expect(r.upload.records).toEqual([]);
    // Both columns are kept in review.csv as they were.
    expect(r.review.rows.map((row) => [row[5], row[10]])).toEqual([
      ['first.one@gmail.com', 'second.one@gmail.com'],
      ['first.two@gmail.com', 'second.two@gmail.com'],
    ]);
    expect(r.report.issues.map((i) => i.value)).not.toContain('second.one@gmail.com');
  });
});

describe('H03 First  Name , FIRST_NAME, NBSP inside', () => {
  it.each<{ header: string; others: Record<string, string> }>([
    {
      header: 'First  Name ',
      others: { last_name: 'LAST_NAME', job_title: 'Job\u00a0Title', personal_email: 'Personal-Email' },
    },
    { header: 'FIRST_NAME', others: { last_name: 'Last\u00a0name', mobile: ' Mobile  Number' } },
  ])('matches "$header" and the others, reporting each mapping', async ({ header, others }) => {
    const names: Record<string, string> = { first_name: header, ...others };
    const heads = STAFF_HEADER.map((h) => names[h] ?? h);
    const r = await planFile(
      'staff.csv',
      staff([p({ first_name: 'Aoife', access: 'owner' }), p({ first_name: 'Kwame' })], heads),
    );
    expect(r.code).toBe(0);
    expect(codes(r)).not.toContain('header-missing-column');
    expect(codes(r)).not.toContain('header-unknown-column');
    const mapped = rowsOf(r, 'header-column-mapped').map((e) => [e.severity, e.line, e.column, e.value]);
    expect(mapped).toEqual(
      expect.arrayContaining(Object.entries(names).map(([c, h]) => ['info', '1', c, h])),
    );
    expect(mapped).toHaveLength(Object.keys(names).length);
    expect(r.review.header).toEqual([...heads, 'line', 'status', 'issues', 'fix']);
    expect(col(r.upload, 'First Name')).toEqual(['Aoife', 'Kwame']);
  });
});

describe('H04 title rows above the header; a blank header cell', () => {
  it('finds the header below title rows and reports header-not-first-line; lines stay physical', async () => {
    const text =
      'Sunnyside Care Home \u2013 staff for NHSmail,,,\nExported 01/10/2026\n' +
      staff([p({ access: 'owner' }), p({ mobile: '7912340777' })]);
    const r = await planFile('staff.csv', text);
    expect(r.code).toBe(0);
    expect(where(r, 'header-not-first-line')).toEqual(['staff.csv:1:']);
    expect(paramsOf(r, 'header-not-first-line')).toEqual([{ headerLine: 3, lines: '1, 2' }]);
    expect(r.statuses).toEqual([
      [4, 'ready'],
      [5, 'ready'],
    ]);
    expect(where(r, 'staff-mobile-leading-zero-restored')).toEqual(['staff.csv:5:mobile']);
  });

  it('reports header-blank-column for a column with data but no header, and keeps the values in review.csv', async () => {
    const header = [...STAFF_HEADER.slice(0, 7), '', ...STAFF_HEADER.slice(7)];
    const withNote = (row: string[], note: string) => [...row.slice(0, 7), note, ...row.slice(7)];
    const r = await planFile(
      'staff.csv',
      staff([withNote(p({ access: 'owner' }), 'ask manager'), withNote(p(), '')], header),
    );
    expect(r.code).toBe(0);
    expect(where(r, 'header-blank-column')).toEqual(['staff.csv:1:']);
    expect(paramsOf(r, 'header-blank-column')).toEqual([{ letter: 'H' }]);
    expect(r.review.rows.map((row) => row[7])).toEqual(['ask manager', '']);
    expect(col(r.upload, 'Mailbox Access')).toEqual(['owner', 'member']);
  });
});

describe('H05 headers __proto__, constructor', () => {
  it('treats them as unknown columns, keeps their values, and pollutes no prototype', async () => {
    const tricky = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'prototype'];
    const header = [...STAFF_HEADER, ...tricky];
    const values = ['{"polluted":true}', 'polluted', 'polluted', 'polluted', 'polluted'];
    const r = await planFile(
      'staff.csv',
      staff(
        [
          [...p({ access: 'owner' }), ...values],
          [...p(), '', '', '', '', ''],
        ],
        header,
      ),
    );
    expect(r.code).toBe(0);
    expect(paramsOf(r, 'header-unknown-column').map((x) => x.header)).toEqual(tricky);
    expect(where(r, 'header-unknown-column')).toEqual(tricky.map(() => 'staff.csv:1:'));
    expect(r.review.header.slice(10, 15)).toEqual(tricky);
    expect(r.review.rows[0]!.slice(10, 15)).toEqual(values);
    expect(r.statuses.map(([, s]) => s)).toEqual(['ready', 'ready']);
    const plain = {} as Record<string, unknown>;
    expect(plain.polluted).toBeUndefined();
    expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
    expect(plain.constructor).toBe(Object);
    expect(typeof plain.hasOwnProperty).toBe('function');
    expect(String(plain)).toBe('[object Object]');
  });
});

// ================================================================= C: characters in cells

describe('C01 zero-width space in an e-mail', () => {
  it('reports cell-invisible-character naming U+200B, on the line and column', async () => {
    const r = await planFile(
      'staff.csv',
      staff([p({ access: 'owner' }), p({ personal_email: 'anna.smith\u200b@gmail.com' })]),
    );
    expect(r.code).toBe(1);
    expect(where(r, 'cell-invisible-character')).toEqual(['staff.csv:3:personal_email']);
    expect(paramsOf(r, 'cell-invisible-character')[0]!.character).toMatch(/^U\+200B ZERO WIDTH SPACE/);
    expect(rowsOf(r, 'cell-invisible-character')[0]!.message).toMatch(/U\+200B/);
    expect(r.statuses).toEqual([
      [2, 'ready'],
      [3, 'rejected'],
    ]);
  });
});

describe('C02 non-breaking space in a name', () => {
  it('turns it into a space, with a cell-character-replaced warning', async () => {
    const r = await planFile('staff.csv', staff([p({ first_name: 'Mary\u00a0Anne', access: 'owner' }), p()]));
    expect(r.code).toBe(0);
    expect(where(r, 'cell-character-replaced')).toEqual(['staff.csv:2:first_name']);
    expect(rowsOf(r, 'cell-character-replaced')[0]!.severity).toBe('warning');
    expect(String(paramsOf(r, 'cell-character-replaced')[0]!.from)).toMatch(/U\+00A0/);
    expect(col(r.upload, 'First Name')[0]).toBe('Mary Anne');
    expect(col(r.review, 'first_name')[0]).toBe('Mary\u00a0Anne');
  });
});

describe('C03 bidi controls (RLO, LRM)', () => {
  it('rejects them, naming the character', async () => {
    const r = await planFile(
      'staff.csv',
      staff([
        p({ access: 'owner' }),
        p({ last_name: 'Smith\u202e' }),
        p({ personal_email: '\u200ezoe.evans@gmail.com' }),
      ]),
    );
    expect(r.code).toBe(1);
    expect(where(r, 'cell-invisible-character')).toEqual([
      'staff.csv:3:last_name',
      'staff.csv:4:personal_email',
    ]);
    expect(paramsOf(r, 'cell-invisible-character').map((x) => x.character)).toEqual([
      'U+202E RIGHT-TO-LEFT OVERRIDE',
      'U+200E LEFT-TO-RIGHT MARK',
    ]);
    expect(r.statuses).toEqual([
      [2, 'ready'],
      [3, 'rejected'],
      [4, 'rejected'],
    ]);
  });
});

describe('C04 NUL byte in a cell', () => {
  it('rejects it and shows it as \\0', async () => {
    const r = await planFile('staff.csv', staff([p({ access: 'owner' }), p({ first_name: 'Jo\u0000hn' })]));
    expect(r.code).toBe(1);
    expect(where(r, 'cell-invisible-character')).toEqual(['staff.csv:3:first_name']);
    const [row] = rowsOf(r, 'cell-invisible-character');
    expect(row!.value).toBe('Jo\\0hn');
    expect(row!.message).toMatch(/NUL/);
    expect(row!.message).toContain('Jo\\0hn');
    expect(r.statuses[1]).toEqual([3, 'rejected']);
  });
});

describe('C05 Cyrillic \u043e inside a Latin name; emoji', () => {
  it('warns cell-mixed-script for each', async () => {
    const r = await planFile(
      'staff.csv',
      staff([
        p({ first_name: 'R\u043ebert', access: 'owner' }),
        p({ job_title: 'Carer \u{1F600}' }),
        p({ first_name: '\u041e\u043b\u044c\u0433\u0430' }), // all Cyrillic: fine
      ]),
    );
    expect(where(r, 'cell-mixed-script')).toEqual(['staff.csv:2:first_name', 'staff.csv:3:job_title']);
    expect(rowsOf(r, 'cell-mixed-script').map((e) => e.severity)).toEqual(['warning', 'warning']);
    expect(paramsOf(r, 'cell-mixed-script').map((x) => x.what)).toEqual([
      'Latin and Cyrillic letters',
      'text with an emoji',
    ]);
    expect(r.statuses.map(([line]) => line)).toEqual([2, 3, 4]);
  });
});

describe('C06 curly apostrophe in O’Neill', () => {
  it("treats it as ', with a warning", async () => {
    const r = await planFile('staff.csv', staff([p({ last_name: 'O\u2019Neill', access: 'owner' }), p()]));
    expect(r.code).toBe(0);
    expect(where(r, 'cell-character-replaced')).toEqual(['staff.csv:2:last_name']);
    expect(rowsOf(r, 'cell-character-replaced')[0]!.severity).toBe('warning');
    expect(col(r.upload, 'Last Name')[0]).toBe("O'Neill");
    expect(col(r.review, 'last_name')[0]).toBe('O\u2019Neill');
  });
});

describe('C07 Zoe + combining diaeresis vs Zoë', () => {
  it('treats them as the same name (NFC): staff-duplicate-person naming the first line', async () => {
    const r = await planFile(
      'staff.csv',
      staff([
        p({ first_name: 'Zoe\u0308', last_name: 'Evans', access: 'owner' }),
        p({ first_name: 'Zo\u00eb', last_name: 'Evans' }),
        p({ first_name: 'Zo\u00eb', last_name: 'Evans' }, 'VC3D4'), // another site: not flagged
      ]),
    );
    expect(where(r, 'staff-duplicate-person')).toEqual(['staff.csv:3:first_name']);
    expect(paramsOf(r, 'staff-duplicate-person')[0]).toMatchObject({ firstLine: 2 });
    // Both go to NAS written the same (NFC) way.
    expect(col(r.upload, 'First Name').slice(0, 2)).toEqual(['Zo\u00eb', 'Zo\u00eb']);
  });
});

describe('C08 =HYPERLINK(...), +SUM(1), @cmd as a name', () => {
  it('reports cell-formula-trigger and review.csv shows each value with a leading apostrophe', async () => {
    const link = '=HYPERLINK("http://evil.example/x","Click")';
    const r = await planFile(
      'staff.csv',
      staff([
        p({ access: 'owner' }),
        p({ first_name: link }),
        p({ last_name: '+SUM(1)' }),
        p({ first_name: '@cmd' }),
      ]),
    );
    expect(r.code).toBe(1);
    expect(where(r, 'cell-formula-trigger')).toEqual([
      'staff.csv:3:first_name',
      'staff.csv:4:last_name',
      'staff.csv:5:first_name',
    ]);
    expect(col(r.review, 'first_name').slice(1)).toEqual([`'${link}`, expect.any(String), "'@cmd"]);
    expect(col(r.review, 'last_name')[2]).toBe("'+SUM(1)");
    expect(rowsOf(r, 'cell-formula-trigger').map((e) => e.value)).toEqual([`'${link}`, "'+SUM(1)", "'@cmd"]);
    expect(r.statuses.map(([, s]) => s)).toEqual(['ready', 'rejected', 'rejected', 'rejected']);
    expect(readFileSync(join(r.out, 'nas-bulk-upload.csv'), 'utf8')).not.toMatch(/HYPERLINK|SUM\(|@cmd/);
  });
});

// ================================================================= P: phone numbers

describe('P01 7956123456', () => {
  it('restores the leading zero (07956123456) with staff-mobile-leading-zero-restored', async () => {
    const r = await planFile('staff.csv', staff([p({ access: 'owner' }), p({ mobile: '7956123456' })]));
    expect(r.code).toBe(0);
    expect(col(r.upload, 'Mobile')[1]).toBe('07956123456');
    expect(where(r, 'staff-mobile-leading-zero-restored')).toEqual(['staff.csv:3:mobile']);
    expect(rowsOf(r, 'staff-mobile-leading-zero-restored')[0]!.severity).toBe('warning');
    expect(paramsOf(r, 'staff-mobile-leading-zero-restored')).toEqual([
      { value: '7956123456', restored: '07956123456' },
    ]);
  });
});

describe('P02 4.47956E+11', () => {
  it('reports staff-mobile-excel-damaged, telling to format the column as Text and re-type', async () => {
    const r = await planFile('staff.csv', staff([p({ access: 'owner' }), p({ mobile: '4.47956E+11' })]));
    expect(r.code).toBe(1);
    expect(where(r, 'staff-mobile-excel-damaged')).toEqual(['staff.csv:3:mobile']);
    expect(rowsOf(r, 'staff-mobile-excel-damaged')[0]!.hint).toMatch(/format the mobile column as Text/i);
    expect(rowsOf(r, 'staff-mobile-excel-damaged')[0]!.hint).toMatch(/re-type/);
    expect(r.statuses[1]).toEqual([3, 'rejected']);
    expect(r.review.records[1]!.fix).toMatch(/as Text/);
  });
});

describe('P03 +44 (0)7956 123456, 0044 7956 123456, 07956-123-456', () => {
  it.each(['+44 (0)7956 123456', '0044 7956 123456', '07956-123-456'])(
    'normalises %s to 07956123456 in the upload file',
    async (mobile) => {
      const r = await planFile('staff.csv', staff([p({ access: 'owner' }), p({ mobile })]));
      expect(r.code).toBe(0);
      expect(col(r.upload, 'Mobile')[1]).toBe('07956123456');
      expect(codes(r).filter((c) => c.startsWith('staff-mobile') || c.startsWith('cell-'))).toEqual([]);
    },
  );
});

describe('P04 07956 123456 ext 2, mob: 07956123456', () => {
  it('reports staff-mobile-invalid for each', async () => {
    const r = await planFile(
      'staff.csv',
      staff([p({ access: 'owner' }), p({ mobile: '07956 123456 ext 2' }), p({ mobile: 'mob: 07956123457' })]),
    );
    expect(r.code).toBe(1);
    expect(where(r, 'staff-mobile-invalid')).toEqual(['staff.csv:3:mobile', 'staff.csv:4:mobile']);
    expect(r.statuses.map(([, s]) => s)).toEqual(['ready', 'rejected', 'rejected']);
    expect(col(r.upload, 'Mobile')).toHaveLength(1);
  });
});

describe('P05 07700 900123 (drama range), 01632 960123 (landline), +33 6 12 34 56 78', () => {
  it('reports staff-mobile-invalid for each, with the reason', async () => {
    const r = await planFile(
      'staff.csv',
      staff([
        p({ access: 'owner' }),
        p({ mobile: '07700 900123' }),
        p({ mobile: '01632 960123' }),
        p({ mobile: '+33 6 12 34 56 78' }),
      ]),
    );
    expect(r.code).toBe(1);
    expect(where(r, 'staff-mobile-invalid')).toEqual([
      'staff.csv:3:mobile',
      'staff.csv:4:mobile',
      'staff.csv:5:mobile',
    ]);
    expect(paramsOf(r, 'staff-mobile-invalid').map((x) => x.reason)).toEqual(['drama', 'landline', 'not-uk']);
    expect(r.statuses.map(([, s]) => s)).toEqual(['ready', 'rejected', 'rejected', 'rejected']);
  });
});

describe('P06 the same mobile in two formats on two rows', () => {
  it('reports staff-duplicate-mobile on the later row, naming the first line', async () => {
    const r = await planFile(
      'staff.csv',
      staff([p({ access: 'owner' }), p({ mobile: '07956 123456' }), p({ mobile: '+44 7956 123456' })]),
    );
    expect(r.code).toBe(1);
    expect(where(r, 'staff-duplicate-mobile')).toEqual(['staff.csv:4:mobile']);
    expect(paramsOf(r, 'staff-duplicate-mobile')[0]).toMatchObject({ firstLine: 3 });
    expect(rowsOf(r, 'staff-duplicate-mobile')[0]!.message).toMatch(/line 3/);
    expect(r.statuses.map(([, s]) => s)).toEqual(['ready', 'ready', 'rejected']);
  });
});

// ================================================================= X: Excel workbooks

describe('X01 workbook with several sheets', () => {
  const book = () =>
    xlsx([
      { name: 'Staff', rows: [HEAD, xrow({ access: 'owner' }), xrow()] },
      { name: 'Notes', rows: [['Send to NAS by Friday']] },
      { name: 'Archive', rows: [HEAD, xrow({ access: 'owner' })] },
    ]);

  it('reads the first sheet and lists the others (file-sheet-chosen)', async () => {
    const r = await planFile('staff.xlsx', book());
    expect(r.code).toBe(0);
    expect(r.report.inputs[0]).toMatchObject({
      format: 'xlsx',
      sheet: 'Staff',
      sheets: ['Staff', 'Notes', 'Archive'],
      rows: 2,
    });
    expect(where(r, 'file-sheet-chosen')).toEqual(['staff.xlsx:1:']);
    expect(paramsOf(r, 'file-sheet-chosen')).toEqual([
      { file: 'staff.xlsx', sheet: 'Staff', others: '"Notes", "Archive"' },
    ]);
    expect(r.statuses).toEqual([
      [2, 'ready'],
      [3, 'ready'],
    ]);
  });

  it('reads the sheet named by --sheet and lists the others', async () => {
    const r = await planFile('staff.xlsx', book(), ['--sheet', 'Archive']);
    expect(r.report.inputs[0]).toMatchObject({ sheet: 'Archive', rows: 1 });
    expect(paramsOf(r, 'file-sheet-chosen')[0]).toMatchObject({ others: '"Staff", "Notes"' });
  });
});

describe('X02 merged cells for the site column', () => {
  it('never leaves the merged-away cells silently blank', async () => {
    const bytes = xlsx([
      {
        name: 'Staff',
        rows: [HEAD, xrow({ access: 'owner' }), xrow({ site_ods_code: null }), xrow({ site_ods_code: null })],
        merges: ['A2:A4'],
      },
    ]);
    const r = await planFile('staff.xlsx', bytes);
    expect(r.statuses.map(([line]) => line)).toEqual([2, 3, 4]);
    for (const line of ['3', '4']) {
      const said = r.errors.filter(
        (e) => e.line === line && e.column === 'site_ods_code' && e.severity !== 'info',
      );
      expect(
        said.map((e) => e.code),
        `line ${line}`,
      ).not.toEqual([]);
    }
    expect(where(r, 'staff-required-missing')).toEqual([
      'staff.xlsx:3:site_ods_code',
      'staff.xlsx:4:site_ods_code',
    ]);
  });
});

describe('X03 formula cells; #N/A', () => {
  it('uses the cached value of a formula, and says a #N/A required cell is "blank or a formula error"', async () => {
    const bytes = xlsx([
      {
        name: 'Staff',
        rows: [
          HEAD,
          xrow({
            site_ods_code: { formula: 'Sites!A2', cached: 'VA1B2' },
            job_title: { formula: 'VLOOKUP(B2,Roles!A:B,2,0)', cached: 'Senior Carer' },
            access: 'owner',
          }),
          xrow({ job_title: { error: '#N/A' } }),
        ],
      },
    ]);
    const r = await planFile('staff.xlsx', bytes);
    expect(r.code).toBe(1);
    expect(col(r.upload, 'Site ODS Code')).toEqual(['VA1B2']);
    expect(col(r.upload, 'Job Title')).toEqual(['Senior Carer']);
    expect(where(r, 'staff-required-missing')).toEqual(['staff.xlsx:3:job_title']);
    expect(rowsOf(r, 'staff-required-missing')[0]!.message).toMatch(/blank \(or was a formula error/);
    expect(r.statuses).toEqual([
      [2, 'ready'],
      [3, 'rejected'],
    ]);
  });
});

describe('X04 dates as Excel serials', () => {
  it('reads a date cell as an ISO date', async () => {
    const bytes = xlsx([
      {
        name: 'Staff',
        rows: [
          [...HEAD, 'Start date'],
          [...xrow({ access: 'owner' }), { date: '2026-03-01' }],
          [...xrow(), { date: '1999-12-31' }],
        ],
      },
    ]);
    const r = await planFile('staff.xlsx', bytes);
    expect(r.code).toBe(0);
    expect(col(r.review, 'Start date')).toEqual(['2026-03-01', '1999-12-31']);
    expect(paramsOf(r, 'header-unknown-column').map((x) => x.header)).toEqual(['Start date']);
  });
});

describe('X05 mobile stored as a number', () => {
  it('reads it as its digits, then restores the lost 0 as P01 does', async () => {
    const bytes = xlsx([
      {
        name: 'Staff',
        rows: [HEAD, xrow({ mobile: 7956123456, access: 'owner' }), xrow({ mobile: 447956123457 })],
      },
    ]);
    const r = await planFile('staff.xlsx', bytes);
    expect(r.code).toBe(0);
    expect(col(r.upload, 'Mobile')).toEqual(['07956123456', '07956123457']);
    expect(where(r, 'staff-mobile-leading-zero-restored')).toEqual(['staff.xlsx:2:mobile']);
    expect(paramsOf(r, 'staff-mobile-leading-zero-restored')).toEqual([
      { value: '7956123456', restored: '07956123456' },
    ]);
  });
});

describe('X06 old .xls, password-protected .xlsx', () => {
  const ole = concat([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], new Uint8Array(504));
  it.each(['staff.xls', 'staff.xlsx'])('refuses %s (an OLE compound file) with exit 2', async (name) => {
    const err = await refuseFile(name, ole, /save it as \.xlsx without a password, or as "CSV UTF-8"/);
    expect(err).toContain(`${name} is an old .xls workbook or a password-protected one`);
  });
});

describe('X07 zip bomb .xlsx', () => {
  const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  it('refuses a workbook whose sheet deflates from KB to tens of MB, before unpacking (exit 2)', async () => {
    const bomb = zip([
      ['xl/workbook.xml', utf8(`<workbook xmlns="${ns}"/>`)],
      ['xl/worksheets/sheet1.xml', new Uint8Array(24 * 1024 * 1024).fill(0x20)],
    ]);
    expect(bomb.length).toBeLessThan(256 * 1024);
    await refuseFile('staff.xlsx', bomb, /would unpack to 24 MB.*was not opened/);
  });

  it('refuses from the zip directory alone: a directory claiming 512 MB is never inflated', async () => {
    const bytes = Buffer.from(xlsx([{ name: 'Staff', rows: [HEAD, xrow()] }]));
    // Make the central directory claim 512 MB for the sheet; its data is still a few hundred bytes.
    for (let at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0; ) {
      const name = bytes.subarray(at + 46, at + 46 + bytes.readUInt16LE(at + 28)).toString();
      if (name === 'xl/worksheets/sheet1.xml') bytes.writeUInt32LE(512 * 1024 * 1024, at + 24);
      at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4);
    }
    await refuseFile('staff.xlsx', new Uint8Array(bytes), /would unpack to 512 MB.*was not opened/);
  });
});

// ================================================================= O: outputs

describe('O01 --out pointing at an input file; output open elsewhere', () => {
  it('refuses an --out that is the input file itself, leaving it untouched', async () => {
    const dir = caseDir();
    const input = join(dir, 'staff.csv');
    writeFileSync(input, staff([p({ access: 'owner' })]));
    const o = await cli(['plan', input, '--out', input, '--as-of', AS_OF, '--force'], [input]);
    expectRefused(o, /is one of the input files: choose another --out folder/);
    expect(tree(dir)).toEqual(['staff.csv']);
  });

  it('refuses an output file that is an input (even with --force), leaving it untouched', async () => {
    const dir = caseDir();
    const input = join(dir, 'errors.csv');
    writeFileSync(input, staff([p({ access: 'owner' })]));
    const o = await cli(['plan', input, '--out', dir, '--as-of', AS_OF, '--force'], [input]);
    expectRefused(o, /Writing errors\.csv .* would overwrite an input file: choose another --out folder/);
    expect(tree(dir)).toEqual(['errors.csv']);
  });

  it('refuses with a sentence when an output cannot be replaced, keeping the earlier set whole', async () => {
    const dir = caseDir();
    const input = join(dir, 'staff.csv');
    const out = join(dir, 'out');
    writeFileSync(input, staff([p({ access: 'owner' })]));
    expect((await cli(['plan', input, '--out', out, '--as-of', AS_OF], [input])).code).toBe(0);
    const earlier = Object.fromEntries(tree(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]));
    // The staff list grows; review.csv cannot be replaced (a folder in its place here, standing in for
    // a file held open by Excel on Windows, which Linux cannot simulate for root).
    writeFileSync(input, staff([p({ access: 'owner' }), p()]));
    rmSync(join(out, 'review.csv'));
    mkdirSync(join(out, 'review.csv'));
    const o = await cli(['plan', input, '--out', out, '--as-of', AS_OF, '--force'], [input]);
    expectRefused(o, /review\.csv.*(close it|choose another --out folder)/);
    expect(tempsIn(out), 'no temp files left').toEqual([]);
    for (const f of ['nas-bulk-upload.csv', 'errors.csv', 'sites.csv', 'report.json']) {
      expect(readFileSync(join(out, f), 'utf8'), `${f} is still the earlier run's (all or nothing)`).toBe(
        earlier[f],
      );
    }
  });
});

describe('O02 the same run twice', () => {
  it('writes byte-identical outputs', async () => {
    const dir = caseDir();
    const input = join(dir, 'staff.csv');
    writeFileSync(
      input,
      staff([
        p({ access: 'owner' }),
        p({ mobile: '7956123456', last_name: 'O\u2019Neill' }),
        p({ first_name: '=1+1' }),
        p({ personal_email: 'x@gmail.con' }),
        ...Array.from({ length: 10 }, () => p()),
      ]),
    );
    const outs = [join(dir, 'first'), join(dir, 'second')];
    for (const out of outs) {
      const o = await cli(['plan', input, '--out', out, '--as-of', AS_OF, '--batch-size', '5'], [input]);
      outputsOf(o, dir, input, out);
    }
    const [a, b] = outs.map((out) => tree(out).filter((f) => !statSync(join(out, f)).isDirectory()));
    expect(a).toEqual(b);
    expect(a).toEqual(expect.arrayContaining(['review.csv', 'errors.csv', 'report.json']));
    for (const f of a!) {
      expect(readFileSync(join(outs[0]!, f)).equals(readFileSync(join(outs[1]!, f))), f).toBe(true);
    }
    // And again over the first, with --force.
    await cli(['plan', input, '--out', outs[0]!, '--as-of', AS_OF, '--batch-size', '5', '--force'], [input]);
    for (const f of a!) {
      expect(readFileSync(join(outs[0]!, f)).equals(readFileSync(join(outs[1]!, f))), f).toBe(true);
    }
  });
});

describe('O03 Ctrl-C during writing', () => {
  // The signal itself is tested in test/io/write.test.ts; here: no temp files after a whole CLI run.
  it('leaves no temp files after a successful run and after a refused one', async () => {
    const dir = caseDir();
    const input = join(dir, 'staff.csv');
    const out = join(dir, 'out');
    writeFileSync(input, staff([p({ access: 'owner' }), p()]));
    const ok = await cli(['plan', input, '--out', out, '--as-of', AS_OF, '--batch-size', '1'], [input]);
    expect(ok.code).toBe(0);
    expect(tempsIn(out)).toEqual([]);
    expect(tree(out)).toContain('batches/nas-bulk-upload-001.csv');
    const before = tree(out).map((f) => [f, statSync(join(out, f)).mtimeMs]);
    const refused = await cli(['plan', input, '--out', out, '--as-of', AS_OF], [input]);
    expectRefused(refused, /already exists: add --force/);
    expect(tempsIn(out)).toEqual([]);
    expect(tempsIn(dir)).toEqual([]);
    expect(tree(out).map((f) => [f, statSync(join(out, f)).mtimeMs])).toEqual(before);
  });
});
