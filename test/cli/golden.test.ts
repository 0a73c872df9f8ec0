/**
 * Golden end-to-end tests: the CLI on each fixture scenario, every output file compared byte for byte
 * with test/golden/<scenario>/, plus the printed summary and the exit code.
 * Regenerate after an intended change with `UPDATE_GOLDEN=1 npm test`, then review the diff.
 */

import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/app.js';
import { capture } from '../helpers.js';

const UPDATE = process.env.UPDATE_GOLDEN === '1';
const scratch = mkdtempSync(join(tmpdir(), 'nhsmail-bulk-golden-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function listFiles(dir: string): string[] {
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((name) => {
      const path = join(d, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  return walk(dir)
    .map((p) => relative(dir, p))
    .sort();
}

const S = 'fixtures/scenarios';
const scenarios = [
  {
    name: 'example',
    args: ['--example'],
    exit: 1,
  },
  {
    name: 'example-batches',
    args: ['--example', '--batch-size', '12'],
    exit: 1,
  },
  {
    name: 'single-home',
    args: [`${S}/single-home/staff.csv`],
    exit: 0,
  },
  {
    name: 'standard-ods',
    args: [
      `${S}/standard-ods/staff.csv`,
      '--sites',
      `${S}/standard-ods/sites.csv`,
      '--ods',
      `${S}/standard-ods/ods/sites-27col.csv`,
      '--ods',
      `${S}/standard-ods/ods/hq-headed.csv`,
    ],
    exit: 1,
  },
  {
    name: 'rerun',
    args: [
      `${S}/rerun/staff.csv`,
      '--sites',
      `${S}/rerun/sites.csv`,
      '--ods',
      `${S}/rerun/ods/ods-search-export.csv`,
      '--existing',
      `${S}/rerun/accounts.csv`,
      '--previous',
      `${S}/rerun/round-1`,
    ],
    exit: 1,
  },
  {
    name: 'messy',
    args: [`${S}/messy/staff.csv`],
    exit: 1,
  },
];

describe.each(scenarios)('plan on $name', ({ name, args, exit }) => {
  it('writes exactly the golden files, prints the golden summary and exits as expected', async () => {
    const out = join(scratch, name);
    const c = capture();
    const code = await run(['plan', ...args, '--as-of', '2026-11-01', '--out', out], c.io);
    expect(c.err()).toBe('');
    expect(code).toBe(exit);
    const produced = listFiles(out);
    const golden = join('test/golden', name);
    const summary = c.out().replaceAll(out, '<out>');
    if (UPDATE) {
      rmSync(golden, { recursive: true, force: true });
      for (const rel of produced) {
        mkdirSync(dirname(join(golden, 'files', rel)), { recursive: true });
        writeFileSync(join(golden, 'files', rel), readFileSync(join(out, rel)));
      }
      writeFileSync(join(golden, 'summary.txt'), summary);
    }
    expect(produced).toEqual(listFiles(join(golden, 'files')));
    for (const rel of produced) {
      expect(
        readFileSync(join(out, rel)).equals(readFileSync(join(golden, 'files', rel))),
        `${name}/${rel}`,
      ).toBe(true);
    }
    expect(summary).toBe(readFileSync(join(golden, 'summary.txt'), 'utf8'));
  });
});

/** A golden scenario's files, as another run wrote them, compared byte for byte. */
function expectGolden(name: string, out: string) {
  const produced = listFiles(out);
  const golden = join('test/golden', name, 'files');
  expect(produced).toEqual(listFiles(golden));
  for (const rel of produced) {
    expect(readFileSync(join(out, rel)).equals(readFileSync(join(golden, rel))), `${name}/${rel}`).toBe(true);
  }
}

describe.each(scenarios)(
  'the built bin on $name, duplicate checks in a second thread',
  ({ name, args, exit }) => {
    it('writes exactly the golden files', () => {
      const out = join(scratch, `${name}-threaded`);
      const child = spawnSync(
        process.execPath,
        ['dist/cli/main.js', 'plan', ...args, '--as-of', '2026-11-01', '--out', out],
        { env: { ...process.env, NHSMAIL_BULK_PARALLEL: 'on' }, encoding: 'utf8' },
      );
      expect(child.stderr).toBe('');
      expect(child.status).toBe(exit);
      expectGolden(name, out);
    });
  },
);

describe('outputs', () => {
  it('are byte-identical on a second run (O02), and written only with --force', async () => {
    const out = join(scratch, 'twice');
    const first = capture();
    expect(await run(['plan', '--example', '--out', out], first.io)).toBe(1);
    const before = listFiles(out).map((f) => readFileSync(join(out, f)));
    const refused = capture();
    expect(await run(['plan', '--example', '--out', out], refused.io)).toBe(2);
    expect(refused.err()).toMatch(/already exists: add --force/);
    expect(await run(['plan', '--example', '--out', out, '--force'], capture().io)).toBe(1);
    const after = listFiles(out).map((f) => readFileSync(join(out, f)));
    expect(after).toEqual(before);
    expect(readdirSync(out).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('start with a BOM, use CRLF, and are private to the user (mode 0600)', async () => {
    const out = join(scratch, 'format');
    await run(['plan', '--example', '--out', out], capture().io);
    for (const name of ['nas-bulk-upload.csv', 'review.csv', 'errors.csv', 'sites.csv']) {
      const text = readFileSync(join(out, name), 'utf8');
      expect(text.startsWith('\uFEFF')).toBe(true);
      expect(text.replace(/\r\n/g, '').includes('\n')).toBe(false);
    }
    expect(statSync(join(out, 'review.csv')).mode & 0o777).toBe(0o600);
  });

  it('removes batch files left by an earlier, larger run when --force replaces them', async () => {
    const out = join(scratch, 'stale');
    await run(['plan', '--example', '--out', out, '--batch-size', '5'], capture().io);
    const many = readdirSync(join(out, 'batches')).length;
    await run(['plan', '--example', '--out', out, '--batch-size', '30', '--force'], capture().io);
    const few = readdirSync(join(out, 'batches')).length;
    expect(many).toBeGreaterThan(few);
  });

  it('refuses to write over an input file, whatever the flags (O01)', async () => {
    const dir = join(scratch, 'o01');
    mkdirSync(dir, { recursive: true });
    const staff = join(dir, 'review.csv');
    writeFileSync(staff, readFileSync(`${S}/single-home/staff.csv`));
    const before = readFileSync(staff);
    const c = capture();
    expect(await run(['plan', staff, '--out', dir, '--force'], c.io)).toBe(2);
    expect(c.err()).toMatch(/would overwrite an input file/);
    expect(readFileSync(staff).equals(before)).toBe(true);
  });
});

describe('Excel input', () => {
  it('plans a workbook, using --sheet, and refuses a sheet that is not there', async () => {
    const { xlsx } = await import('../xlsx.js');
    const text = readFileSync(`${S}/single-home/staff.csv`, 'utf8').trim().split(/\r?\n/);
    const rows = text.map((l) => l.split(','));
    const path = join(scratch, 'home.xlsx');
    writeFileSync(
      path,
      xlsx([
        { name: 'Cover', rows: [['Sunnyside staff for NAS']] },
        { name: 'Staff', rows },
      ]),
    );
    const ok = capture();
    expect(await run(['validate', path, '--sheet', 'Staff'], ok.io)).toBe(0);
    expect(ok.out()).toMatch(/read home\.xlsx \(6 rows, sheet "Staff"\)/);
    expect(ok.out()).toMatch(/6 ready to send/);
    const missing = capture();
    expect(await run(['validate', path, '--sheet', 'Staf'], missing.io)).toBe(2);
    expect(missing.err()).toMatch(/no sheet called "Staf"; its sheets are "Cover", "Staff"/);
  });

  it('refuses an old .xls or password-protected workbook with one sentence (X06)', async () => {
    const path = join(scratch, 'old.xls');
    writeFileSync(path, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    const c = capture();
    expect(await run(['validate', path], c.io)).toBe(2);
    expect(c.err()).toMatch(/^nhsmail-bulk: old\.xls is an old \.xls workbook or a password-protected one/);
  });
});

describe('progress', () => {
  it('shows progress on a terminal for inputs over 50,000 rows, and never in a pipe', async () => {
    const path = join(scratch, 'big.csv');
    const lines = ['site_ods_code,first_name,last_name,job_title,personal_email,mobile'];
    for (let i = 0; i < 60_000; i++) {
      lines.push(
        `V${(i % 5000).toString(36).toUpperCase().padStart(4, '0')},Siân,Evans,Cook,s${i}@gmail.com,07${String(800000000 + i).padStart(9, '0')}`,
      );
    }
    writeFileSync(path, `${lines.join('\n')}\n`);
    let tty = '';
    const onTerminal = {
      stdout: { write: () => true },
      stderr: { write: (t: string) => (tty += t), isTTY: true },
    };
    await run(['validate', path], onTerminal);
    expect(tty).toContain('\rChecked 50,000 staff rows…');
    expect(tty).toContain('\rChecked 60,000 staff rows…');
    const piped = capture();
    await run(['validate', path], piped.io);
    expect(piped.err()).toBe('');
  });
});

describe('other commands', () => {
  it('validate --json prints the same report.json that plan writes, and writes nothing', async () => {
    const out = join(scratch, 'validate');
    await run(['plan', '--example', '--out', out], capture().io);
    const c = capture();
    expect(await run(['validate', '--example', '--json'], c.io)).toBe(1);
    expect(c.out()).toBe(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(existsSync('nhsmail-bulk-output')).toBe(false);
  });

  it('--strict turns warnings into exit code 1', async () => {
    const path = join(scratch, 'warned.csv');
    const text = readFileSync(`${S}/single-home/staff.csv`, 'utf8');
    writeFileSync(
      path,
      text.replace(
        /,(0?7\d{3} ?\d{6})(,|\r?\n)/,
        (_m, mobile: string, end: string) => `,${mobile.replace(/^0/, '').replace(' ', '')}${end}`,
      ),
    );
    const plain = capture();
    expect(await run(['validate', path], plain.io)).toBe(0);
    expect(plain.out()).toMatch(/1 warning/);
    expect(await run(['validate', path, '--strict'], capture().io)).toBe(1);
  });

  it('template writes header-only staff and sites files', async () => {
    const out = join(scratch, 'template');
    expect(await run(['template', '--out', out], capture().io)).toBe(0);
    expect(readFileSync(join(out, 'staff-template.csv'), 'utf8')).toBe(
      '\uFEFFsite_ods_code,first_name,last_name,job_title,personal_email,mobile,title,access,action,nhsmail_address\r\n',
    );
    expect(readFileSync(join(out, 'sites-template.csv'), 'utf8')).toMatch(
      /^\uFEFFsite_ods_code,site_name,town,hq_ods_code,/,
    );
  });

  it('rules --json lists every code once; explain describes one', async () => {
    const c = capture();
    await run(['rules', '--json'], c.io);
    const list = JSON.parse(c.out()) as { code: string; severity: string }[];
    expect(new Set(list.map((r) => r.code)).size).toBe(list.length);
    expect(list.map((r) => r.code)).toContain('staff-duplicate-mobile');
    const e = capture();
    expect(await run(['explain', 'site-hq-mismatch'], e.io)).toBe(0);
    expect(e.out()).toMatch(/^site-hq-mismatch \(error\): /);
  });

  it.each([
    { name: 'missing staff file', args: ['plan', 'no-such-file.csv'], says: /Cannot find the staff file/ },
    { name: 'no staff file at all', args: ['plan'], says: /Give the staff file/ },
    {
      name: 'bad date',
      args: ['validate', '--example', '--as-of', '2026-02-30'],
      says: /--as-of must be a date/,
    },
    {
      name: 'bad batch size',
      args: ['validate', '--example', '--batch-size', '0'],
      says: /--batch-size must be at least 1/,
    },
    {
      name: 'unknown rule',
      args: ['validate', '--example', '--skip', 'no-such-rule'],
      says: /is not a rule code or tag/,
    },
    { name: 'unknown flag', args: ['plan', '--example', '--frobnicate'], says: /Unknown argument/ },
    {
      name: 'skipping a rule that keeps the upload safe',
      args: ['validate', '--example', '--skip', 'cell-formula-trigger'],
      says: /cell-formula-trigger cannot be skipped/,
    },
    { name: 'unknown code', args: ['explain', 'mobile-bad'], says: /is not a code we use/ },
    {
      name: 'missing workbook',
      args: ['validate', 'staff.xlsx'],
      says: /Cannot find the staff file "staff\.xlsx"/,
    },
    {
      name: 'unknown encoding',
      args: ['validate', '--example', '--encoding', 'ebcdic'],
      says: /--encoding must be one of/,
    },
  ])('exits 2 with one plain sentence: $name', async ({ args, says }) => {
    const c = capture();
    expect(await run(args, c.io)).toBe(2);
    expect(c.err()).toMatch(says);
    expect(c.err().trim().split('\n')).toHaveLength(1);
    expect(c.err()).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });
});
