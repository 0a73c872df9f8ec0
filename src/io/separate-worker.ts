/**
 * The worker thread of io/separate.ts: reads the staff file once more and runs the separable
 * cross-row rules on it, then posts their findings (or the error that stopped it) and raises the flag.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runSeparable } from '../core/separate.js';
import { streamedFile } from './read.js';
import { type SeparateMessage, type SeparateWorkerData, workerError } from './threads.js';

const { file, options, flag, port } = workerData as SeparateWorkerData;
// Running: from here the main thread's wait can only end in the message below.
parentPort!.postMessage('started');
let message: SeparateMessage;
try {
  message = { result: runSeparable(streamedFile(file.path, file), options, () => Atomics.add(flag, 1, 1)) };
} catch (err) {
  message = workerError(err);
}
try {
  port.postMessage(message);
} finally {
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}
