/**
 * Where records come from: a delimited text file (decoded, delimiter detected) or a workbook sheet
 * already read into rows. Both give records with the physical line (or sheet row) they start on.
 */
import { type Delimiter, delimiterName, detectDelimiter, type RawRecord, readDelimited } from './csv.js';
import { type DecodedSource, decodeHeld, decodeStreamed, type EncodingName } from './decode.js';
import { InputError, type InputFile } from './types.js';

export interface SourceInfo {
  format: 'csv' | 'xlsx';
  /** '' for workbooks. */
  encoding: EncodingName | '';
  fallback: boolean;
  delimiter: Delimiter | '';
  sepLine: boolean;
  /**
   * About how many lines the file has, from the length of the lines at its start (0 when unknown):
   * lets the cross-row tables take their size once instead of growing step by step.
   */
  estimatedLines: number;
  /** For workbooks: the sheet read and every sheet of the workbook. */
  sheet?: string;
  sheets?: string[];
}

/** More rows than any real request has; a file past it is refused with its own sentence. */
export const MAX_ROWS = 1_500_000;

export function openSource(
  input: InputFile,
  forcedEncoding?: EncodingName,
): { info: SourceInfo; read(onRecord: (record: RawRecord) => void): void } {
  const tooMany = () =>
    new InputError(
      `${input.name} has more than ${MAX_ROWS.toLocaleString('en-GB')} rows, more than one request can hold: split it into smaller files (for example by region) and run each.`,
    );
  const sheet = input.sheet;
  if (sheet) {
    return {
      info: {
        format: 'xlsx',
        encoding: '',
        fallback: false,
        delimiter: '',
        sepLine: false,
        estimatedLines: sheet.rows.length,
        sheet: sheet.sheet,
        sheets: sheet.sheets,
      },
      read(onRecord) {
        if (sheet.rows.length > MAX_ROWS + 1) throw tooMany();
        sheet.rows.forEach((cells, i) => {
          onRecord({ cells, line: i + 1 });
        });
      },
    };
  }
  const decoded = decodedOf(input, forcedEncoding);
  const detected = detectDelimiter(decoded.head);
  return {
    info: {
      format: 'csv',
      encoding: decoded.encoding,
      fallback: decoded.fallback,
      delimiter: detected.delimiter,
      sepLine: detected.sepLine,
      estimatedLines: estimateLines(decoded.head, input.open ? input.size : input.bytes.length),
    },
    read(onRecord) {
      let count = 0;
      readDelimited(
        decoded.open(),
        (record) => {
          if (++count > MAX_ROWS + 1) throw tooMany();
          onRecord(record);
        },
        { detected },
      );
    },
  };
}

/**
 * Whether a text file is read from disk as it is (UTF-8) rather than converted into memory: only such
 * a file is worth reading a second time in another thread. Decodes it now (once: the planner reuses it).
 */
export function readInPlace(input: InputFile, forcedEncoding?: EncodingName): boolean {
  if (input.sheet || !input.open) return false;
  return !decodedOf(input, forcedEncoding).converted;
}

/**
 * Each input is decoded (and, read from disk, checked to be UTF-8) once, however often it is read:
 * the planner reads the staff file twice.
 */
const decodedInputs = new WeakMap<InputFile, { forced: EncodingName | undefined; decoded: DecodedSource }>();

function decodedOf(input: InputFile, forced: EncodingName | undefined): DecodedSource {
  const known = decodedInputs.get(input);
  if (known && known.forced === forced) return known.decoded;
  const decoded = input.open
    ? decodeStreamed(input.name, input.open, forced)
    : decodeHeld(input.name, input.bytes, forced);
  decodedInputs.set(input, { forced, decoded });
  return decoded;
}

/** Lines in a file of `size` bytes whose first bytes are `head`: line breaks in the head, scaled. */
function estimateLines(head: Uint8Array, size: number): number {
  const sample = head.subarray(0, Math.min(head.length, 65_536));
  let breaks = 0;
  for (let at = sample.indexOf(0x0a); at >= 0; at = sample.indexOf(0x0a, at + 1)) breaks++;
  if (sample.length === 0) return 0;
  return Math.ceil(((breaks + 1) * size) / sample.length);
}

export const describeDelimiter = (d: Delimiter | ''): string => (d === '' ? '' : delimiterName(d));
