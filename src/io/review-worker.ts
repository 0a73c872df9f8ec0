/**
 * The worker thread that writes review.csv (io/threads.ts): reads the staff file once more and
 * writes each row's line from the plan's RowNotes into the temp file it is given.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { streamedFile } from './read.js';
import { type ReviewMessage, type ReviewWorkerData, workerError, writeReview } from './threads.js';

const { file, encoding, notes, staffHeader, temp } = workerData as ReviewWorkerData;
const post = (message: ReviewMessage) => parentPort!.postMessage(message);
post('started');
try {
  writeReview(streamedFile(file.path, file), encoding, notes, staffHeader, temp);
  post({ done: true });
} catch (err) {
  post(workerError(err));
}
