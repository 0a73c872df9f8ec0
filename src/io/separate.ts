/**
 * Runs the separable cross-row rules (the duplicate checks, core/separate.ts) in a worker thread,
 * reading the staff file a second time, while the planner reads it with every other rule on the
 * main thread. On a national file those rules' tables of a million keys are a sixth of the run;
 * on two cores they now cost the planner only the wait for the last findings, if any.
 *
 * The planner is synchronous, so it takes the findings with a blocking wait (Atomics.wait on a
 * shared flag the worker raises after posting them, then receiveMessageOnPort). The worker says it
 * is running before the planner starts, so that wait can only end in its findings or its error.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { type SeparateOptions, type SeparateResult, separableRules } from '../core/separate.js';
import { InputError, type InputFile } from '../core/types.js';

/** `auto` (the default) uses a second thread for a staff file of PARALLEL_MIN_BYTES or more. */
export type ParallelMode = 'auto' | 'on' | 'off';

/**
 * Below about 150,000 rows the duplicate checks take a fraction of a second, less than a thread's
 * start and its 20-odd MB of memory are worth.
 */
export const PARALLEL_MIN_BYTES = 12 << 20;

/** NHSMAIL_BULK_PARALLEL: `on` (always, failing if the thread cannot start), `off`, or `auto`. */
export function parallelMode(value: string | undefined): ParallelMode {
  return value === 'on' || value === 'off' ? value : 'auto';
}

export interface SeparateRun {
  /** Blocks until the worker has posted its findings, and returns them (or throws its error). */
  collect(): SeparateResult;
  /** Ends the worker, whether or not its findings were collected. */
  stop(): void;
}

/** What the worker posts once, on its own port. */
export type SeparateMessage = { result: SeparateResult } | { error: string; input: boolean };

export interface SeparateWorkerData {
  path: string;
  options: SeparateOptions;
  /** Int32Array over a SharedArrayBuffer: word 0 becomes 1 once the message is posted. */
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
): Promise<SeparateRun | undefined> {
  if (mode === 'off' || staff.open === undefined || separableRules(options.only, options.skip).length === 0) {
    return undefined;
  }
  if (mode === 'auto' && (staff.size < PARALLEL_MIN_BYTES || availableParallelism() < 2)) return undefined;

  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const data: SeparateWorkerData = { path: resolve(path), options, flag, port: port2 };
  let worker: Worker;
  try {
    worker = new Worker(new URL('./separate-worker.js', import.meta.url), {
      workerData: data,
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
      Atomics.wait(flag, 0, 0);
      let message = receiveMessageOnPort(port1);
      // The flag is raised after the post; should the message still be on its way, wait for it.
      for (let tries = 0; message === undefined && tries < 1000; tries++) {
        Atomics.wait(flag, 0, 1, 1);
        message = receiveMessageOnPort(port1);
      }
      if (message === undefined) throw new Error('The duplicate checks finished without their findings.');
      const posted = message.message as SeparateMessage;
      if ('error' in posted) throw posted.input ? new InputError(posted.error) : new Error(posted.error);
      return posted.result;
    },
  };
}
