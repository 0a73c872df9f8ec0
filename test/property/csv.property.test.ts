/** Property tests of the CSV reader and writer (fixed seed, so CI is repeatable). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STAFF_REQUIRED } from '../../src/core/columns.js';
import { detectDelimiter, MAX_RECORD_BYTES, type RawRecord, readDelimited } from '../../src/core/csv.js';
import { plan } from '../../src/core/plan.js';
import { InputError } from '../../src/core/types.js';
import { CsvChunks, escapeFormula, toCsv } from '../../src/report/csv.js';
import { planFilesText, prettyJson, reviewCsv } from '../../src/report/tables.js';
import { file } from '../helpers.js';
import { sliceReader } from '../helpers-stream.js';

const SEED = 20261124;
const params = { seed: SEED, numRuns: 300 };

function readAll(text: string): string[][] {
  const out: string[][] = [];
  readDelimited(new TextEncoder().encode(text.replace(/^\uFEFF/, '')), (r) => out.push(r.cells));
  return out;
}

// Cells that stress quoting: delimiters, quotes, CR, LF, CRLF, BOM-like and accented text.
const nasty = fc.string({
  unit: fc.constantFrom('a', 'Z', 'é', '’', ',', ';', '"', '\r', '\n', '\r\n', ' ', '\t', '=', '0'),
  maxLength: 12,
});

describe('CSV writer → reader round trip', () => {
  it('returns every cell exactly, whatever it holds (CR, LF, quotes, delimiters)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(nasty, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
        (rows) => {
          const width = rows[0]!.length;
          const header = Array.from({ length: width }, (_, i) => `h${i}`);
          const body = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
          expect(readAll(toCsv(header, body))).toEqual([header, ...body]);
        },
      ),
      params,
    );
  });
});

describe('reader over arbitrary input', () => {
  it('never throws and accounts for every physical line', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const lines: number[] = [];
        readDelimited(bytes, (r) => lines.push(r.line));
        for (let i = 1; i < lines.length; i++) expect(lines[i]!).toBeGreaterThan(lines[i - 1]!);
      }),
      params,
    );
  });

  it('plan never crashes and never loses a row: every non-blank data record gets one status', () => {
    const header = 'site_ods_code,first_name,last_name,job_title,personal_email,mobile\n';
    const line = fc.array(nasty, { maxLength: 7 }).map((cells) => cells.join(','));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), (lines) => {
        const text = header + lines.join('\n');
        let result: ReturnType<typeof plan>;
        try {
          result = plan({ staff: file('staff.csv', text) }, { asOf: '2026-11-01' });
        } catch (err) {
          // Only a sentence-bearing InputError may stop a run; never a crash.
          expect(err).toBeInstanceOf(InputError);
          return;
        }
        const records: { line: number; blank: boolean }[] = [];
        readDelimited(new TextEncoder().encode(text), (r) =>
          records.push({ line: r.line, blank: !r.malformed && r.cells.every((c) => c.trim() === '') }),
        );
        const dataLines = records
          .slice(1)
          .filter((r) => !r.blank)
          .map((r) => r.line);
        expect(result.rows.map((r) => r.line)).toEqual(dataLines);
        for (const row of result.rows) expect(['ready', 'deferred', 'rejected']).toContain(row.status);
        const blankLines = records
          .slice(1)
          .filter((r) => r.blank)
          .map((r) => r.line);
        expect(result.issues.filter((i) => i.code === 'row-blank').map((i) => i.line)).toEqual(blankLines);
      }),
      params,
    );
  });
});

const info0 = (bytes: Uint8Array) => detectDelimiter(bytes).delimiter;
/** A record without its `text`, after checking that the text is exactly its cells joined. */
function comparable(r: RawRecord, delimiter: string) {
  const { text, ...rest } = r;
  if (text !== undefined) {
    expect(text.includes('"')).toBe(false);
    expect(text.split(delimiter)).toEqual(r.cells);
  }
  return rest;
}

describe('fast lines and csv-parse agree', () => {
  const records = (bytes: Uint8Array, fastLines: boolean) => {
    const out: { cells: string[]; line: number; malformed?: string }[] = [];
    const info = readDelimited(bytes, (r) => out.push(comparable(r, info0(bytes))), { fastLines });
    return { info, out };
  };
  // Lines of text that mix plain lines with quoted ones, stray quotes, every line ending and
  // delimiter, accents and astral characters, so both paths and their hand-overs are exercised.
  const text = fc.string({
    unit: fc.constantFrom(
      'a',
      'é',
      'ł',
      '😀',
      ',',
      ';',
      '\t',
      '"',
      '""',
      '\r',
      '\n',
      '\r\n',
      ' ',
      'x',
      '\uFEFF',
    ),
    maxLength: 80,
  });
  it('give the same records, cells, lines and errors on any text', () => {
    fc.assert(
      fc.property(text, (t) => {
        const bytes = new TextEncoder().encode(t);
        expect(records(bytes, true)).toEqual(records(bytes, false));
      }),
      { ...params, numRuns: 2000 },
    );
  });
  it('give the same on any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(records(bytes, true)).toEqual(records(bytes, false));
      }),
      { ...params, numRuns: 1000 },
    );
  });
  it('agree on files written with quoting, with any line ends and stray quotes between', () => {
    const ending = fc.constantFrom('\n', '\r\n', '\r');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.array(nasty, { minLength: 1, maxLength: 4 }), ending, fc.boolean()), {
          maxLength: 12,
        }),
        (rows) => {
          const text = rows
            .map(
              ([cells, end, stray]) => `${toCsv(['h'], [cells]).split('\r\n')[1]}${stray ? '"' : ''}${end}`,
            )
            .join('');
          const bytes = new TextEncoder().encode(text);
          expect(records(bytes, true)).toEqual(records(bytes, false));
        },
      ),
      { ...params, numRuns: 1000 },
    );
  });
  it('agree when many quoted lines make the reader hand the rest to csv-parse', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a,b', '"a",b', '"a\nb",c', 'x;"y', '', 'é,"ł"'), { maxLength: 600 }),
        (lines) => {
          const bytes = new TextEncoder().encode(lines.join('\n'));
          expect(records(bytes, true)).toEqual(records(bytes, false));
        },
      ),
      { ...params, numRuns: 100 },
    );
  });
});

describe('a file read from a reader, through a small window, in odd slices', () => {
  const all = (source: Parameters<typeof readDelimited>[0], options: Parameters<typeof readDelimited>[2]) => {
    const out: { cells: string[]; line: number; malformed?: string }[] = [];
    const info = readDelimited(source, (r) => out.push({ ...r }), options);
    return { info, out };
  };
  const unit = fc.constantFrom('a', 'é', '😀', ',', ';', '\t', '"', '""', '\r', '\n', '\r\n', ' ', 'x');
  const window = fc.integer({ min: 1, max: 64 });
  const sizes = fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 });
  it('gives the same records, cells and lines as the bytes in memory, both ways of reading', () => {
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 200 }), window, sizes, fc.boolean(), (t, w, s, fastLines) => {
        const bytes = new TextEncoder().encode(t);
        const reader = sliceReader(bytes, s);
        const detected = detectDelimiter(bytes);
        expect(all(reader, { window: w, fastLines, detected })).toEqual(all(bytes, { fastLines }));
        expect(reader.closed).toBe(true);
      }),
      { ...params, numRuns: 2000 },
    );
  });
  it('agrees on any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), window, sizes, (bytes, w, s) => {
        const detected = detectDelimiter(bytes);
        expect(all(sliceReader(bytes, s), { window: w, detected })).toEqual(all(bytes, {}));
      }),
      { ...params, numRuns: 1000 },
    );
  });
  it('agrees on files far larger than the window, with records near 1 MB', () => {
    const pieces = ['a,b,c', '"a","b"', '"a\nb",c', 'x\ry', '"open', 'é,ł,😀', '', 'q"q,r'];
    for (const [w, big] of [
      [4096, 3000],
      [1 << 16, MAX_RECORD_BYTES - 10],
      [1 << 20, MAX_RECORD_BYTES + 10],
    ] as const) {
      const lines = Array.from({ length: 3000 }, (_, i) => pieces[(i * 7) % pieces.length]!);
      lines[1500] = `"${'z'.repeat(big)}",end`;
      lines[2000] = 'y'.repeat(big);
      const bytes = new TextEncoder().encode(lines.join('\n'));
      const detected = detectDelimiter(bytes);
      for (const fastLines of [true, false]) {
        expect(all(sliceReader(bytes, [1000, 65_536, 3]), { window: w, fastLines, detected })).toEqual(
          all(bytes, { fastLines }),
        );
      }
    }
  });
  it('agrees when the rest of the file is handed to csv-parse a window at a time', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a,b', '"a",b', '"a\nb",c', 'x;"y', '', 'é,"ł"'), { maxLength: 600 }),
        fc.integer({ min: 1, max: 300 }),
        (lines, w) => {
          const bytes = new TextEncoder().encode(lines.join('\n'));
          const detected = detectDelimiter(bytes);
          expect(all(sliceReader(bytes, [7, 4096]), { window: w, detected })).toEqual(all(bytes, {}));
        },
      ),
      { ...params, numRuns: 100 },
    );
  });
});

describe('review.csv copies plain lines exactly as it would rebuild them', () => {
  it('for any staff file, with any delimiter, formula-like cells and ragged rows', () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', 'Zoë', ' ', '=', '+', '-', '@', '\t', '"', ';', ',', '0', '\uFEFF'),
      maxLength: 6,
    });
    fc.assert(
      fc.property(
        fc.constantFrom(',', ';'),
        fc.array(fc.array(cell, { maxLength: 9 }), { maxLength: 10 }),
        (d, rows) => {
          const header = [...STAFF_REQUIRED];
          const text = [header, ...rows].map((r) => r.join(d)).join('\n');
          let result: ReturnType<typeof plan>;
          try {
            result = plan({ staff: file('staff.csv', text) }, { asOf: '2026-11-01' });
          } catch {
            return;
          }
          const streamed = new Map(planFilesText(result, { name: 'x', version: '0' }));
          expect(streamed.get('review.csv')).toBe(reviewCsv(result));
        },
      ),
      { ...params, numRuns: 500 },
    );
  });
});

describe('csvLine writes what csv-stringify writes', () => {
  it('for any cells, strings or numbers', () => {
    const cell = fc.oneof(nasty, fc.integer(), fc.double({ noNaN: true }), fc.string());
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }),
        (rows) => {
          const header = ['a', 'b'];
          const chunks: string[] = [];
          const out = new CsvChunks((c) => chunks.push(c), header);
          for (const r of rows) out.row(r);
          expect(chunks.join('')).toBe(toCsv(header, rows));
        },
      ),
      { ...params, numRuns: 1000 },
    );
  });
});

describe('escapeFormula', () => {
  const reference = (v: string) => (/^(?:[\t\r]|\s*[=+\-@])/.test(v) ? `'${v}` : v);
  it.each([
    ['=SUM(1)', "'=SUM(1)"],
    ['  =1', "'  =1"],
    ['\u00a0=1', "'\u00a0=1"],
    ['\u3000@x', "'\u3000@x"],
    ['+447912345678', "'+447912345678"],
    ['\tx', "'\tx"],
    ['Zoë', 'Zoë'],
    ['07912 345678', '07912 345678'],
    ['', ''],
  ])('%j → %j', (value, shown) => {
    expect(escapeFormula(value)).toBe(shown);
  });
  it('escapes exactly what the full test would, for any text', () => {
    const unit = fc.constantFrom(
      '=',
      '+',
      '-',
      '@',
      ' ',
      '\t',
      '\r',
      '\u00a0',
      '\u2003',
      '\u3000',
      '\ufeff',
      'a',
      'É',
      '0',
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit, maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 6 })),
        (v) => {
          expect(escapeFormula(v)).toBe(reference(v));
        },
      ),
      { ...params, numRuns: 3000 },
    );
  });
});

describe('prettyJson writes what JSON.stringify(value, null, 2) writes', () => {
  it('for any JSON value, at any depth of indent', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom('', '  ', '    '), (value, pad) => {
        expect(prettyJson(value, pad)).toBe(JSON.stringify(value, null, 2).replace(/\n/g, `\n${pad}`));
      }),
      { ...params, numRuns: 2000 },
    );
  });
});
