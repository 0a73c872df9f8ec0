/**
 * Writes a set of output files atomically: every file goes to a temp file in the same folder
 * (created exclusively, mode 0600 because it holds personal data) and is fsynced; only when all are
 * written are they renamed into place. On failure or Ctrl-C the temps are removed.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fsyncSync, openSync, writeSync } from 'node:fs';
import { mkdir, open, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../core/types.js';
import type { RowFiles as FileGroup, OutputFile, OwnFiles } from '../report/tables.js';

const FLUSH_BYTES = 256 << 10;
/** Buffer of each further file of a group (batch files). */
const SMALL_BUFFER_BYTES = 32 << 10;

export interface WriteOptions {
  force: boolean;
  /** Paths of the input files: never written over, whatever the flags. */
  inputs: readonly string[];
  /** Folder (relative to the output folder) whose older files matching `staleMatch` are removed on --force. */
  staleDir?: string;
  staleMatch?: RegExp;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function canonical(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return resolve(path);
  }
}

export async function writeAtomically(
  outDir: string,
  files: readonly OutputFile[],
  options: WriteOptions,
): Promise<void> {
  const inputs = new Set(await Promise.all(options.inputs.map(canonical)));
  interface Target {
    path: string;
    rel: string;
    content: string | undefined;
    group: FileGroup | OwnFiles | undefined;
  }
  const targets = files.flatMap((f): Target[] =>
    'paths' in f
      ? f.paths.map((rel) => ({ path: resolve(outDir, rel), rel, content: undefined, group: f }))
      : [{ path: resolve(outDir, f[0]), rel: f[0], content: f[1], group: undefined }],
  );
  if (inputs.has(await canonical(outDir))) {
    throw new InputError(
      `The output folder "${outDir}" is one of the input files: choose another --out folder.`,
    );
  }
  for (const t of targets) {
    if (inputs.has(await canonical(t.path))) {
      throw new InputError(
        `Writing ${t.rel} in "${outDir}" would overwrite an input file: choose another --out folder.`,
      );
    }
  }
  for (const t of targets) {
    if ((await stat(t.path).catch(() => undefined))?.isDirectory()) {
      throw new InputError(
        `"${join(outDir, t.rel)}" is a folder, so the ${t.rel} file cannot be written there: move the folder away or choose another --out folder.`,
      );
    }
  }
  if (!options.force) {
    for (const t of targets) {
      if (await exists(t.path)) {
        throw new InputError(
          `"${join(outDir, t.rel)}" already exists: add --force to replace the earlier results, or choose another --out folder.`,
        );
      }
    }
  }
  try {
    for (const dir of new Set(targets.map((t) => dirname(t.path)))) await mkdir(dir, { recursive: true });
  } catch {
    throw new InputError(
      `Cannot create the output folder "${outDir}": check the path and that you may write there.`,
    );
  }

  const temps: string[] = [];
  const cleanup = async () => {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
  };
  const onSignal = (signal: NodeJS.Signals) => {
    void cleanup().finally(() => {
      process.kill(process.pid, signal);
    });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const tag = randomBytes(4).toString('hex');
    const tempOf = (path: string) => join(dirname(path), `.${basename(path)}.${tag}.tmp`);
    for (const t of targets) temps.push(tempOf(t.path));
    const tempAt = (rel: string) => tempOf(resolve(outDir, rel));
    const groups = new Set(targets.flatMap((t) => (t.group ? [t.group] : [])));
    // Groups that write their own files (review.csv in another thread) start first, end last; and
    // whatever happens here, they have ended before any temp is renamed or removed.
    const elsewhere = Promise.allSettled(
      [...groups].flatMap((g) => ('writeTo' in g ? [g.writeTo(tempAt)] : [])),
    );
    const failed: unknown[] = [];
    try {
      for (const t of targets) {
        if (t.content === undefined) continue;
        const handle = await open(
          tempOf(t.path),
          constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL,
          0o600,
        );
        try {
          await handle.writeFile(t.content, 'utf8');
          await handle.sync();
        } finally {
          await handle.close();
        }
      }
      for (const group of groups) if ('write' in group) writeGroup(group, tempAt);
    } catch (err) {
      failed.push(err);
    }
    for (const outcome of await elsewhere) if (outcome.status === 'rejected') failed.push(outcome.reason);
    if (failed.length > 0) throw failed[0];
    await commit(targets, temps, tag, outDir);
    temps.length = 0;
    if (options.force && options.staleDir && options.staleMatch) {
      await removeStale(
        resolve(outDir, options.staleDir),
        options.staleMatch,
        new Set(targets.map((t) => t.path)),
      );
    }
  } catch (err) {
    await cleanup();
    // Only the file system's own failures (ENOSPC, EACCES…) become a sentence about the folder; a bug
    // stays a bug, for the exit mapper to report as one.
    if (err instanceof InputError || typeof (err as { code?: unknown }).code !== 'string') throw err;
    throw new InputError(
      `Cannot write the results to "${outDir}" (${(err as Error).message}): check there is space and that you may write there.`,
    );
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

/** Streams a file group to its temp files, a quarter of a megabyte at a time. */
export function writeGroup(group: FileGroup, tempOf: (rel: string) => string): void {
  const encoder = new TextEncoder();
  // Each file has one buffer, reused: text is encoded into it as it comes, so the many small
  // strings of a large plan die young instead of piling up in the heap until a buffer is full.
  // The first two files of a group (the upload file and review.csv, or the first batch when
  // review.csv is written by another thread) get 256 KB; the rest (batches, which can be
  // thousands) a small buffer each. A buffer is made only when its file gets its first line.
  interface Target {
    fd: number;
    size: number;
    buffer: Uint8Array | undefined;
    used: number;
  }
  const files = new Map<string, Target>();
  const writeAll = (fd: number, bytes: Uint8Array) => {
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
  };
  const flush = (f: Target) => {
    if (f.buffer && f.used > 0) writeAll(f.fd, f.buffer.subarray(0, f.used));
    f.used = 0;
  };
  try {
    group.paths.forEach((rel, i) => {
      const fd = openSync(tempOf(rel), constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      files.set(rel, { fd, size: i < 2 ? FLUSH_BYTES : SMALL_BUFFER_BYTES, buffer: undefined, used: 0 });
    });
    group.write((rel, chunk) => {
      const f = files.get(rel)!;
      // UTF-8 takes at most 3 bytes for each UTF-16 unit.
      if (f.used + chunk.length * 3 > f.size) flush(f);
      if (chunk.length * 3 > f.size) {
        writeAll(f.fd, encoder.encode(chunk));
        return;
      }
      f.buffer ??= new Uint8Array(f.size);
      f.used += encoder.encodeInto(chunk, f.buffer.subarray(f.used)).written;
    });
    for (const f of files.values()) {
      flush(f);
      fsyncSync(f.fd);
    }
  } finally {
    for (const f of files.values()) closeSync(f.fd);
  }
}

/**
 * Puts every temp file in place as one set: earlier outputs are first moved aside, and if any step
 * fails (a file open in Excel, say) the new files are removed and the earlier ones restored, so the
 * folder never holds half of one run and half of another.
 */
async function commit(
  targets: readonly { path: string; rel: string }[],
  temps: readonly string[],
  tag: string,
  outDir: string,
): Promise<void> {
  const asideOf = (path: string) => join(dirname(path), `.${basename(path)}.${tag}.old`);
  const aside: string[] = [];
  const placed: string[] = [];
  let failed: { rel: string } | undefined;
  try {
    for (const t of targets) {
      failed = t;
      if (await exists(t.path)) {
        await rename(t.path, asideOf(t.path));
        aside.push(t.path);
      }
    }
    for (let i = 0; i < targets.length; i++) {
      failed = targets[i]!;
      await rename(temps[i]!, targets[i]!.path);
      placed.push(targets[i]!.path);
    }
  } catch {
    await Promise.all(placed.map((p) => rm(p, { force: true, recursive: false }).catch(() => undefined)));
    for (const path of aside) await rename(asideOf(path), path).catch(() => undefined);
    throw new InputError(
      `Cannot replace "${join(outDir, failed?.rel ?? '')}": close it if it is open in Excel or another program, then run again. The earlier results were left as they were.`,
    );
  }
  await Promise.all(aside.map((path) => rm(asideOf(path), { force: true })));
}

/** With --force, batch files of an earlier, larger run would be left behind looking current: remove them. */
async function removeStale(dir: string, match: RegExp, keep: ReadonlySet<string>): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    if (match.test(name) && !keep.has(path)) await rm(path, { force: true });
  }
}
