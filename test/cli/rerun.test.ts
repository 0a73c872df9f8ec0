/**
 * Re-runs end to end: the fixtures/scenarios/rerun group planned in rounds, each round naming every
 * earlier round's folder with --previous, so nobody is ever sent twice; and the sentences for the
 * ways --previous, --existing and --ods-cache can be misused.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/app.js';
import { capture } from '../helpers.js';

const S = 'fixtures/scenarios/rerun';
const dir = mkdtempSync(join(tmpdir(), 'nhsmail-bulk-rerun-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const common = [
  '--sites',
  `${S}/sites.csv`,
  '--ods',
  `${S}/ods/ods-search-export.csv`,
  '--as-of',
  '2026-11-24',
];

/** Upload rows (without the header) of a run's folder, as "action,site,…,personal email" lines. */
const uploaded = (out: string): string[] =>
  readFileSync(join(out, 'nas-bulk-upload.csv'), 'utf8')
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .slice(1, -1);

const emailOf = (line: string) => line.split(',')[9];

describe('planning a group in rounds', () => {
  it('never sends a person twice across three rounds', async () => {
    const round1 = join(dir, 'round-1');
    const round2 = join(dir, 'round-2');
    const round3 = join(dir, 'round-3');
    expect(await run(['plan', `${S}/staff-round-1.csv`, ...common, '--out', round1], capture().io)).toBe(1);
    const first = uploaded(round1);
    expect(first).toHaveLength(7);
    // The byte-identical upload the fixture keeps as round 1.
    expect(readFileSync(join(round1, 'nas-bulk-upload.csv'))).toEqual(
      readFileSync(`${S}/round-1/nas-bulk-upload.csv`),
    );

    const c2 = capture();
    await run(['plan', `${S}/staff.csv`, ...common, '--previous', round1, '--out', round2], c2.io);
    const second = uploaded(round2);
    expect(second.map(emailOf)).toEqual([
      'sean.walsh.bedford@gmail.com',
      'liv.grant@outlook.com',
      'janet.price64@aol.com',
      'kerrydunn@gmail.com',
      'aisha.rahman.luton@gmail.com',
      'colin.shaw57@gmail.com',
    ]);
    expect(c2.out()).toContain('7 already sent');

    // Round 3, same staff file, both earlier folders: everything has gone already.
    const c3 = capture();
    await run(
      ['plan', `${S}/staff.csv`, ...common, '--previous', round1, '--previous', round2, '--out', round3],
      c3.io,
    );
    expect(uploaded(round3)).toEqual([]);
    expect(c3.out()).toContain('13 already sent');
    const review = readFileSync(join(round3, 'review.csv'), 'utf8');
    expect(review.match(/,submitted,/g)).toHaveLength(13);
    const sent = new Set([...first, ...second].map(emailOf));
    expect(sent.size).toBe(first.length + second.length);
  });

  it('refuses to write over the upload it is told was sent', async () => {
    const out = join(dir, 'same');
    mkdirSync(out);
    cpSync(`${S}/round-1/nas-bulk-upload.csv`, join(out, 'nas-bulk-upload.csv'));
    const c = capture();
    expect(
      await run(['plan', `${S}/staff.csv`, ...common, '--previous', out, '--out', out, '--force'], c.io),
    ).toBe(2);
    expect(c.err()).toMatch(/is the folder given to --previous: write this run to a new folder/);
    expect(readFileSync(join(out, 'nas-bulk-upload.csv'))).toEqual(
      readFileSync(`${S}/round-1/nas-bulk-upload.csv`),
    );
  });

  it.each([
    {
      name: 'a --previous folder with no upload file in it',
      args: ['--previous', dir],
      says: /There is no nas-bulk-upload.csv in ".*", the folder given to --previous/,
    },
    {
      name: 'a review.csv given as an earlier upload',
      args: ['--previous', 'test/golden/rerun/files/review.csv'],
      says: /review.csv does not look like an nhsmail-bulk upload file/,
    },
    {
      name: 'a staff file given as the accounts export',
      args: ['--existing', `${S}/staff.csv`],
      says: /staff.csv does not look like an export of NHSmail accounts/,
    },
    {
      name: '--ods-cache without --ods-online',
      args: ['--ods-cache', dir],
      says: /--ods-cache is only used with --ods-online/,
    },
  ])('stops with one sentence for $name', async ({ args, says }) => {
    const c = capture();
    expect(await run(['validate', `${S}/staff.csv`, ...common, ...args], c.io)).toBe(2);
    expect(c.err()).toMatch(says);
    expect(c.err().trim().split('\n')).toHaveLength(1);
  });

  it('reads an accounts export saved as a workbook the same as its CSV', async () => {
    const { xlsx } = await import('../xlsx.js');
    const rows = readFileSync(`${S}/accounts.csv`, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.match(/("[^"]*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '')));
    const book = join(dir, 'accounts.xlsx');
    writeFileSync(book, xlsx([{ name: 'Accounts', rows }]));
    const asCsv = capture();
    const asBook = capture();
    await run(
      ['validate', `${S}/staff.csv`, ...common, '--existing', `${S}/accounts.csv`, '--json'],
      asCsv.io,
    );
    await run(['validate', `${S}/staff.csv`, ...common, '--existing', book, '--json'], asBook.io);
    const issues = (text: string) =>
      (JSON.parse(text) as { issues: { code: string; line: number; message: string }[] }).issues.map((i) => [
        i.code,
        i.line,
        i.message.replace('accounts.xlsx', 'accounts.csv'),
      ]);
    expect(issues(asBook.out())).toEqual(issues(asCsv.out()));
    expect(issues(asCsv.out()).some(([code]) => code === 'staff-existing-account')).toBe(true);
  });
});
