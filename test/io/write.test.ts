/**
 * The atomic-write guarantees of src/io/write.ts, on a real file system (BAD-INPUTS O01–O03):
 * Ctrl-C mid-write leaves neither temps nor a partial output set, a failed write cleans up and says why,
 * existing outputs and inputs are protected, and files holding personal data are private (0600).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/types.js';
import { writeAtomically } from '../../src/io/write.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'write-child.ts');
const ROOT = mkdtempSync(join(tmpdir(), 'nhsmail-write-test-'));
let counter = 0;

afterAll(() => {
  rmSync(ROOT, { recursive: true, force: true });
});

/** A fresh, empty folder under ROOT. */
function freshDir(): string {
  const dir = join(ROOT, `case-${++counter}`);
  mkdirSync(dir);
  return dir;
}

/** Every entry under `dir`, recursively, as paths relative to it ('/'-separated), sorted. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((p) => p.split('\\').join('/'))
    .sort();
}

const temps = (dir: string) => tree(dir).filter((p) => /(^|\/)\.[^/]+\.[0-9a-f]{8}\.tmp$/.test(p));
const mode = (path: string) => statSync(path).mode & 0o777;

/** Runs `fn`, expecting it to reject with an InputError; returns that error. */
async function inputError(fn: () => Promise<unknown>): Promise<InputError> {
  let caught: unknown;
  try {
    await fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(InputError);
  const err = caught as InputError;
  // A sentence for a person: starts with a capital, ends with a full stop, no stack or errno soup.
  expect(err.message).toMatch(/^[A-Z"].*\.$/s);
  expect(err.message).not.toMatch(/\bat .+:\d+:\d+|\bE(NOENT|ISDIR|NOTDIR|ACCES|PERM|EXIST|NOSPC|BUSY)\b/);
  return err;
}

/** Resolves with how the child ended; SIGKILLs it and rejects if it takes longer than `ms`. */
function exitOf(
  child: ChildProcess,
  ms: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve({ code: child.exitCode, signal: child.signalCode });
      return;
    }
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child did not exit within ${ms} ms`));
    }, ms);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

describe('writeAtomically: Ctrl-C during writing (O03)', () => {
  const FILES = 4;
  const SIZE_MB = 40;
  const outputs = Array.from({ length: FILES }, (_, i) => `out-${i}.csv`);

  // Signalled as soon as the first temp appears, and once the last file's temp appears (the earlier
  // files are then complete on disk: a writer that renamed each file as soon as it was written would
  // already have put them in place).
  const cases = [
    { signal: 'SIGINT', during: 0 },
    { signal: 'SIGINT', during: FILES - 1 },
    { signal: 'SIGTERM', during: FILES - 1 },
  ] as const;
  for (const { signal, during } of cases) {
    it(`${signal} while file ${during + 1} of ${FILES} is being written leaves no temp file and no output file`, async () => {
      const out = freshDir();
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD, out, String(FILES), String(SIZE_MB)], {
        cwd: join(dirname(CHILD), '..', '..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      let stdout = '';
      child.stdout!.on('data', (d) => {
        stdout += String(d);
      });
      child.stderr!.on('data', (d) => {
        stderr += String(d);
      });
      const exited = exitOf(child, 8_000);
      try {
        // Wait (at most 5 s) for the temp of file `during` to appear: the child is now mid-write.
        const target = new RegExp(`^\\.out-${during}\\.csv\\.[0-9a-f]{8}\\.tmp$`);
        const deadline = Date.now() + 5_000;
        let seen: string[] = [];
        while (!seen.some((t) => target.test(t)) && Date.now() < deadline && child.exitCode === null) {
          await sleep(2);
          seen = temps(out);
        }
        expect(
          seen.some((t) => target.test(t)),
          `no temp for file ${during}; stderr=${stderr}`,
        ).toBe(true);
        expect(child.exitCode, 'child finished before the signal could be sent').toBeNull();
        // Every file so far is still a temp, each already private (it holds personal data from byte one).
        expect(seen).toHaveLength(during + 1);
        for (const t of seen) expect(mode(join(out, t)), t).toBe(0o600);
        expect(
          outputs.filter((o) => existsSync(join(out, o))),
          'an output was in place before writing ended',
        ).toEqual([]);

        child.kill(signal);
        const { code, signal: endedBy } = await exited;

        // Ended by the re-raised signal (or at least not a success), never "done".
        expect(endedBy === signal || (code !== null && code !== 0), `code=${code} signal=${endedBy}`).toBe(
          true,
        );
        expect(stdout).not.toContain('done');
        expect(temps(out), 'temp files left behind').toEqual([]);
        expect(
          outputs.filter((o) => existsSync(join(out, o))),
          'half-written output set',
        ).toEqual([]);
        expect(tree(out)).toEqual([]);
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await exited.catch(() => undefined);
      }
    }, 15_000);
  }
});

describe('writeAtomically: success', () => {
  it('writes every file (creating sub-folders) with mode 0600 and leaves no temp file', async () => {
    const out = join(freshDir(), 'new', 'out');
    const files = [
      ['report.csv', 'a,b\n1,2\n'],
      ['summary.txt', 'Siân Zoë José\n'],
      ['batches/nas-bulk-upload-001.csv', 'x\n'],
    ] as const;
    await writeAtomically(out, files, { force: false, inputs: [] });
    expect(tree(out)).toEqual(['batches', 'batches/nas-bulk-upload-001.csv', 'report.csv', 'summary.txt']);
    for (const [rel, content] of files) {
      expect(readFileSync(join(out, rel), 'utf8')).toBe(content);
      expect(mode(join(out, rel)), rel).toBe(0o600);
    }
  });

  it('replaces a world-readable earlier output with a 0600 file under --force', async () => {
    const out = freshDir();
    writeFileSync(join(out, 'report.csv'), 'old\n');
    chmodSync(join(out, 'report.csv'), 0o644);
    await writeAtomically(out, [['report.csv', 'new\n']], { force: true, inputs: [] });
    expect(readFileSync(join(out, 'report.csv'), 'utf8')).toBe('new\n');
    expect(mode(join(out, 'report.csv'))).toBe(0o600);
    expect(tree(out)).toEqual(['report.csv']);
  });
});

describe('writeAtomically: existing outputs (O02 reruns)', () => {
  it('refuses to replace an existing output without --force, writing nothing at all', async () => {
    const out = freshDir();
    writeFileSync(join(out, 'b.csv'), 'old b\n');
    const err = await inputError(() =>
      writeAtomically(
        out,
        [
          ['a.csv', 'new a\n'],
          ['b.csv', 'new b\n'],
        ],
        { force: false, inputs: [] },
      ),
    );
    expect(err.message).toContain('b.csv');
    expect(err.message).toContain('--force');
    expect(tree(out)).toEqual(['b.csv']);
    expect(readFileSync(join(out, 'b.csv'), 'utf8')).toBe('old b\n');
  });

  it('replaces every existing output with --force', async () => {
    const out = freshDir();
    writeFileSync(join(out, 'a.csv'), 'old a\n');
    writeFileSync(join(out, 'b.csv'), 'old b\n');
    await writeAtomically(
      out,
      [
        ['a.csv', 'new a\n'],
        ['b.csv', 'new b\n'],
      ],
      { force: true, inputs: [] },
    );
    expect(tree(out)).toEqual(['a.csv', 'b.csv']);
    expect(readFileSync(join(out, 'a.csv'), 'utf8')).toBe('new a\n');
    expect(readFileSync(join(out, 'b.csv'), 'utf8')).toBe('new b\n');
  });

  it('with --force, removes stale batch files of an earlier, larger run but keeps the current ones', async () => {
    const out = freshDir();
    mkdirSync(join(out, 'batches'));
    for (const n of ['001', '002', '003'])
      writeFileSync(join(out, 'batches', `nas-bulk-upload-${n}.csv`), 'old\n');
    writeFileSync(join(out, 'batches', 'notes.txt'), 'mine\n');
    await writeAtomically(out, [['batches/nas-bulk-upload-001.csv', 'new\n']], {
      force: true,
      inputs: [],
      staleDir: 'batches',
      staleMatch: /^nas-bulk-upload-\d{3}\.csv$/,
    });
    expect(tree(out)).toEqual(['batches', 'batches/nas-bulk-upload-001.csv', 'batches/notes.txt']);
    expect(readFileSync(join(out, 'batches', 'nas-bulk-upload-001.csv'), 'utf8')).toBe('new\n');
  });
});

describe('writeAtomically: input files are never written over (O01)', () => {
  const INPUT_BYTES = Buffer.from('site_ods_code,first_name\r\nAB1,Siân\r\n\xff\x00', 'latin1');

  function withInput(): { dir: string; input: string } {
    const dir = freshDir();
    const input = join(dir, 'staff.csv');
    writeFileSync(input, INPUT_BYTES);
    return { dir, input };
  }

  it('refuses an output path equal to an input, even with --force, and leaves the input byte-identical', async () => {
    const { dir, input } = withInput();
    const err = await inputError(() =>
      writeAtomically(
        dir,
        [
          ['report.csv', 'r\n'],
          ['staff.csv', 'clobbered\n'],
        ],
        { force: true, inputs: [input] },
      ),
    );
    expect(err.message).toContain('staff.csv');
    expect(err.message).toMatch(/input file/);
    expect(readFileSync(input).equals(INPUT_BYTES)).toBe(true);
    expect(tree(dir)).toEqual(['staff.csv']);
  });

  it('sees through other spellings of the same path: relative, "..", and a symlinked output folder', async () => {
    const { dir, input } = withInput();
    const link = join(ROOT, `link-${++counter}`);
    symlinkSync(dir, link);
    const spellings: [string, string][] = [
      [dir, relative(process.cwd(), input)],
      [`${dir}/sub/..`, `${dir}/./staff.csv`],
      [link, input],
      [dir, join(link, 'staff.csv')],
    ];
    for (const [outDir, inputPath] of spellings) {
      await inputError(() =>
        writeAtomically(outDir, [['staff.csv', 'clobbered\n']], { force: true, inputs: [inputPath] }),
      );
      expect(readFileSync(input).equals(INPUT_BYTES), `${outDir} / ${inputPath}`).toBe(true);
    }
    expect(tree(dir)).toEqual(['staff.csv']);
  });

  it('refuses an output folder that is itself an input file', async () => {
    const { input } = withInput();
    const err = await inputError(() =>
      writeAtomically(input, [['report.csv', 'r\n']], { force: true, inputs: [input] }),
    );
    expect(err.message).toMatch(/output folder/);
    expect(readFileSync(input).equals(INPUT_BYTES)).toBe(true);
  });
});

describe('writeAtomically: a write that fails midway', () => {
  // Running as root, permissions do not stop a write; a folder sitting where a file must go makes
  // that file's rename fail (EISDIR), standing in for an output held open by Excel on Windows.

  it('cleans up its temps and says why, in a sentence, when the first rename fails', async () => {
    const out = freshDir();
    mkdirSync(join(out, 'a.csv'));
    const err = await inputError(() =>
      writeAtomically(
        out,
        [
          ['a.csv', 'new a\n'],
          ['b.csv', 'new b\n'],
          ['c.csv', 'new c\n'],
        ],
        { force: true, inputs: [] },
      ),
    );
    expect(err.message).toContain('a.csv');
    expect(temps(out)).toEqual([]);
    expect(tree(out)).toEqual(['a.csv']);
  });

  it('cleans up its temps when the output folder cannot be created', async () => {
    const parent = freshDir();
    writeFileSync(join(parent, 'blocker'), 'a file, not a folder\n');
    const err = await inputError(() =>
      writeAtomically(join(parent, 'blocker', 'out'), [['a.csv', 'x\n']], { force: false, inputs: [] }),
    );
    expect(err.message).toMatch(/output folder/);
    expect(tree(parent)).toEqual(['blocker']);
  });

  it('leaves the earlier output set whole when a later rename fails (no mix of old and new files)', async () => {
    // An earlier run's outputs; c.csv cannot be replaced (here: a folder; in life: open in Excel).
    const out = freshDir();
    writeFileSync(join(out, 'a.csv'), 'old a\n');
    writeFileSync(join(out, 'b.csv'), 'old b\n');
    mkdirSync(join(out, 'c.csv'));
    const err = await inputError(() =>
      writeAtomically(
        out,
        [
          ['a.csv', 'new a\n'],
          ['b.csv', 'new b\n'],
          ['c.csv', 'new c\n'],
        ],
        { force: true, inputs: [] },
      ),
    );
    expect(err.message).toContain('c.csv');
    expect(temps(out), 'temp files left behind').toEqual([]);
    expect(tree(out)).toEqual(['a.csv', 'b.csv', 'c.csv']);
    // The run failed, so the folder must still hold the earlier run's set, not half of the new one.
    expect(
      [readFileSync(join(out, 'a.csv'), 'utf8'), readFileSync(join(out, 'b.csv'), 'utf8')],
      'half-written output set: files renamed before the failure were not rolled back',
    ).toEqual(['old a\n', 'old b\n']);
  });
});
