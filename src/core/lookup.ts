/**
 * Which codes to ask the ODS ORD API about (`--ods-online`): the site and HQ codes the staff and
 * sites files name that the local ODS files do not have. Only code-shaped values are ever returned,
 * so nothing else a cell holds (a name typed in the wrong column) can leave the machine.
 */
import type { EncodingName } from './decode.js';
import { isHqCode, isSiteCode, normaliseCode } from './normalise.js';
import { loadOds } from './ods.js';
import { readTable, SITES_TABLE, STAFF_TABLE, type TableSpec } from './table.js';
import type { InputFile } from './types.js';

export interface LookupPlan {
  /** Codes to ask about, sorted. */
  codes: string[];
  /** Codes the local ODS files already have: never asked about (nor their parents). */
  known: ReadonlySet<string>;
}

/** The site and HQ codes named in a table, read exactly as the planner reads it. */
function codesIn(input: InputFile, spec: TableSpec, add: (code: string) => void, encoding?: EncodingName) {
  const ignore = () => {};
  readTable(
    input,
    spec,
    {
      onTable: ignore,
      onRecord: ignore,
      onCell: ignore,
      onEnd: ignore,
      onRow(row) {
        add(normaliseCode(row.values.get('site_ods_code') ?? ''));
        add(normaliseCode(row.values.get('hq_ods_code') ?? ''));
      },
    },
    encoding,
  );
}

export function codesToLookUp(
  inputs: { staff: InputFile; sites?: InputFile | undefined; ods?: readonly InputFile[] | undefined },
  forcedEncoding?: EncodingName,
): LookupPlan {
  const known = new Set<string>(
    inputs.ods?.length ? loadOds([...inputs.ods], forcedEncoding).orgs.keys() : [],
  );
  const wanted = new Set<string>();
  const add = (code: string) => {
    if ((isSiteCode(code) || isHqCode(code)) && !known.has(code)) wanted.add(code);
  };
  codesIn(inputs.staff, STAFF_TABLE, add, forcedEncoding);
  if (inputs.sites) codesIn(inputs.sites, SITES_TABLE, add, forcedEncoding);
  return { codes: [...wanted].sort(), known };
}
