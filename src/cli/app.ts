/**
 * The `nhsmail-bulk` command. argv → options → core → report → files. This file is the one place
 * that sets the exit code: 0 ran clean, 1 ran with errors, 2 could not run (SPEC §2).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { styleText } from 'node:util';
import yargs from 'yargs';
import { encodingFromName } from '../core/decode.js';
import { type PlanResult, plan } from '../core/plan.js';
import { InputError } from '../core/types.js';
import { readInput } from '../io/read.js';
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

async function runPlanner(options: RunOptions, io: Io): Promise<PlanResult> {
  const staff = await readInput(
    options.staff,
    'staff file',
    options.sheet !== undefined ? { sheet: options.sheet } : {},
  );
  const sites = options.sites ? await readInput(options.sites, 'sites file') : undefined;
  const ods = [];
  for (const path of options.ods) ods.push(await readInput(path, 'ODS file'));
  const progress = progressTo(io);
  const result = plan(
    { staff, ...(sites ? { sites } : {}), ods },
    {
      asOf: options.asOf,
      ...(options.allowance !== undefined ? { allowance: options.allowance } : {}),
      ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
      only: options.only,
      skip: options.skip,
      ...(options.encoding ? { encoding: encodingFromName(options.encoding)! } : {}),
      ...(progress ? { onProgress: progress } : {}),
    },
  );
  if (progress && result.summary.rows >= 50_000) io.stderr.write('\n');
  return result;
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
  const result = await runPlanner(options, io);
  let written: string[] = [];
  if (write) {
    const files = planFiles(result, TOOL);
    const inputs = [options.staff, ...(options.sites ? [options.sites] : []), ...options.ods];
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
