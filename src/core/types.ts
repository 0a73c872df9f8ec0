/** Shared data types of the pure core. Nothing here touches the file system, the clock or the console. */

export type Severity = 'error' | 'warning' | 'info';

export type Params = Readonly<Record<string, string | number>>;

/** Where a finding points. `line` is the physical line where the record starts (header = 1). */
export interface Location {
  file: string;
  line: number | null;
  column: string;
  value: string;
}

export interface Issue extends Location {
  severity: Severity;
  code: string;
  message: string;
  hint: string;
  params: Params;
}

export type InputRole = 'staff' | 'sites' | 'ods' | 'existing' | 'previous';

/** Reads a file from its start a slice at a time (see ByteReader in csv.ts). */
export interface ByteReader {
  /** Fills the front of `into`; returns how many bytes it put there, 0 at the end of the file. */
  read(into: Uint8Array): number;
  close(): void;
}

interface InputBase {
  /** Display name used in every finding: the file's base name, never an absolute path. */
  name: string;
  sha256?: string;
  /** Forces an encoding instead of detecting one (`--encoding`). */
  encoding?: string;
  /** Set when the input is a workbook already read into rows (see `prepareInput`). */
  sheet?: SheetRows;
}

/**
 * One input: its bytes in memory, or (the CLI's text files) a way to read it from the start as
 * often as needed, so a large file is read in slices and never held whole. The shells (CLI,
 * browser) read files; the core never does.
 */
export type InputFile =
  | (InputBase & { bytes: Uint8Array; open?: undefined })
  | (InputBase & {
      bytes?: undefined;
      open(): ByteReader;
      size: number;
      /** When the file was last saved (ms), if known: another reader (a worker thread) checks it reads the same file. */
      modified?: number;
    });

/** An input whose bytes are in memory. */
export type HeldInput = Extract<InputFile, { bytes: Uint8Array }>;

/** One sheet of a workbook as text cells; row i is the sheet's row i + 1. */
export interface SheetRows {
  sheet: string;
  /** Every sheet of the workbook, in order. */
  sheets: string[];
  rows: string[][];
}

export type RowStatus = 'ready' | 'deferred' | 'rejected' | 'submitted';

/** Raised when an input cannot be read at all; the CLI turns it into exit code 2. */
export class InputError extends Error {
  override readonly name = 'InputError';
}
