/** Site rules: each site against its own details and the ODS reference (SPEC §6 "Sites"). */
import type { Site } from '../model.js';
import {
  isCqcId,
  isDsptSufficient,
  isHqCode,
  isPostcode,
  isSiteCode,
  parseCount,
  parseYesNo,
  postcodeNation,
} from '../normalise.js';
import { isClosed, isEngland, type OdsIndex, type OdsOrg, odsSources } from '../ods.js';
import { defineRule, s } from './rule.js';

const siteOrg = (site: Site, ods: OdsIndex | undefined): OdsOrg | undefined => {
  const org = ods?.orgs.get(site.code);
  return org?.kind === 'site' ? org : undefined;
};

const orgName = (ods: OdsIndex | undefined, code: string): string => ods?.orgs.get(code)?.name ?? '';
const named = (code: string, name: string) => (name ? `${code} (${name})` : code);

export const siteCodeInvalid = defineRule({
  code: 'site-code-invalid',
  severity: 'error',
  scope: 'site',
  tags: ['site', 'ods'],
  title: 'A site code in the sites file is not a care site code',
  description: 'A care site ODS code is V followed by 4 letters or digits (e.g. VN6C2).',
  message: (p) => `The site code "${s(p, 'code')}" is not a care site code (V + 4 letters or digits).`,
  hint: () => "Use the site's own ODS code from the ODS portal or its CQC registration.",
  check({ site }, report) {
    if (site.inSitesFile && !isSiteCode(site.code)) report({ params: { code: site.code } });
  },
});

export const siteHqCodeInvalid = defineRule({
  code: 'site-hq-code-invalid',
  severity: 'error',
  scope: 'site',
  tags: ['site', 'ods', 'hq'],
  title: 'The HQ code is not an HQ ODS code',
  description:
    "A provider's HQ ODS code has 4 letters or digits, usually starting A or C. Codes starting 8 are non-NHS codes and cannot be used.",
  message: (p) => `The HQ code "${s(p, 'value')}" is not a provider (HQ) ODS code.`,
  hint: () => "Use your provider's HQ ODS code (4 characters), as shown in the ODS portal.",
  check({ site }, report) {
    const value = site.details.hq_ods_code ?? '';
    if (value !== '' && !isHqCode(value)) report({ params: { value }, column: 'hq_ods_code', value });
  },
});

export const siteNotInOds = defineRule({
  code: 'site-not-in-ods',
  severity: 'error',
  scope: 'site',
  tags: ['site', 'ods'],
  title: 'The site is not in the ODS reference',
  description:
    'The site is listed in your files but not in the ODS site file given. NHSmail accounts must sit under a real, open ODS organisation.',
  message: (p) => `Site ${s(p, 'code')} is not in the ODS reference (${s(p, 'files')}).`,
  hint: () =>
    'Check the code against your CQC registration; if the site is newly registered, wait for the monthly ODS refresh or use a newer ODS file.',
  check({ site, ods }, report) {
    if (!ods?.hasSites || !site.listed || !isSiteCode(site.code) || ods.unchecked.has(site.code)) return;
    // Missing from ODS files that list sites, or answered "not found" by the ODS service; a code
    // nobody asked the service about is not reported from the service alone.
    const missing = ods.sitesInFiles || ods.notFound.has(site.code);
    if (missing && !ods.orgs.has(site.code)) {
      report({ params: { code: site.code, files: odsSources(ods) } });
    }
  },
});

export const siteClosed = defineRule({
  code: 'site-closed',
  severity: 'error',
  scope: 'site',
  tags: ['site', 'ods'],
  title: 'The site is closed in ODS',
  description:
    'ODS records the site as closed on or before the as-of date. Accounts cannot sit under a closed organisation.',
  message: (p) =>
    p.closeDate
      ? `Site ${s(p, 'code')} closed in ODS on ${s(p, 'closeDate')}.`
      : `Site ${s(p, 'code')} is inactive in ODS.`,
  hint: () => 'Remove its staff from the request, or use the code of the site they work at now.',
  check({ site, ods, asOf }, report) {
    const org = siteOrg(site, ods);
    if (org && isClosed(org, asOf)) report({ params: { code: site.code, closeDate: org.closeDate } });
  },
});

export const siteHqMismatch = defineRule({
  code: 'site-hq-mismatch',
  severity: 'error',
  scope: 'site',
  tags: ['site', 'ods', 'hq'],
  title: 'ODS puts the site under a different HQ',
  description:
    'The HQ you give for the site is not its parent in ODS. NAS checks the ODS hierarchy, which often differs from how a provider sees itself; until ODS or your file is corrected the request will bounce.',
  message: (p) =>
    `You list site ${s(p, 'code')} under HQ ${s(p, 'declared')}, but ODS puts it under HQ ${s(p, 'parent')}.`,
  hint: () =>
    'If ODS is wrong, ask CQC/ODS to correct the relationship; if your file is wrong, change hq_ods_code to the ODS parent.',
  check({ site, ods }, report) {
    const org = siteOrg(site, ods);
    const declared = site.details.hq_ods_code ?? '';
    if (!org || org.parent === '' || declared === '' || !isHqCode(declared) || org.parent === declared)
      return;
    report({
      params: {
        code: site.code,
        declared: named(declared, orgName(ods, declared)),
        parent: named(org.parent, orgName(ods, org.parent)),
        declaredCode: declared,
        parentCode: org.parent,
      },
      column: 'hq_ods_code',
      value: declared,
    });
  },
});

export const siteHqClosed = defineRule({
  code: 'site-hq-closed',
  severity: 'error',
  scope: 'site',
  tags: ['site', 'ods', 'hq'],
  title: "The site's HQ is closed in ODS",
  description:
    "The site's HQ (its ODS parent, else the HQ you gave) is closed in ODS on or before the as-of date.",
  message: (p) =>
    `The HQ ${s(p, 'hq')} of site ${s(p, 'code')} is closed in ODS${p.closeDate ? ` (${s(p, 'closeDate')})` : ''}.`,
  hint: () => 'Check the provider registration with CQC; accounts need an open HQ.',
  check({ site, ods, asOf }, report) {
    const hq = siteOrg(site, ods)?.parent || site.details.hq_ods_code || '';
    const org = hq ? ods?.orgs.get(hq) : undefined;
    if (org && isClosed(org, asOf)) {
      report({
        params: { code: site.code, hq: named(hq, org.name), closeDate: org.closeDate },
        column: 'hq_ods_code',
        value: hq,
      });
    }
  },
});

export const siteNotEngland = defineRule({
  code: 'site-not-england',
  severity: 'error',
  scope: 'site',
  tags: ['site', 'ods', 'geography'],
  title: 'ODS places the site outside England',
  description:
    'NHSmail through NAS is for CQC-registered providers in England. ODS also lists Welsh (CIW) care sites; Wales and Northern Ireland are not eligible and Scotland has its own route.',
  message: (p) => `ODS gives site ${s(p, 'code')}'s country as ${s(p, 'country')}, not England.`,
  hint: () => 'Remove this site from the request; sites outside England cannot get NHSmail this way.',
  check({ site, ods }, report) {
    const org = siteOrg(site, ods);
    if (org && !isEngland(org)) report({ params: { code: site.code, country: org.country } });
  },
});

export const sitePostcodeOutsideEngland = defineRule({
  code: 'site-postcode-outside-england',
  severity: 'warning',
  scope: 'site',
  tags: ['site', 'geography'],
  title: 'The postcode suggests the site is outside England',
  description:
    'Used only when ODS gives no country. Welsh, Scottish, Northern Irish and Crown Dependency postcode areas are outside England; border areas (CH, SY, HR, LD7/LD8, TD12/TD15, parts of NP) need confirming.',
  message: (p) =>
    p.nation === 'border'
      ? `The postcode ${s(p, 'postcode')} of site ${s(p, 'code')} is in a cross-border area.`
      : `The postcode ${s(p, 'postcode')} of site ${s(p, 'code')} is in ${s(p, 'where')}, outside England.`,
  hint: (p) =>
    p.nation === 'border'
      ? 'Confirm the site is in England; NHSmail through NAS is for English providers.'
      : 'Check the postcode; sites outside England cannot get NHSmail this way.',
  check({ site, ods }, report) {
    const org = siteOrg(site, ods);
    if (org?.country) return;
    const postcode = site.details.postcode || org?.postcode || '';
    const nation = postcode ? postcodeNation(postcode) : undefined;
    if (!nation) return;
    const where: Record<string, string> = {
      wales: 'Wales',
      scotland: 'Scotland',
      'northern-ireland': 'Northern Ireland',
      'crown-dependency': 'a Crown Dependency',
      border: 'a border area',
    };
    report({
      params: { code: site.code, postcode, nation, where: where[nation]! },
      column: 'postcode',
      value: postcode,
    });
  },
});

export const sitePostcodeInvalid = defineRule({
  code: 'site-postcode-invalid',
  severity: 'warning',
  scope: 'site',
  tags: ['site', 'geography'],
  title: 'The postcode is not a UK postcode',
  description: 'A UK postcode looks like SW1A 1AA.',
  message: (p) => `The postcode "${s(p, 'value')}" of site ${s(p, 'code')} is not a UK postcode.`,
  hint: () => 'Check the postcode on the CQC registration.',
  check({ site }, report) {
    const value = site.details.postcode ?? '';
    if (value !== '' && !isPostcode(value))
      report({ params: { value, code: site.code }, column: 'postcode', value });
  },
});

export const siteCqcIdInvalid = defineRule({
  code: 'site-cqc-id-invalid',
  severity: 'error',
  scope: 'site',
  tags: ['site', 'cqc'],
  title: 'The CQC location ID is not a CQC ID',
  description: 'CQC location IDs are "1-" followed by digits, e.g. 1-112369265.',
  message: (p) => `The CQC location ID "${s(p, 'value')}" is not a CQC ID (1- followed by digits).`,
  hint: () => "Copy the location ID from the site's page on the CQC website.",
  check({ site }, report) {
    const value = site.details.cqc_location_id ?? '';
    if (value !== '' && !isCqcId(value)) report({ params: { value }, column: 'cqc_location_id', value });
  },
});

export const siteDsptInsufficient = defineRule({
  code: 'site-dspt-insufficient',
  severity: 'error',
  scope: 'site',
  tags: ['site', 'dspt'],
  title: 'The DSPT status is not enough for NHSmail',
  description:
    'NHSmail needs a published Data Security and Protection Toolkit level of at least Approaching Standards (Standards Met or Exceeded are better). Checked when a dspt_status column is given.',
  message: (p) =>
    p.value
      ? `Site ${s(p, 'code')} has DSPT status "${s(p, 'value')}", which is not enough for NHSmail.`
      : `Site ${s(p, 'code')} has no DSPT status.`,
  hint: () =>
    'Publish a DSPT assessment reaching at least Approaching Standards, then put its level in dspt_status.',
  check({ site }, report) {
    if (!site.columns.has('dspt_status')) return;
    const value = site.details.dspt_status ?? '';
    if (!isDsptSufficient(value))
      report({ params: { code: site.code, value }, column: 'dspt_status', value });
  },
});

export const siteValueInvalid = defineRule({
  code: 'site-value-invalid',
  severity: 'error',
  scope: 'site',
  tags: ['site'],
  title: 'A site number or yes/no value cannot be read',
  description:
    'existing_accounts and allowance must be whole numbers; shared_mailbox_exists must be yes or no.',
  message: (p) =>
    `The ${s(p, 'column')} "${s(p, 'value')}" of site ${s(p, 'code')} is not ${s(p, 'expected')}.`,
  hint: (p) => `Write ${s(p, 'expected')} in ${s(p, 'column')}.`,
  check({ site }, report) {
    for (const column of ['existing_accounts', 'allowance'] as const) {
      const value = site.details[column] ?? '';
      if (value !== '' && parseCount(value) === undefined) {
        report({ params: { column, value, code: site.code, expected: 'a whole number' }, column, value });
      }
    }
    const sm = site.details.shared_mailbox_exists ?? '';
    if (sm !== '' && parseYesNo(sm) === undefined) {
      report({
        params: { column: 'shared_mailbox_exists', value: sm, code: site.code, expected: 'yes or no' },
        column: 'shared_mailbox_exists',
        value: sm,
      });
    }
  },
});

export const siteConflictingDetails = defineRule({
  code: 'site-conflicting-details',
  severity: 'error',
  scope: 'site',
  tags: ['site'],
  title: 'Rows of one site disagree about its details',
  description:
    'Two rows (staff rows carrying site columns, or the sites file and a staff row) give different values for the same detail of one site. We do not guess which is right.',
  message: (p) =>
    `Site ${s(p, 'code')} has ${s(p, 'column')} "${s(p, 'second')}" here but "${s(p, 'first')}" on ${s(p, 'firstFile')} line ${s(p, 'firstLine')}.`,
  hint: () => 'Make the value the same on every row of this site (or leave it blank on all but one).',
  check({ site }, report) {
    for (const c of site.conflicts) {
      report({
        params: {
          code: site.code,
          column: c.column,
          first: c.first.value,
          second: c.second.value,
          firstFile: c.first.file,
          firstLine: c.first.line,
        },
        file: c.second.file,
        line: c.second.line,
        column: c.column,
        value: c.second.value,
      });
    }
  },
});

export const siteDuplicate = defineRule({
  code: 'site-duplicate',
  severity: 'error',
  scope: 'site',
  tags: ['site', 'duplicate'],
  title: 'A site is listed twice in the sites file',
  description: 'Each site should have one row in the sites file.',
  message: (p) => `Site ${s(p, 'code')} is listed again; it is first listed on line ${s(p, 'firstLine')}.`,
  hint: () => 'Merge the two rows into one.',
  check({ site }, report) {
    for (const d of site.duplicates) {
      report({
        params: { code: site.code, firstLine: d.firstLine },
        file: d.file,
        line: d.line,
        column: 'site_ods_code',
      });
    }
  },
});
