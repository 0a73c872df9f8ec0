/**
 * Work the CLI hands to worker threads on a large staff file, each reading the file once more:
 *
 * - the separable cross-row rules (the duplicate checks, core/separate.ts), while the planner reads
 *   the file with every other rule. The planner is synchronous, so it takes their findings with a
 *   blocking wait (Atomics.wait on a shared flag the worker raises after posting them, then
 *   receiveMessageOnPort). The worker says it is running before the planner starts and beats a
 *   shared counter as it reads: the wait ends in its findings, its error, or (silent for 30 s, as a
 *   worker out of memory is) the planner running the rules itself.
 * - review.csv, from the plan's RowNotes (core/rows.ts), while this thread writes the upload file
 *   and the rest.
 *
 * On a national file the duplicate checks' tables of a million keys were a sixth of the run and
 * review.csv a tenth; on two cores they now cost the main thread next to nothing.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { EncodingName } from '../core/decode.js';
import type { PlanResult } from '../core/plan.js';
import { forEachRowResult, type RowNotes } from '../core/rows.js';
import { type SeparateOptions, type SeparateResult, separableRules } from '../core/separate.js';
import { readInPlace } from '../core/source.js';
import { InputError, type InputFile } from '../core/types.js';
import { type OwnFiles, reviewFile } from '../report/tables.js';
import { writeGroup } from './write.js';

/** `auto` (the default) uses a second thread for a staff file of PARALLEL_MIN_BYTES or more. */
export type ParallelMode = 'auto' | 'on' | 'off';

/**
 * Below about 140,000 rows (12 MB) the work handed over takes a fraction of a second, less than a
 * thread's start and its few tens of MB of memory are worth.
 */
export const PARALLEL_MIN_BYTES = 12 << 20;

/**
 * A worker's young generation, in MB: its garbage is a row's strings, dead at the next row, so a
 * small nursery costs little time and keeps the two threads' memory within the planner's budget.
 */
const WORKER_YOUNG_MB = 4;

/**
 * NHSMAIL_BULK_PARALLEL: `on` (whenever the file is read in place, failing if a thread cannot
 * start), `off`, or `auto` (anything else).
 */
export function parallelMode(value: string | undefined): ParallelMode {
  const v = value?.trim().toLowerCase();
  return v === 'on' || v === 'off' ? v : 'auto';
}

/**
 * The staff file a thread would read, if `mode` and the file call for one: not a file held in
 * memory (a workbook, a pipe), nor one whose identity is unknown (it could not be checked).
 */
function threadFile(
  path: string,
  staff: InputFile,
  encoding: EncodingName | undefined,
  mode: ParallelMode,
  minBytes: number,
): FileIdentity | undefined {
  if (mode === 'off' || staff.open === undefined || staff.modified === undefined) return undefined;
  if (mode === 'auto' && (staff.size < minBytes || availableParallelism() < 2)) return undefined;
  // A file converted from another encoding is held in memory whole: a second thread would hold a
  // second copy. (A file that cannot be read at all is left for the planner to say so, in its order.)
  try {
    if (!readInPlace(staff, encoding)) return undefined;
  } catch {
    return undefined;
  }
  return { path: resolve(path), size: staff.size, modified: staff.modified };
}

/** How long a worker reading the staff file may say nothing before it is taken for dead. */
const QUIET_SECONDS = 30;

export interface SeparateRun {
  /**
   * Blocks until the worker has posted its findings, and returns them (or throws its error), or
   * undefined if the worker died without a word.
   */
  collect(): SeparateResult | undefined;
  /** Ends the worker, whether or not its findings were collected. */
  stop(): void;
}

/** What the worker posts once, on its own port. */
export type SeparateMessage = { result: SeparateResult } | WorkerError;

/** The staff file as the main thread first saw it: a worker refuses any other. */
interface FileIdentity {
  path: string;
  size: number;
  modified: number;
}

export interface SeparateWorkerData {
  file: FileIdentity;
  options: SeparateOptions;
  /**
   * Int32Array over a SharedArrayBuffer: word 0 becomes 1 once the message is posted; word 1 counts
   * up as the worker reads (a heartbeat: a worker that died, say out of memory, cannot say so).
   */
  flag: Int32Array;
  port: MessagePort;
}

/**
 * Starts the worker for a staff file, or says (undefined) that the planner should run the rules
 * itself: a file held in memory (a workbook, a pipe), a small file, one core, no separable rule
 * selected, or (in `auto`) a worker that could not start.
 */
export async function startSeparate(
  path: string,
  staff: InputFile,
  options: SeparateOptions,
  mode: ParallelMode,
  quietSeconds = QUIET_SECONDS,
): Promise<SeparateRun | undefined> {
  const file = threadFile(path, staff, options.encoding, mode, PARALLEL_MIN_BYTES);
  if (!file || separableRules(options.only, options.skip).length === 0) return undefined;

  const flag = new Int32Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  const data: SeparateWorkerData = { file, options, flag, port: port2 };
  let worker: Worker;
  try {
    worker = new Worker(new URL('./separate-worker.js', import.meta.url), {
      workerData: data,
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
      transferList: [port2],
    });
  } catch (err) {
    port1.close();
    if (mode === 'on') throw err;
    return undefined;
  }
  const started = await new Promise<boolean>((done) => {
    worker.once('message', () => done(true));
    worker.once('error', () => done(false));
    worker.once('exit', () => done(false));
  });
  const stop = () => {
    port1.close();
    void worker.terminate();
  };
  if (!started) {
    stop();
    if (mode === 'on') throw new Error('The worker thread for the duplicate checks did not start.');
    return undefined;
  }
  worker.unref();
  return {
    stop,
    collect() {
      // Waits a second at a time while the worker reads on. One that has said nothing for a while
      // has died (its exit could only be heard by this thread's event loop, which is blocked here):
      // the planner then runs the rules itself.
      let beat = Atomics.load(flag, 1);
      let quiet = 0;
      while (Atomics.wait(flag, 0, 0, 1000) === 'timed-out') {
        const now = Atomics.load(flag, 1);
        if (now !== beat) {
          beat = now;
          quiet = 0;
        } else if (++quiet >= quietSeconds) {
          stop();
          return undefined;
        }
      }
      let message = receiveMessageOnPort(port1);
      // The flag is raised after the post; should the message still be on its way, wait for it.
      for (let tries = 0; message === undefined && tries < 1000; tries++) {
        Atomics.wait(flag, 0, 1, 1);
        message = receiveMessageOnPort(port1);
      }
      if (message === undefined) throw new Error('The duplicate checks finished without their findings.');
      const posted = message.message as SeparateMessage;
      if ('error' in posted) throw errorFrom(posted);
      return posted.result;
    },
  };
}

export interface ReviewWorkerData {
  file: FileIdentity;
  encoding: EncodingName | undefined;
  notes: RowNotes;
  staffHeader: string[];
  temp: string;
}

/**
 * Why a worker stopped, as data: its message, whether it is a sentence for the user, and a file
 * system's error code if it had one.
 */
export interface WorkerError {
  error: string;
  input: boolean;
  code?: string;
}

export function workerError(err: unknown): WorkerError {
  const code = (err as { code?: unknown }).code;
  return {
    error: err instanceof Error ? err.message : String(err),
    input: err instanceof InputError,
    ...(typeof code === 'string' ? { code } : {}),
  };
}

/** The error again on this side: a sentence stays a sentence, a file system's error keeps its code. */
function errorFrom(m: WorkerError): Error {
  if (m.input) return new InputError(m.error);
  return Object.assign(new Error(m.error), m.code !== undefined ? { code: m.code } : {});
}

/** What the review worker posts: that it is running, then that it is done or why not. */
export type ReviewMessage = 'started' | { done: true } | WorkerError;

/** Writes review.csv to `temp` from the plan's notes and a reading of the staff file. */
export function writeReview(
  staff: InputFile,
  encoding: EncodingName | undefined,
  notes: RowNotes,
  staffHeader: readonly string[],
  temp: string,
): void {
  writeGroup(
    reviewFile(staffHeader, (visit) => forEachRowResult(notes, staff, encoding, visit)),
    () => temp,
  );
}

/**
 * review.csv written by a worker thread, or undefined when this thread should write it. Should the
 * worker not start (in `auto`), this thread writes it after all.
 */
export function reviewElsewhere(
  path: string,
  staff: InputFile,
  result: PlanResult,
  encoding: EncodingName | undefined,
  mode: ParallelMode,
  minBytes = PARALLEL_MIN_BYTES,
): OwnFiles | undefined {
  const file = threadFile(path, staff, encoding, mode, minBytes);
  if (!file) return undefined;
  const here = (tempOf: (path: string) => string) =>
    writeReview(staff, encoding, result.rowNotes, result.staffHeader, tempOf('review.csv'));
  return {
    paths: ['review.csv'],
    writeTo: (tempOf) =>
      new Promise<void>((resolveWrite, rejectWrite) => {
        // Settled once, by the worker's last word, its error or its end, whichever comes first.
        let settled = false;
        const done = () => {
          if (!settled) resolveWrite();
          settled = true;
        };
        const fail = (err: unknown) => {
          if (!settled) rejectWrite(err);
          settled = true;
        };
        const data: ReviewWorkerData = {
          file,
          encoding,
          notes: result.rowNotes,
          staffHeader: result.staffHeader,
          temp: tempOf('review.csv'),
        };
        let started = false;
        // A worker that never ran wrote nothing: in `auto` this thread writes review.csv instead.
        const failedToStart = (err: unknown) => {
          if (mode === 'on') return fail(err);
          try {
            here(tempOf);
            done();
          } catch (e) {
            fail(e);
          }
        };
        let worker: Worker;
        try {
          worker = new Worker(new URL('./review-worker.js', import.meta.url), {
            workerData: data,
            resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
          });
        } catch (err) {
          failedToStart(err);
          return;
        }
        worker.on('message', (m: ReviewMessage) => {
          if (m === 'started') started = true;
          else if ('done' in m) done();
          else fail(errorFrom(m));
        });
        worker.once('error', (err) => (started ? fail(err) : failedToStart(err)));
        worker.once('exit', (code) =>
          fail(new Error(`The thread writing review.csv stopped before it finished (exit code ${code}).`)),
        );
      }),
  };
}
