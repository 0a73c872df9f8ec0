/**
 * Which codes to ask the ODS ORD API about (`--ods-online`): the site and HQ codes the staff and
 * sites files name that the local ODS files do not have. Only code-shaped values are ever returned,
 * so nothing else a cell holds (a name typed in the wrong column) can leave the machine.
 */
import { canonicalColumn } from './columns.js';
import type { EncodingName } from './decode.js';
import { readHeaded } from './headed.js';
import { isHqCode, isSiteCode, normaliseCode } from './normalise.js';
import { loadOds } from './ods.js';
import { InputError, type InputFile } from './types.js';

type CodeColumn = 'site_ods_code' | 'hq_ods_code';
const CODE_COLUMNS: readonly CodeColumn[] = ['site_ods_code', 'hq_ods_code'];

export interface LookupPlan {
  /** Codes to ask about, sorted. */
  codes: string[];
  /** Codes the local ODS files already have: never asked about (nor their parents). */
  known: ReadonlySet<string>;
}

export function codesToLookUp(
  inputs: { staff: InputFile; sites?: InputFile | undefined; ods?: readonly InputFile[] | undefined },
  forcedEncoding?: EncodingName,
): LookupPlan {
  const known = new Set<string>(
    inputs.ods?.length ? loadOds([...inputs.ods], forcedEncoding).orgs.keys() : [],
  );
  const wanted = new Set<string>();
  for (const input of [inputs.staff, inputs.sites]) {
    if (!input) continue;
    try {
      readHeaded(
        input,
        (header) => canonicalColumn(header, CODE_COLUMNS),
        [{ field: 'site_ods_code', names: 'a site code' }],
        'a staff or sites file',
        (row) => {
          for (const column of CODE_COLUMNS) {
            const code = normaliseCode(row.get(column));
            if ((isSiteCode(code) || isHqCode(code)) && !known.has(code)) wanted.add(code);
          }
        },
        forcedEncoding,
      );
    } catch (err) {
      // A file the planner cannot read is reported by the planner itself, in full.
      if (!(err instanceof InputError)) throw err;
    }
  }
  return { codes: [...wanted].sort(), known };
}
