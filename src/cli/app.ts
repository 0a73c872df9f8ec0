/**
 * The `nhsmail-bulk` command. argv → options → core → report → files. This file is the one place
 * that sets the exit code: 0 ran clean, 1 ran with errors, 2 could not run (SPEC §2).
 */
import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { styleText } from 'node:util';
import yargs from 'yargs';
import { type EncodingName, encodingFromName } from '../core/decode.js';
import { codesToLookUp } from '../core/lookup.js';
import type { OdsOnline } from '../core/ods.js';
import { type PlanResult, plan } from '../core/plan.js';
import { InputError, type InputFile } from '../core/types.js';
import { defaultCacheDir, lookUpOrganisations, ORD_BASE_URL } from '../io/ods-online.js';
import { readInput } from '../io/read.js';
import { type ParallelMode, parallelMode, reviewElsewhere, startSeparate } from '../io/threads.js';
import { writeAtomically } from '../io/write.js';
import type { Paint } from '../report/summary.js';
import { renderSummary } from '../report/summary.js';
import { planFiles, reportJson } from '../report/tables.js';
import { explainText, rulesJson, rulesText, templateFiles } from './catalogue.js';
import { localToday, parseRunOptions, type RunOptions } from './options.js';
import { DEFAULT_PORT, parsePort, serve } from './serve.js';

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TOOL = JSON.parse(readFileSync(`${PACKAGE_ROOT}package.json`, 'utf8')) as {
  name: string;
  version: string;
};

/** The bundled example and the date its ODS extract is "as of", so the demo never changes. */
const EXAMPLE = {
  dir: `${PACKAGE_ROOT}fixtures/example/`,
  asOf: '2026-11-01',
};

/** Where a command prints: the real streams, or buffers in tests. */
export interface Io {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

const paintFor =
  (stream: Io['stdout']): Paint =>
  (style, text) =>
    stream.isTTY ? styleText(style, text, { stream } as never) : text;

/** Progress for large inputs (over 50,000 rows), only where a person watches: stderr on a terminal. */
function progressTo(io: Io): ((rows: number) => void) | undefined {
  if (!io.stderr.isTTY) return undefined;
  return (rows) => {
    if (rows >= 50_000) io.stderr.write(`\rChecked ${rows.toLocaleString('en-GB')} staff rows…`);
  };
}

async function runPlanner(
  options: RunOptions,
  io: Io,
  threads: ParallelMode,
): Promise<{ result: PlanResult; staff: InputFile; encoding: EncodingName | undefined }> {
  const staff = await readInput(
    options.staff,
    'staff file',
    options.sheet !== undefined ? { sheet: options.sheet } : {},
  );
  const sites = options.sites ? await readInput(options.sites, 'sites file') : undefined;
  const ods = [];
  for (const path of options.ods) ods.push(await readInput(path, 'ODS file'));
  const existing = options.existing ? await readInput(options.existing, 'accounts export') : undefined;
  const previous = [];
  for (const dir of options.previous) previous.push(await readPrevious(dir));
  const encoding = options.encoding ? encodingFromName(options.encoding)! : undefined;
  const odsOnline = options.odsOnline
    ? await lookUpOnline(options, { staff, sites, ods }, encoding, io)
    : undefined;
  const progress = progressTo(io);
  // The duplicate checks run in a second thread on a large staff file (io/threads.ts).
  const separate = await startSeparate(
    options.staff,
    staff,
    { only: options.only, skip: options.skip, encoding },
    threads,
  );
  let result: PlanResult;
  try {
    result = plan(
      {
        staff,
        ...(sites ? { sites } : {}),
        ods,
        ...(existing ? { existing } : {}),
        ...(previous.length > 0 ? { previous } : {}),
        ...(odsOnline ? { odsOnline } : {}),
      },
      {
        asOf: options.asOf,
        ...(options.allowance !== undefined ? { allowance: options.allowance } : {}),
        ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
        only: options.only,
        skip: options.skip,
        ...(encoding ? { encoding } : {}),
        ...(progress ? { onProgress: progress } : {}),
        ...(separate ? { separate: separate.collect } : {}),
      },
    );
  } finally {
    separate?.stop();
  }
  if (progress && result.summary.rows >= 50_000) io.stderr.write('\n');
  return { result, staff, encoding };
}

/**
 * Asks the ODS ORD API about the codes the --ods files lack (only codes are sent). Never fails the
 * run: what could not be asked becomes a finding. NHSMAIL_BULK_ORD_URL points it at another
 * server (a mirror, or the test stub).
 */
async function lookUpOnline(
  options: RunOptions,
  inputs: Parameters<typeof codesToLookUp>[0],
  encoding: Parameters<typeof codesToLookUp>[1],
  io: Io,
): Promise<OdsOnline> {
  const { codes, known } = codesToLookUp(inputs, encoding);
  const baseUrl = process.env.NHSMAIL_BULK_ORD_URL || ORD_BASE_URL;
  if (codes.length > 0) io.stderr.write(`Looking up ${codes.length} ODS code(s) at ${baseUrl}…\n`);
  const lookup = await lookUpOrganisations(codes, {
    cacheDir: options.odsCache ?? defaultCacheDir(),
    today: localToday(),
    baseUrl,
    known: (code) => known.has(code),
  });
  for (const note of lookup.notes) io.stderr.write(`nhsmail-bulk: ${note}\n`);
  const notSent = lookup.skipped.map((code) => ({
    code,
    reason: 'not sent: it does not look like an ODS code',
  }));
  return {
    source: lookup.source,
    found: lookup.found,
    notFound: lookup.notFound,
    failed: [...lookup.failed, ...notSent].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
    fetched: lookup.fetched,
  };
}

/** Where an earlier run's upload file is: `--previous` names its output folder (or the file itself). */
async function previousUploadPath(dir: string): Promise<string> {
  const info = await stat(dir).catch(() => undefined);
  if (info && !info.isDirectory()) return dir;
  return join(dir, 'nas-bulk-upload.csv');
}

/** An earlier upload, named by its folder so two runs' files can be told apart in messages. */
async function readPrevious(dir: string): Promise<InputFile> {
  const path = await previousUploadPath(dir);
  const found = await stat(path).catch(() => undefined);
  if (!found) {
    throw new InputError(
      `There is no nas-bulk-upload.csv in "${dir}", the folder given to --previous: give the output folder of the earlier run.`,
    );
  }
  const input = await readInput(path, 'earlier upload file');
  const folder = basename(resolve(path, '..'));
  return { ...input, name: `${folder}/${input.name}` };
}

const exitCodeFor = (result: PlanResult, strict: boolean): number =>
  result.summary.errors > 0 || (strict && result.summary.warnings > 0) ? 1 : 0;

function withExample(argv: Record<string, unknown>): Record<string, unknown> {
  if (!argv.example) return argv;
  return {
    ...argv,
    _: [argv._ && (argv._ as unknown[])[0]],
    staff: `${EXAMPLE.dir}staff.csv`,
    sites: `${EXAMPLE.dir}sites.csv`,
    ods: [`${EXAMPLE.dir}ods/ecarehomesite.csv`, `${EXAMPLE.dir}ods/ecarehomehq.csv`],
    'as-of': argv['as-of'] ?? EXAMPLE.asOf,
  };
}

async function planCommand(argv: Record<string, unknown>, write: boolean, io: Io): Promise<number> {
  const options = parseRunOptions(withExample(argv), { asOf: localToday() });
  const threads = parallelMode(process.env.NHSMAIL_BULK_PARALLEL);
  const { result, staff, encoding } = await runPlanner(options, io, threads);
  let written: string[] = [];
  if (write) {
    for (const dir of options.previous) {
      if (resolve(await previousUploadPath(dir)) === resolve(options.out, 'nas-bulk-upload.csv')) {
        throw new InputError(
          `--out "${options.out}" is the folder given to --previous: write this run to a new folder (for example --out ${options.out}-2), so the earlier upload file stays as the record of what was sent; next time give both folders to --previous.`,
        );
      }
    }
    // On a large staff file review.csv is written by a second thread (io/threads.ts).
    const review = reviewElsewhere(options.staff, staff, result, encoding, threads);
    const files = planFiles(result, TOOL, review ? { review } : {});
    const inputs = [
      options.staff,
      ...(options.sites ? [options.sites] : []),
      ...options.ods,
      ...(options.existing ? [options.existing] : []),
      ...(await Promise.all(options.previous.map(previousUploadPath))),
    ];
    await writeAtomically(options.out, files, {
      force: options.force,
      inputs,
      staleDir: 'batches',
      staleMatch: /^nas-bulk-upload-\d{3}\.csv$/,
    });
    written = files
      .flatMap((f) => ('paths' in f ? f.paths : [f[0]]))
      .filter((n) => !n.startsWith('batches/'));
    if (result.batchCount > 0) written.push(`batches/ (${result.batchCount})`);
  }
  if (options.json) io.stdout.write(reportJson(result, TOOL));
  else {
    io.stdout.write(
      renderSummary(result, {
        command: write ? 'plan' : 'validate',
        outDir: options.out,
        files: written,
        paint: paintFor(io.stdout),
      }),
    );
  }
  return exitCodeFor(result, options.strict);
}

async function templateCommand(argv: Record<string, unknown>, io: Io): Promise<number> {
  const out = String(argv.out ?? '.');
  await writeAtomically(out, templateFiles(), { force: Boolean(argv.force), inputs: [] });
  io.stdout.write(`Wrote staff-template.csv and sites-template.csv to ${out}.\n`);
  return 0;
}

const runOptions = (y: ReturnType<typeof yargs>) =>
  y
    .positional('staff', { type: 'string', describe: 'the staff file (.csv or .xlsx)' })
    .option('staff', { type: 'string', describe: 'the staff file (same as the positional argument)' })
    .option('sites', { type: 'string', describe: 'a sites file (.csv or .xlsx): one row per site' })
    .option('ods', {
      type: 'string',
      array: true,
      describe: 'ODS reference file(s): ecarehomesite, ecarehomehq or a headed CSV',
    })
    .option('allowance', {
      type: 'number',
      describe: 'named accounts per site when the sites file gives none (default 10)',
    })
    .option('batch-size', {
      type: 'number',
      describe: 'also split the upload into batches of at most N rows',
    })
    .option('as-of', {
      type: 'string',
      describe: 'the date to check close dates against, YYYY-MM-DD (default today)',
    })
    .option('strict', { type: 'boolean', describe: 'warnings count as errors for the exit code' })
    .option('only', {
      type: 'string',
      array: true,
      describe: 'run only these rule codes or tags (comma-separated)',
    })
    .option('skip', {
      type: 'string',
      array: true,
      describe: 'skip these rule codes or tags (comma-separated)',
    })
    .option('json', {
      type: 'boolean',
      describe: 'print report.json to standard output instead of the summary',
    })
    .option('encoding', {
      type: 'string',
      describe: 'read inputs in this encoding: utf-8, windows-1252, utf-16le, utf-16be',
    })
    .option('existing', {
      type: 'string',
      describe: 'an export of current NHSmail accounts (.csv or .xlsx): existing counts per site',
    })
    .option('previous', {
      type: 'string',
      array: true,
      describe: "an earlier run's output folder: rows it already sent are not sent again",
    })
    .option('ods-online', {
      type: 'boolean',
      describe: 'look up codes missing from the --ods files in the ODS ORD API (sends codes only)',
    })
    .option('ods-cache', {
      type: 'string',
      describe: 'folder for cached ODS answers (default: your user cache folder)',
    })
    .option('sheet', {
      type: 'string',
      describe: 'the sheet of an Excel staff workbook to read (default: the first)',
    })
    .option('example', { type: 'boolean', describe: 'use the bundled example files (fixtures/example)' });

export async function main(args: string[], io: Io = process): Promise<number> {
  let code = 0;
  const cli = yargs(args)
    .scriptName('nhsmail-bulk')
    .usage('$0 <command> [options]\n\nCheck and plan a bulk NHSmail account request, on this computer only.')
    .command(
      'plan [staff]',
      'check the files and write the NAS upload file, review.csv, errors.csv, sites.csv and report.json',
      (y) =>
        runOptions(y)
          .option('out', { type: 'string', describe: 'output folder (default ./nhsmail-bulk-output)' })
          .option('force', { type: 'boolean', describe: 'replace output files from an earlier run' }),
      async (argv) => {
        code = await planCommand(argv, true, io);
      },
    )
    .command(
      'validate [staff]',
      'check the files and print a summary; writes no files',
      runOptions,
      async (argv) => {
        code = await planCommand(argv, false, io);
      },
    )
    .command(
      'template',
      'write blank staff and sites templates (headers only)',
      (y) =>
        y
          .option('out', {
            type: 'string',
            describe: 'folder to write them to (default: the current folder)',
          })
          .option('force', { type: 'boolean', describe: 'replace existing templates' }),
      async (argv) => {
        code = await templateCommand(argv, io);
      },
    )
    .command(
      'rules',
      'list every rule: code, severity, tags, title',
      (y) => y.option('json', { type: 'boolean', describe: 'as JSON' }),
      (argv) => {
        io.stdout.write(argv.json ? rulesJson() : rulesText());
      },
    )
    .command(
      'explain <code>',
      'what a code means and how to fix it',
      (y) => y.positional('code', { type: 'string', demandOption: true }),
      (argv) => {
        io.stdout.write(explainText(String(argv.code)));
      },
    )
    .command(
      'serve',
      'open the browser page on this computer only (127.0.0.1)',
      (y) =>
        y.option('port', {
          type: 'number',
          describe: `the port to listen on (default ${DEFAULT_PORT}; 0 picks any free port)`,
        }),
      async (argv) => {
        await serve({ port: parsePort(argv.port) }, io.stdout);
      },
    )
    .demandCommand(1, 'Say what to do: plan, validate, template, rules, explain or serve (see --help).')
    .strict()
    .recommendCommands()
    .help()
    .version(TOOL.version)
    .wrap(100)
    .exitProcess(false)
    .fail((message, error) => {
      if (error) throw error;
      const sentence = /[.!?]$/.test(message) ? message : `${message}.`;
      throw new InputError(`${sentence} Run \`nhsmail-bulk --help\` to see the commands and options.`);
    });
  await cli.parseAsync();
  return code;
}

/**
 * The one exit-code mapper: runs a command line and returns its exit code. A failure that stops the
 * run is one sentence on stderr (code 2); the stack only with DEBUG.
 */
export async function run(args: string[], io: Io = process, debug = false): Promise<number> {
  try {
    return await main(args, io);
  } catch (err) {
    if (debug) io.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
    const sentence =
      err instanceof InputError
        ? err.message
        : `stopped on an unexpected problem (${(err as Error)?.message ?? String(err)}). Please report it; run again with DEBUG=1 to see the details.`;
    io.stderr.write(`nhsmail-bulk: ${sentence}\n`);
    return 2;
  }
}
