/**
 * `npm run bench`: is the planner fast and lean enough (issue 4)? Generates seeded data, then times
 * alternating pairs of (A) csv-parse alone reading the staff file and (B) `nhsmail-bulk plan` on the
 * same files, each as a fresh process under /usr/bin/time for wall time and peak RSS. Reports medians
 * and the B/A ratio, checks the targets, and writes everything to bench/results/<label>.json.
 *
 *   npm run bench                  # 100k and 1M rows, 3 pairs each (about 10 minutes on 2 cores)
 *   npm run bench -- --quick       # 100k rows only
 *   npm run bench -- --pairs 5
 *
 * Targets live here, never in unit tests: ratio ≤ 3.0 at 1M; peak RSS ≤ 400 MiB at 1M and ≤ 150 MiB
 * at 100k; per-row time at 1M ≤ 1.3 × that at 100k; a 1,000-row run ≤ 0.6 s wall.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    pairs: { type: 'string', default: '3' },
    data: { type: 'string', default: '.bench-data' },
    label: { type: 'string', default: 'latest' },
  },
});
const PAIRS = Math.max(3, Number(args.pairs));
const CLI = 'dist/cli/main.js';
const AS_OF = '2026-11-01';

interface Run {
  wall: number;
  /** User plus system CPU seconds, of all the process's threads (B uses two on a large file). */
  cpu: number;
  rssMiB: number;
  exit: number;
}

/** Runs `node ...argv` under /usr/bin/time; wall and CPU seconds and peak RSS from its report. */
function timed(argv: string[]): Run {
  const report = join(mkdtempSync(join(tmpdir(), 'nb-time-')), 'time.txt');
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', '-o', report, process.execPath, ...argv], {
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const [wall, kb, user, system] = readFileSync(report, 'utf8').trim().split(/\s+/).slice(-4).map(Number);
  return { wall: wall!, cpu: user! + system!, rssMiB: kb! / 1024, exit: r.status ?? -1 };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function dataset(rows: number, sites: number): string {
  const dir = join(args.data!, `${rows}`);
  if (!existsSync(join(dir, 'manifest.json'))) {
    process.stderr.write(`generating ${rows.toLocaleString('en-GB')} rows into ${dir}\n`);
    execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'bench/generate.ts',
        '--rows',
        `${rows}`,
        '--sites',
        `${sites}`,
        '--seed',
        '1',
        '--out',
        dir,
      ],
      { stdio: 'inherit' },
    );
  }
  return dir;
}

function planArgs(dir: string, out: string): string[] {
  return [
    CLI,
    'plan',
    join(dir, 'staff.csv'),
    '--sites',
    join(dir, 'sites.csv'),
    '--ods',
    join(dir, 'ods/ecarehomesite.csv'),
    '--ods',
    join(dir, 'ods/ecarehomehq.csv'),
    '--as-of',
    AS_OF,
    '--out',
    out,
    '--force',
  ];
}

function measure(rows: number, sites: number) {
  const dir = dataset(rows, sites);
  const out = mkdtempSync(join(tmpdir(), 'nb-out-'));
  const pairs: { a: Run; b: Run }[] = [];
  for (let i = 0; i < PAIRS; i++) {
    const a = timed(['bench/parse-only.mjs', join(dir, 'staff.csv')]);
    const b = timed(planArgs(dir, out));
    if (b.exit !== 0 && b.exit !== 1) throw new Error(`plan exited ${b.exit} on ${rows} rows`);
    pairs.push({ a, b });
    process.stderr.write(
      `  ${rows.toLocaleString('en-GB')} rows, pair ${i + 1}: A ${a.wall.toFixed(2)} s, B ${b.wall.toFixed(2)} s (CPU ${b.cpu.toFixed(1)} s, ${b.rssMiB.toFixed(0)} MiB)\n`,
    );
  }
  rmSync(out, { recursive: true, force: true });
  const bWall = median(pairs.map((p) => p.b.wall));
  return {
    rows,
    sites,
    pairs,
    medianA: median(pairs.map((p) => p.a.wall)),
    medianB: bWall,
    medianCpuB: median(pairs.map((p) => p.b.cpu)),
    ratio: median(pairs.map((p) => p.b.wall / p.a.wall)),
    rowsPerSecond: Math.round(rows / bWall),
    microsPerRow: (bWall / rows) * 1e6,
    peakRssMiB: Math.max(...pairs.map((p) => p.b.rssMiB)),
  };
}

function smallRun(): number {
  const dir = dataset(1000, 110);
  const out = mkdtempSync(join(tmpdir(), 'nb-out-'));
  const walls = Array.from({ length: 5 }, () => timed(planArgs(dir, out)).wall);
  rmSync(out, { recursive: true, force: true });
  return median(walls);
}

if (!existsSync(CLI)) execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
const small = measure(100_000, 11_000);
const large = args.quick ? undefined : measure(1_000_000, 110_000);
const thousand = smallRun();

const checks = [
  ...(large
    ? [
        {
          target: 'plan of 1M rows within 3.0× csv-parse alone (median ratio)',
          value: large.ratio,
          limit: 3.0,
        },
        { target: 'peak RSS at 1M rows ≤ 400 MiB', value: large.peakRssMiB, limit: 400 },
        {
          target: 'per-row time at 1M ≤ 1.3× that at 100k',
          value: large.microsPerRow / small.microsPerRow,
          limit: 1.3,
        },
      ]
    : []),
  { target: 'peak RSS at 100k rows ≤ 150 MiB', value: small.peakRssMiB, limit: 150 },
  { target: 'a 1,000-row plan ≤ 0.6 s wall (median of 5)', value: thousand, limit: 0.6 },
].map((c) => ({ ...c, value: Number(c.value.toFixed(3)), pass: c.value <= c.limit }));

const results = {
  machine: {
    cpus: cpus().length,
    model: cpus()[0]?.model ?? '',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  pairs: PAIRS,
  datasets: [small, ...(large ? [large] : [])],
  thousandRowWall: thousand,
  checks,
};
mkdirSync('bench/results', { recursive: true });
writeFileSync(`bench/results/${args.label}.json`, `${JSON.stringify(results, null, 2)}\n`);

for (const d of results.datasets) {
  console.log(
    `${d.rows.toLocaleString('en-GB')} rows: A ${d.medianA.toFixed(2)} s, B ${d.medianB.toFixed(2)} s (CPU ${d.medianCpuB.toFixed(1)} s), ratio ${d.ratio.toFixed(2)}, ${d.rowsPerSecond.toLocaleString('en-GB')} rows/s, peak ${d.peakRssMiB.toFixed(0)} MiB`,
  );
}
console.log(`1,000 rows: ${thousand.toFixed(2)} s`);
for (const c of checks) console.log(`${c.pass ? 'PASS' : 'FAIL'}  ${c.target}: ${c.value}`);
console.log(`written to bench/results/${args.label}.json`);
