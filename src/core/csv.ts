/**
 * Delimited text → records with their physical start line.
 *
 * csv-parse's `info.lines` counts a CRLF inside quotes twice and its `raw` drops half of a CRLF
 * (STACK.md), so we count line breaks ourselves in the byte range of each record, using the exact
 * `info.bytes` end offset. An unclosed quote would swallow the rest of the file: we report it on the
 * line where the record starts, read that one line as plain cells, and carry on after it.
 */
import { parse } from 'csv-parse/sync';
import type { ByteReader } from './types.js';

export type Delimiter = ',' | ';' | '\t';

export interface RawRecord {
  cells: string[];
  /** Physical line where the record starts (1-based, counting any `sep=` line). */
  line: number;
  /** Set when the parser could not read this record cleanly; the cells are a best effort. */
  malformed?: 'unclosed-quote' | 'too-large' | 'unreadable';
  /**
   * The record's whole text when it is one line without any quote (so the cells are exactly this
   * text split at the delimiter): lets a reader check or copy the line at once instead of cell by cell.
   */
  text?: string;
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

/** How much of a file's start the delimiter is chosen from (see detectDelimiter). */
export const DETECT_BYTES = 65_536;

const DELIMITER_NAMES: Record<Delimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };
export const delimiterName = (d: Delimiter): string => DELIMITER_NAMES[d];

/**
 * Chooses the delimiter from an Excel `sep=` line, else from the first lines, quoted text left out:
 * the candidate whose count is the same on the most lines wins (a header and its rows agree; title
 * rows above them and tabs inside quoted cells do not), then the larger count, then the comma.
 */
/** The delimiter, and where the records start (after a `sep=` line). */
export type Detected = DelimitedInfo & { bodyStart: number };

export function detectDelimiter(bytes: Uint8Array): Detected {
  const firstEnd = endOfLine(bytes, 0);
  const first = new TextDecoder('utf-8', { ignoreBOM: true }).decode(
    bytes.subarray(0, Math.min(firstEnd, 4096)),
  );
  const sep = /^sep=(.)\s*$/i.exec(first);
  if (sep && (sep[1] === ',' || sep[1] === ';' || sep[1] === '\t')) {
    return { delimiter: sep[1], sepLine: true, bodyStart: firstEnd };
  }
  const lines = new TextDecoder('utf-8', { ignoreBOM: true })
    .decode(bytes.subarray(0, Math.min(bytes.length, DETECT_BYTES)))
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

/** A file's bytes held in memory, or a reader that hands them over a slice at a time. */
export type ByteSource = Uint8Array | ByteReader;

/** A streamed file is read through a buffer this size, grown only to hold a longer record. */
export const WINDOW_BYTES = 256 << 10;

/**
 * The bytes of a source from some point on: all of them for bytes in memory, a window that slides
 * along the file for a reader. `view` is what is held; `eof` says whether it runs to the end.
 */
class Window {
  view: Uint8Array;
  eof: boolean;
  private buffer: Uint8Array;
  private held: number;
  constructor(
    source: ByteSource,
    size: number,
    private readonly reader = source instanceof Uint8Array ? undefined : source,
  ) {
    if (source instanceof Uint8Array) {
      this.buffer = this.view = source;
      this.held = source.length;
      this.eof = true;
    } else {
      this.buffer = new Uint8Array(Math.max(1, size));
      this.held = 0;
      this.eof = false;
      this.view = this.buffer.subarray(0, 0);
    }
  }

  /** Reads the first bytes (a reader's first read may fail: the caller closes it then). */
  start(): void {
    if (!this.eof) this.fill();
  }

  /**
   * Keeps the bytes from `from` on and reads more after them: moved to the front when that frees
   * at least half the buffer, else into a buffer twice the size. Returns how far they moved left.
   */
  more(from: number): number {
    if (this.eof) return 0;
    // Never past what is held (a `sep=` line longer than a tiny window): read up to `from` first.
    while (from > this.held && !this.eof) this.more(0);
    if (this.eof && from > this.held) return 0;
    const kept = this.held - from;
    if (from >= this.buffer.length / 2) {
      this.buffer.copyWithin(0, from, this.held);
    } else {
      const bigger = new Uint8Array(this.buffer.length * 2);
      bigger.set(this.buffer.subarray(from, this.held));
      this.buffer = bigger;
    }
    this.held = kept;
    this.fill();
    return from;
  }

  private fill(): void {
    const reader = this.reader!;
    while (this.held < this.buffer.length) {
      const n = reader.read(this.buffer.subarray(this.held));
      if (n <= 0) {
        this.eof = true;
        reader.close();
        break;
      }
      this.held += n;
    }
    this.view = this.buffer.subarray(0, this.held);
  }

  /** Stops reading early (an exception on the way out). */
  close(): void {
    if (!this.eof) this.reader?.close();
    this.eof = true;
  }
}

/**
 * Reads every record of `source` (UTF-8, no BOM) and hands it to `onRecord` in order.
 * Never throws for malformed CSV: such records arrive with `malformed` set.
 *
 * A line with no quote character in it is one record whose cells are exactly its text split at the
 * delimiter: what csv-parse gives for it, found without running its per-character state machine. A
 * line whose quoting is regular (splitQuotedLine) is read the same way. Every other record (quoted
 * line breaks, stray quotes, CR line ends, overlong lines) is read by csv-parse, one record at a
 * time from where it starts; a file where those are common is handed to csv-parse in large slices.
 * `fastLines: false` makes csv-parse read everything (the property tests check that both ways agree
 * on any input).
 *
 * A reader is read through a window of `window` bytes (WINDOW_BYTES): a record is only read once
 * it lies wholly inside, so the records, cells and lines are the same as from the bytes in memory.
 * `detected` is the delimiter already chosen from the file's first bytes (else it is chosen here).
 */
export function readDelimited(
  source: ByteSource,
  onRecord: (record: RawRecord) => void,
  options: { fastLines?: boolean; window?: number; detected?: Detected } = {},
): DelimitedInfo {
  const w = new Window(source, options.window ?? WINDOW_BYTES);
  try {
    w.start();
    let detected = options.detected;
    if (!detected) {
      while (!w.eof && w.view.length < DETECT_BYTES) w.more(0);
      detected = detectDelimiter(w.view);
    }
    return readWindow(w, detected, onRecord, options.fastLines !== false);
  } finally {
    w.close();
  }
}

function readWindow(
  w: Window,
  { delimiter, sepLine, bodyStart }: Detected,
  onRecord: (record: RawRecord) => void,
  fastLines: boolean,
): DelimitedInfo {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let offset = bodyStart;
  let line = sepLine ? 2 : 1;
  let records = 0;
  let quoted = 0;
  let fast = fastLines;
  for (;;) {
    if (offset >= w.view.length) {
      if (w.eof) break;
      offset -= w.more(offset);
      continue;
    }
    const bytes = w.view;
    const n = bytes.length;
    if (!fast) {
      const read = parseFrom(bytes.subarray(offset), line, delimiter, onRecord, false, w.eof);
      if (!read) offset -= w.more(offset);
      else {
        line = read.line;
        offset += read.consumed;
      }
      continue;
    }
    // Where this line ends (found natively), and whether it is plain: no quote, and no CR but
    // one just before the LF (a CR anywhere else is a line break of its own, left to csv-parse).
    let lf = bytes.indexOf(LF, offset);
    let lineInWindow = true;
    if (lf < 0) {
      if (!w.eof) {
        // No line end in the window. A CR in it (old Mac line ends) or more than a record's worth
        // means the line is not plain: csv-parse reads it from here, asking for more only as needed.
        if (bytes.indexOf(CR, offset) < 0 && n - offset <= MAX_RECORD_BYTES) {
          offset -= w.more(offset);
          continue;
        }
        lineInWindow = false;
      }
      lf = n;
    }
    const end = lf > offset && bytes[lf - 1] === CR ? lf - 1 : lf;
    const text = bytes.subarray(offset, end);
    if (lineInWindow && end - offset <= MAX_RECORD_BYTES && text.indexOf(CR) < 0) {
      const decoded = decoder.decode(text);
      const plain = text.indexOf(QUOTE) < 0;
      const cells = plain ? decoded.split(delimiter) : splitQuotedLine(decoded, delimiter);
      if (cells) {
        records++;
        onRecord(plain ? { cells, line, text: decoded } : { cells, line });
        line++;
        offset = lf + 1;
        continue;
      }
    }
    const read = parseFrom(bytes.subarray(offset), line, delimiter, onRecord, true, w.eof);
    if (!read) {
      offset -= w.more(offset);
      continue;
    }
    records++;
    quoted++;
    line = read.line;
    offset += read.consumed;
    if (records >= ADAPT_AFTER && quoted * QUOTED_SHARE > records) fast = false;
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

/** Thrown from csv-parse's record callback to stop it at a record that may run past the window. */
const NEED_MORE = Symbol('need more bytes');

/**
 * csv-parse on `chunk` from its start: every record to the end (`one` false), or just the first.
 * A record it cannot read is handed over as its first line split plainly, marked malformed, and
 * reading goes on after that line. Returns the line after the last record and the bytes consumed.
 *
 * When `chunk` is not the end of the input (`eof` false), a record is only taken if it ends before
 * the chunk does, and an error only if it is not one the end of the chunk can cause (an unclosed
 * quote, a first line not yet ended): undefined when not even one record could be taken.
 */
function parseFrom(
  chunk: Uint8Array,
  startLine: number,
  delimiter: Delimiter,
  onRecord: (record: RawRecord) => void,
  one: boolean,
  eof: boolean,
): { line: number; consumed: number } | undefined {
  let line = startLine;
  let consumed = 0;
  const progress = () => (consumed > 0 ? { line, consumed } : undefined);
  try {
    parse(chunk, {
      ...PARSE_OPTIONS,
      delimiter,
      ...(one ? { to: 1 } : {}),
      // The second argument is csv-parse's info for the record: `bytes` is its exact end offset.
      on_record: (record: string[], context: { bytes: number }) => {
        if (!eof && context.bytes >= chunk.length) throw NEED_MORE;
        onRecord({ cells: record, line });
        line += countBreaks(chunk, consumed, context.bytes);
        consumed = context.bytes;
        return null;
      },
    });
    // A record that ends at the end of the input without a line break still moves past it.
    if (!eof) return progress();
    return { line, consumed: one ? Math.max(consumed, 1) : chunk.length };
  } catch (err) {
    if (err === NEED_MORE) return progress();
    const code = (err as { code?: string }).code;
    const malformed =
      code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'unclosed-quote'
        : code === 'CSV_MAX_RECORD_SIZE'
          ? 'too-large'
          : 'unreadable';
    const lineEnd = Math.max(endOfLine(chunk, consumed), consumed + 1);
    if (!eof && (malformed === 'unclosed-quote' || lineEnd >= chunk.length)) return progress();
    const cells = malformed === 'too-large' ? [''] : splitPlain(chunk, consumed, lineEnd, delimiter);
    onRecord({ cells, line, malformed });
    return { line: line + countBreaks(chunk, consumed, lineEnd), consumed: lineEnd };
  }
}
