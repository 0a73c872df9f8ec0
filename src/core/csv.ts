/**
 * Delimited text → records with their physical start line.
 *
 * csv-parse's `info.lines` counts a CRLF inside quotes twice and its `raw` drops half of a CRLF
 * (STACK.md), so we count line breaks ourselves in the byte range of each record, using the exact
 * `info.bytes` end offset. An unclosed quote would swallow the rest of the file: we report it on the
 * line where the record starts, read that one line as plain cells, and carry on after it.
 */
import { parse } from 'csv-parse/sync';

export type Delimiter = ',' | ';' | '\t';

export interface RawRecord {
  cells: string[];
  /** Physical line where the record starts (1-based, counting any `sep=` line). */
  line: number;
  /** Set when the parser could not read this record cleanly; the cells are a best effort. */
  malformed?: 'unclosed-quote' | 'too-large' | 'unreadable';
}

export interface DelimitedInfo {
  delimiter: Delimiter;
  /** True when an Excel `sep=` first line chose the delimiter. */
  sepLine: boolean;
}

export const MAX_RECORD_BYTES = 1 << 20;

const CR = 0x0d;
const LF = 0x0a;

function countBreaks(bytes: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const b = bytes[i];
    if (b === LF) n++;
    else if (b === CR && bytes[i + 1] !== LF) n++;
  }
  return n;
}

function endOfLine(bytes: Uint8Array, from: number): number {
  let i = from;
  while (i < bytes.length && bytes[i] !== LF && bytes[i] !== CR) i++;
  if (bytes[i] === CR && bytes[i + 1] === LF) return i + 2;
  return i < bytes.length ? i + 1 : i;
}

const DELIMITER_NAMES: Record<Delimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };
export const delimiterName = (d: Delimiter): string => DELIMITER_NAMES[d];

/**
 * Chooses the delimiter from an Excel `sep=` line, else from the first lines, quoted text left out:
 * the candidate whose count is the same on the most lines wins (a header and its rows agree; title
 * rows above them and tabs inside quoted cells do not), then the larger count, then the comma.
 */
export function detectDelimiter(bytes: Uint8Array): DelimitedInfo & { bodyStart: number } {
  const firstEnd = endOfLine(bytes, 0);
  const first = new TextDecoder('utf-8', { ignoreBOM: true }).decode(
    bytes.subarray(0, Math.min(firstEnd, 4096)),
  );
  const sep = /^sep=(.)\s*$/i.exec(first);
  if (sep && (sep[1] === ',' || sep[1] === ';' || sep[1] === '\t')) {
    return { delimiter: sep[1], sepLine: true, bodyStart: firstEnd };
  }
  const lines = new TextDecoder('utf-8', { ignoreBOM: true })
    .decode(bytes.subarray(0, Math.min(bytes.length, 65_536)))
    .replace(/"[^"]*"/g, '')
    .split(/\r\n|\n|\r/)
    .filter((l) => l.trim() !== '')
    .slice(0, 10);
  let best: { delimiter: Delimiter; score: number } = { delimiter: ',', score: 0 };
  for (const d of [',', ';', '\t'] as const) {
    const frequency = new Map<number, number>();
    for (const line of lines) {
      const n = line.split(d).length - 1;
      if (n > 0) frequency.set(n, (frequency.get(n) ?? 0) + 1);
    }
    for (const [count, lineCount] of frequency) {
      const score = lineCount * 10_000 + count;
      if (score > best.score) best = { delimiter: d, score };
    }
  }
  return { delimiter: best.delimiter, sepLine: false, bodyStart: 0 };
}

function splitPlain(bytes: Uint8Array, from: number, to: number, delimiter: Delimiter): string[] {
  return new TextDecoder('utf-8', { ignoreBOM: true })
    .decode(bytes.subarray(from, to))
    .replace(/\r?\n$|\r$/, '')
    .split(delimiter);
}

const QUOTE = 0x22;

// Every decoder here keeps a U+FEFF it meets: by default TextDecoder drops one at the start of each
// text it decodes, which would hide it from cell-invisible-character on some lines and not others.

/** After this many records, a file where more than 1 in QUOTED_SHARE lines has quotes is handed to csv-parse whole. */
const ADAPT_AFTER = 200;
const QUOTED_SHARE = 20;

const PARSE_OPTIONS = {
  relax_quotes: true,
  relax_column_count: true,
  skip_empty_lines: false,
  record_delimiter: ['\r\n', '\n', '\r'],
  max_record_size: MAX_RECORD_BYTES,
};

/**
 * Reads every record of `bytes` (UTF-8, no BOM) and hands it to `onRecord` in order.
 * Never throws for malformed CSV: such records arrive with `malformed` set.
 *
 * A line with no quote character in it is one record whose cells are exactly its text split at the
 * delimiter: what csv-parse gives for it, found without running its per-character state machine. A
 * line whose quoting is regular (splitQuotedLine) is read the same way. Every other record (quoted
 * line breaks, stray quotes, CR line ends, overlong lines) is read by csv-parse, one record at a
 * time from where it starts; a file where those are common is handed to csv-parse whole. `fastLines: false` makes
 * csv-parse read everything (the property tests check that both ways agree on any input).
 */
export function readDelimited(
  bytes: Uint8Array,
  onRecord: (record: RawRecord) => void,
  options: { fastLines?: boolean } = {},
): DelimitedInfo {
  const { delimiter, sepLine, bodyStart } = detectDelimiter(bytes);
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const n = bytes.length;
  let offset = bodyStart;
  let line = sepLine ? 2 : 1;
  let records = 0;
  let quoted = 0;
  let fast = options.fastLines !== false;
  while (offset < n) {
    if (!fast) {
      parseRest(bytes.subarray(offset), line, delimiter, onRecord);
      break;
    }
    // Where this line ends (found natively), and whether it is plain: no quote, and no CR but
    // one just before the LF (a CR anywhere else is a line break of its own, left to csv-parse).
    let lf = bytes.indexOf(LF, offset);
    if (lf < 0) lf = n;
    const end = lf > offset && bytes[lf - 1] === CR ? lf - 1 : lf;
    const text = bytes.subarray(offset, end);
    records++;
    if (end - offset <= MAX_RECORD_BYTES && text.indexOf(CR) < 0) {
      const plain = text.indexOf(QUOTE) < 0;
      const cells = plain
        ? decoder.decode(text).split(delimiter)
        : splitQuotedLine(decoder.decode(text), delimiter);
      if (cells) {
        onRecord({ cells, line });
        line++;
        offset = lf + 1;
        continue;
      }
    }
    quoted++;
    if (records >= ADAPT_AFTER && quoted * QUOTED_SHARE > records) {
      fast = false;
      continue;
    }
    const read = parseFrom(bytes.subarray(offset), line, delimiter, onRecord, true);
    line = read.line;
    offset += read.consumed;
  }
  return { delimiter, sepLine };
}

/**
 * The cells of one line whose quoting is regular: each quoted cell closes on this line and is
 * followed by the delimiter or the end, with `""` for a quote inside; no quote in an unquoted cell.
 * Undefined for anything else (a quoted line break, a stray quote), which csv-parse then reads.
 */
export function splitQuotedLine(s: string, delimiter: string): string[] | undefined {
  const cells: string[] = [];
  const n = s.length;
  let i = 0;
  for (;;) {
    if (s.charCodeAt(i) === QUOTE) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = s.indexOf('"', from);
        if (q < 0) return undefined;
        if (s.charCodeAt(q + 1) === QUOTE) {
          value += s.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        value += s.slice(from, q);
        i = q + 1;
        break;
      }
      cells.push(value);
      if (i === n) return cells;
      if (s[i] !== delimiter) return undefined;
    } else {
      const next = s.indexOf(delimiter, i);
      const cell = s.slice(i, next < 0 ? n : next);
      if (cell.includes('"')) return undefined;
      cells.push(cell);
      if (next < 0) return cells;
      i = next;
    }
    // Past a delimiter: a line that ends here has one more, empty, cell.
    i++;
    if (i === n) {
      cells.push('');
      return cells;
    }
  }
}

/**
 * csv-parse on `chunk` from its start: every record to the end (`one` false), or just the first.
 * A record it cannot read is handed over as its first line split plainly, marked malformed, and
 * reading goes on after that line. Returns the line after the last record and the bytes consumed.
 */
function parseFrom(
  chunk: Uint8Array,
  startLine: number,
  delimiter: Delimiter,
  onRecord: (record: RawRecord) => void,
  one: boolean,
): { line: number; consumed: number } {
  let line = startLine;
  let consumed = 0;
  try {
    parse(chunk, {
      ...PARSE_OPTIONS,
      delimiter,
      ...(one ? { to: 1 } : {}),
      // The second argument is csv-parse's info for the record: `bytes` is its exact end offset.
      on_record: (record: string[], context: { bytes: number }) => {
        onRecord({ cells: record, line });
        line += countBreaks(chunk, consumed, context.bytes);
        consumed = context.bytes;
        return null;
      },
    });
    // A record that ends at the end of the input without a line break still moves past it.
    return { line, consumed: one ? Math.max(consumed, 1) : chunk.length };
  } catch (err) {
    const code = (err as { code?: string }).code;
    const malformed =
      code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'unclosed-quote'
        : code === 'CSV_MAX_RECORD_SIZE'
          ? 'too-large'
          : 'unreadable';
    const lineEnd = Math.max(endOfLine(chunk, consumed), consumed + 1);
    const cells = malformed === 'too-large' ? [''] : splitPlain(chunk, consumed, lineEnd, delimiter);
    onRecord({ cells, line, malformed });
    return { line: line + countBreaks(chunk, consumed, lineEnd), consumed: lineEnd };
  }
}

function parseRest(
  bytes: Uint8Array,
  startLine: number,
  delimiter: Delimiter,
  onRecord: (record: RawRecord) => void,
): void {
  let offset = 0;
  let line = startLine;
  while (offset < bytes.length) {
    const read = parseFrom(bytes.subarray(offset), line, delimiter, onRecord, false);
    line = read.line;
    offset += read.consumed;
  }
}
