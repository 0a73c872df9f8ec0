/**
 * The duplicate checks in a worker thread (io/separate.ts). The worker is the built one (dist/, built
 * by the global setup), as the CLI runs it; its findings must be those of the same rules in-process.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { plan } from '../../src/core/plan.js';
import { runSeparable } from '../../src/core/separate.js';
import { InputError } from '../../src/core/types.js';
import { readInput } from '../../src/io/read.js';
import { PARALLEL_MIN_BYTES, parallelMode, reviewElsewhere, startSeparate } from '../../src/io/threads.js';
import { planFilesText } from '../../src/report/tables.js';
import { AS_OF, file, person, staffCsv } from '../helpers.js';

/** The built module, whose worker file exists next to it. */
const built = (await import(
  '../../dist/io/threads.js' as string
)) as typeof import('../../src/io/threads.js');

const dir = mkdtempSync(join(tmpdir(), 'nb-separate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MESSY = 'fixtures/scenarios/messy/staff.csv';

describe('parallelMode', () => {
  it('reads NHSMAIL_BULK_PARALLEL: on, off, and auto for anything else', () => {
    expect(parallelMode('on')).toBe('on');
    expect(parallelMode('off')).toBe('off');
    expect(parallelMode(undefined)).toBe('auto');
    expect(parallelMode('yes')).toBe('auto');
    expect(parallelMode(' ON ')).toBe('on');
    expect(parallelMode('Off')).toBe('off');
  });
});

describe('startSeparate', () => {
  it('leaves the rules to the planner when a thread would not pay or cannot read the file', async () => {
    const staff = await readInput(MESSY, 'staff file');
    expect(staff.open && staff.size).toBeLessThan(PARALLEL_MIN_BYTES);
    expect(await startSeparate(MESSY, staff, {}, 'off')).toBeUndefined();
    expect(await startSeparate(MESSY, staff, {}, 'auto')).toBeUndefined();
    // Held in memory (a workbook, a pipe): there is no file for a second reading.
    expect(await startSeparate(MESSY, file('staff.csv', 'site_ods_code\n'), {}, 'on')).toBeUndefined();
    // No separable rule selected.
    expect(await startSeparate(MESSY, staff, { only: ['staff-site-unknown'] }, 'on')).toBeUndefined();
    // Converted from Windows-1252 into memory: a second thread would hold a second copy.
    const ansi = join(dir, 'ansi.csv');
    writeFileSync(ansi, Buffer.from(staffCsv([person({ first_name: 'Renée' })]), 'latin1'));
    const converted = await readInput(ansi, 'staff file');
    expect(await startSeparate(ansi, converted, {}, 'on')).toBeUndefined();
    const result = plan({ staff: converted }, { asOf: AS_OF });
    expect(result.inputs[0]!.encoding).toBe('windows-1252');
    expect(reviewElsewhere(ansi, converted, result, undefined, 'on')).toBeUndefined();
    // …unless it is UTF-8 after all.
    expect(await startSeparate(ansi, converted, { encoding: 'utf-8' }, 'on').catch(() => 'refused')).toBe(
      undefined,
    );
  });

  it('refuses to go on when the worker file cannot start, if told to use it', async () => {
    // Run from the sources, next to which there is no built worker file.
    const staff = await readInput(MESSY, 'staff file');
    await expect(startSeparate(MESSY, staff, {}, 'on')).rejects.toThrow(/did not start|Cannot find/);
  });

  it('hands back exactly the findings of the same rules run in-process', async () => {
    const path = join(dir, 'repeats.csv');
    const rows = [person(), person(), person()];
    rows.push(person({ personal_email: rows[0]![5]!.toUpperCase(), mobile: rows[1]![6]! }));
    rows.push(person({ mobile: `+44 ${rows[2]![6]!.slice(1)}` }));
    writeFileSync(path, staffCsv(rows));
    const staff = await readInput(path, 'staff file');
    const options = { skip: ['staff-duplicate-person'] };
    const run = await built.startSeparate(path, staff, options, 'on');
    expect(run).toBeDefined();
    try {
      const found = run!.collect()!;
      expect(found.codes).toEqual(['staff-duplicate-email', 'staff-duplicate-mobile']);
      expect(found.findings.map((f) => [f.code, f.at.line])).toEqual([
        ['staff-duplicate-email', 5],
        ['staff-duplicate-mobile', 5],
        ['staff-duplicate-mobile', 6],
      ]);
      expect(found).toEqual(runSeparable(staff, options));
    } finally {
      run!.stop();
    }
  });

  it('passes on a file that is not the one first read as the same plain sentence', async () => {
    const path = join(dir, 'gone.csv');
    writeFileSync(path, staffCsv([person(), person()]));
    const staff = await readInput(path, 'staff file');
    // The worker is told the file was saved a second earlier than it was: to it, the file changed.
    if (!staff.open) throw new Error('expected a streamed input');
    const saved = { ...staff, modified: staff.modified! - 1000 };
    const run = await built.startSeparate(path, saved, {}, 'on');
    try {
      let thrown: unknown;
      try {
        run!.collect();
      } catch (err) {
        thrown = err;
      }
      // The built module has its own InputError class: compare by name and message.
      expect((thrown as Error).name).toBe(new InputError('x').name);
      expect((thrown as Error).message).toMatch(
        /^gone\.csv changed or disappeared while it was being checked/,
      );
    } finally {
      run!.stop();
    }
  });

  it('gives up on a worker that died without a word, so the planner runs the rules itself', async () => {
    const path = join(dir, 'large.csv');
    writeFileSync(path, staffCsv(Array.from({ length: 60_000 }, () => person())));
    const staff = await readInput(path, 'staff file');
    const run = await built.startSeparate(path, staff, {}, 'on', 1);
    // Ended from outside (as the system ends a worker out of memory): it never raises its flag.
    run!.stop();
    const started = Date.now();
    expect(run!.collect()).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(5000);
    // The planner, told so, finds the duplicates itself.
    const rows = [person(), person()];
    rows.push(person({ personal_email: rows[0]![5]! }));
    const inputs = { staff: file('staff.csv', staffCsv(rows)) };
    const result = plan(inputs, { asOf: AS_OF, separate: () => undefined });
    expect(result.issues.map((i) => i.code)).toContain('staff-duplicate-email');
    expect(result.issues).toEqual(plan(inputs, { asOf: AS_OF }).issues);
  });

  it('can be stopped without collecting (the planner failed first)', async () => {
    const staff = await readInput(MESSY, 'staff file');
    const run = await built.startSeparate(MESSY, staff, {}, 'on');
    expect(() => run!.stop()).not.toThrow();
  });
});

describe('reviewElsewhere', () => {
  const TOOL = { name: 'nhsmail-bulk', version: 'test' };
  const rows = [person(), person(), person({ personal_email: 'not an e-mail' })];
  rows.push(person({ mobile: rows[0]![6]! }));

  async function planned(name: string) {
    const path = join(dir, name);
    writeFileSync(path, staffCsv(rows));
    const staff = await readInput(path, 'staff file');
    const result = plan({ staff }, { asOf: AS_OF });
    const expected = new Map(planFilesText(result, TOOL)).get('review.csv')!;
    return { path, staff, result, expected };
  }

  it('is not used for a small file in auto, nor ever when off, nor for a file held in memory', async () => {
    const { path, staff, result } = await planned('small.csv');
    expect(reviewElsewhere(path, staff, result, undefined, 'auto')).toBeUndefined();
    expect(reviewElsewhere(path, staff, result, undefined, 'off', 0)).toBeUndefined();
    const held = file('staff.csv', staffCsv(rows));
    expect(
      reviewElsewhere(path, held, plan({ staff: held }, { asOf: AS_OF }), undefined, 'on'),
    ).toBeUndefined();
  });

  it('writes review.csv in a worker thread, byte for byte as this thread would', async () => {
    const { path, staff, result, expected } = await planned('threaded.csv');
    const group = built.reviewElsewhere(path, staff, result, undefined, 'on')!;
    expect(group.paths).toEqual(['review.csv']);
    const temp = join(dir, 'review-threaded.tmp');
    await group.writeTo(() => temp);
    expect(readFileSync(temp, 'utf8')).toBe(expected);
  });

  it('writes it on this thread after all when the worker cannot start (auto), and fails when told to use it (on)', async () => {
    // From the sources, next to which there is no built worker file.
    const { path, staff, result, expected } = await planned('fallback.csv');
    const temp = join(dir, 'review-fallback.tmp');
    await reviewElsewhere(path, staff, result, undefined, 'auto', 0)!.writeTo(() => temp);
    expect(readFileSync(temp, 'utf8')).toBe(expected);
    const refused = join(dir, 'review-refused.tmp');
    await expect(
      reviewElsewhere(path, staff, result, undefined, 'on')!.writeTo(() => refused),
    ).rejects.toThrow();
    expect(existsSync(refused)).toBe(false);
  });

  it('passes on a staff file that changed before the worker read it as the same plain sentence', async () => {
    const { path, staff, result } = await planned('changed.csv');
    const group = built.reviewElsewhere(path, staff, result, undefined, 'on')!;
    writeFileSync(path, staffCsv(rows.slice(1)));
    const failure = await group.writeTo(() => join(dir, 'review-changed.tmp')).catch((err: Error) => err);
    expect((failure as Error).name).toBe('InputError');
    expect((failure as Error).message).toMatch(
      /^changed\.csv changed or disappeared while it was being checked/,
    );
  });
});
