/** argv → typed options, validated once at the edge (zod); commands never re-check flags. */
import { z } from 'zod';
import { encodingFromName, SUPPORTED_ENCODINGS } from '../core/decode.js';
import { selectRules } from '../core/rules/index.js';
import { InputError } from '../core/types.js';

const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v])
    .flatMap((x) => String(x).split(','))
    .map((x) => x.trim())
    .filter(Boolean);

const isRealDate = (v: string) => {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
};

const positiveInt = (flag: string, min: number) =>
  z.coerce
    .number({ error: `${flag} must be a whole number` })
    .int({ error: `${flag} must be a whole number` })
    .min(min, { error: `${flag} must be at least ${min}` });

const runSchema = z.object({
  staff: z.string({ error: 'Give the staff file: nhsmail-bulk plan STAFF.csv (or --staff FILE)' }).min(1),
  sites: z.string().optional(),
  ods: z.array(z.string()),
  existing: z.string().min(1).optional(),
  previous: z.array(z.string()),
  odsOnline: z.boolean(),
  odsCache: z.string().min(1).optional(),
  out: z.string().min(1),
  allowance: positiveInt('--allowance', 0).optional(),
  batchSize: positiveInt('--batch-size', 1).optional(),
  asOf: z.string().refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && isRealDate(v), {
    error: '--as-of must be a date written YYYY-MM-DD, such as 2026-11-01',
  }),
  strict: z.boolean(),
  force: z.boolean(),
  json: z.boolean(),
  only: z.array(z.string()),
  skip: z.array(z.string()),
  sheet: z.string().min(1, { error: '--sheet needs the name of a sheet' }).optional(),
  encoding: z
    .string()
    .optional()
    .refine((v) => v === undefined || encodingFromName(v) !== undefined, {
      error: `--encoding must be one of ${SUPPORTED_ENCODINGS.join(', ')}`,
    }),
});

export type RunOptions = z.infer<typeof runSchema>;

/** Local date as YYYY-MM-DD: the one place "today" is read. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function parseRunOptions(argv: Record<string, unknown>, defaults: { asOf: string }): RunOptions {
  const positional = (argv._ as unknown[] | undefined)?.slice(1).map(String) ?? [];
  const staffFlag = argv.staff as string | undefined;
  if (staffFlag && positional[0] && staffFlag !== positional[0]) {
    throw new InputError('Give the staff file once: either as the first argument or with --staff, not both.');
  }
  if (positional.length > 1) {
    throw new InputError(
      `Only one staff file can be given; "${positional[1]}" is extra: use --sites and --ods for the other files.`,
    );
  }
  const parsed = runSchema.safeParse({
    staff: staffFlag ?? positional[0],
    sites: argv.sites,
    ods: list(argv.ods),
    existing: argv.existing,
    previous: list(argv.previous),
    odsOnline: Boolean(argv['ods-online']),
    odsCache: argv['ods-cache'],
    out: argv.out ?? 'nhsmail-bulk-output',
    allowance: argv.allowance,
    batchSize: argv['batch-size'],
    asOf: argv['as-of'] ?? defaults.asOf,
    strict: Boolean(argv.strict),
    force: Boolean(argv.force),
    json: Boolean(argv.json),
    only: list(argv.only),
    skip: list(argv.skip),
    encoding: argv.encoding,
    sheet: argv.sheet,
  });
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new InputError(`${first.message}.`);
  }
  if (parsed.data.odsCache !== undefined && !parsed.data.odsOnline) {
    throw new InputError(
      '--ods-cache is only used with --ods-online: add --ods-online, or leave --ods-cache out.',
    );
  }
  const { unknown, essentialSkipped } = selectRules(parsed.data.only, parsed.data.skip);
  if (essentialSkipped.length > 0) {
    throw new InputError(
      `${essentialSkipped[0]} cannot be skipped: it keeps formulas, hidden characters and broken rows out of the upload file. Leave it out of --skip.`,
    );
  }
  if (unknown.length > 0) {
    throw new InputError(
      `"${unknown[0]}" is not a rule code or tag: run \`nhsmail-bulk rules\` to see the codes and tags you can use with --only and --skip.`,
    );
  }
  return parsed.data;
}
