/**
 * One answer of the ODS ORD API (`ORD/2-0-0/organisations/{code}`) as an OdsOrg, so organisations
 * looked up online are checked by the same rules as rows of the published files. The shape is in
 * DOMAIN.md ("ORD API"); this module only reads it and decides which codes may be sent at all.
 */
import { z } from 'zod';
import { isSiteCode, normaliseCode } from './normalise.js';
import { isoDate, type OdsOrg, ORD_NAME } from './ods.js';

/** The `file` of every OdsOrg read from the ORD API: the report names it as the source. */
export const ORD_SOURCE = ORD_NAME;

/**
 * Whether `code` may be sent to the ORD API. Only the shapes of our codes (a site is `V` + 4, an HQ
 * is 4; 3 and 5 are allowed for older and other organisations) and only as the caller normalised them
 * (upper-case, trimmed): `vx1a3 ` is refused, so a caller that forgets to normalise sends nothing.
 * It must start with a letter (codes starting `8` are non-NHS and never valid here, DOMAIN.md) and
 * hold a digit: `MARY` or `VICKY` is a name typed into a code column and has the shape of a code
 * otherwise, so an all-letter code is never sent — its check is reported as not made instead.
 */
export const isLookupCode = (code: string): boolean => /^[A-Z][A-Z0-9]{2,4}$/.test(code) && /\d/.test(code);

// Role ids of a social care site, care home, domiciliary care (DOMAIN.md). Anything else (RO104, the
// social care provider, among them) is an HQ unless its code has the site shape.
const SITE_ROLES = new Set(['RO101', 'RO269', 'RO270']);
/** "is operated by": site → HQ. */
const OPERATED_BY = 'RE6';

const ordDate = z.object({ Type: z.string(), Start: z.string().optional(), End: z.string().optional() });
const orgId = z.object({ extension: z.string() });
const ordBody = z.object({
  Organisation: z.object({
    Name: z.string(),
    Status: z.string(),
    OrgId: orgId,
    Date: z.array(ordDate).optional(),
    GeoLoc: z
      .object({
        Location: z.object({ PostCode: z.string().optional(), Country: z.string().optional() }),
      })
      .optional(),
    Roles: z.object({ Role: z.array(z.object({ id: z.string() })) }).optional(),
    Rels: z
      .object({
        Rel: z.array(
          z.object({
            id: z.string(),
            Status: z.string().optional(),
            Date: z.array(ordDate).optional(),
            Target: z.object({ OrgId: orgId }),
          }),
        ),
      })
      .optional(),
  }),
});

type OrdDate = z.infer<typeof ordDate>;

/** Start and End (ISO or '') of the Operational period, else the Legal one. */
function period(dates: readonly OrdDate[] | undefined): { start: string; end: string } {
  const chosen = dates?.find((d) => d.Type === 'Operational') ?? dates?.find((d) => d.Type === 'Legal');
  return { start: isoDate(chosen?.Start ?? ''), end: isoDate(chosen?.End ?? '') };
}

/**
 * The HQ that operates the organisation: the RE6 relationship that is Active with no end date, else
 * the one that started last (a Status of Active alone is not trusted: DOMAIN.md's trap).
 */
function operator(rels: z.infer<typeof ordBody>['Organisation']['Rels']): string {
  const re6 = (rels?.Rel ?? [])
    .filter((r) => r.id === OPERATED_BY)
    .map((r) => {
      const { start, end } = period(r.Date);
      const current = r.Status?.toLowerCase() === 'active' && end === '';
      return { code: normaliseCode(r.Target.OrgId.extension), current, start };
    });
  const pool = re6.some((r) => r.current) ? re6.filter((r) => r.current) : re6;
  let best = pool[0];
  for (const r of pool) if (best && r.start > best.start) best = r;
  return best?.code ?? '';
}

/**
 * The organisation in one ORD answer, or undefined when the body is not an ORD organisation record
 * for `requestedCode` (wrong shape, a status other than Active/Inactive, another code). Never throws.
 */
export function orgFromOrd(json: unknown, requestedCode: string): OdsOrg | undefined {
  let parsed: ReturnType<typeof ordBody.safeParse>;
  try {
    parsed = ordBody.safeParse(json);
  } catch {
    return undefined;
  }
  if (!parsed.success) return undefined;
  const org = parsed.data.Organisation;
  const code = normaliseCode(org.OrgId.extension);
  if (code === '' || code !== normaliseCode(requestedCode)) return undefined;
  if (!['active', 'inactive'].includes(org.Status.toLowerCase())) return undefined;
  const { start, end } = period(org.Date);
  const roles = org.Roles?.Role.map((r) => r.id) ?? [];
  const site = roles.some((r) => SITE_ROLES.has(r)) || isSiteCode(code);
  const location = org.GeoLoc?.Location;
  return {
    code,
    name: org.Name.trim(),
    parent: operator(org.Rels),
    openDate: start,
    closeDate: end,
    status: org.Status,
    postcode: (location?.PostCode ?? '').trim().toUpperCase(),
    country: (location?.Country ?? '').trim().toUpperCase(),
    kind: site ? 'site' : 'hq',
    file: ORD_SOURCE,
    line: 0,
  };
}
