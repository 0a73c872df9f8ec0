/** Rules on a site's allowance, decided once rows are allocated to free slots (SPEC §5). */
import type { Params } from '../types.js';
import { defineRule, s } from './rule.js';

/** ", already sent 3" when an earlier upload's requests take slots (`--previous`), else nothing. */
const sentBefore = (p: Params): string =>
  Number(p.submitted ?? 0) > 0 ? `, already sent ${s(p, 'submitted')}` : '';

export const staffOverQuota = defineRule({
  code: 'staff-over-quota',
  severity: 'error',
  scope: 'quota',
  tags: ['staff', 'quota'],
  title: "The person is beyond the site's allowance",
  description:
    'The site has no free account left for this valid request (owners first, then members, in file order). The row is deferred, not rejected: it can go once a slot frees up, e.g. after a leaver, or if NAS agrees a higher allowance.',
  message: (p) =>
    `Site ${s(p, 'site')} has no free account left for this request (allowance ${s(p, 'allowance')}, existing ${s(p, 'existing')}${sentBefore(p)}).`,
  hint: () => 'Send it later, after leavers free a slot, or ask NAS about a higher allowance for this site.',
  check({ site, allocation }, report) {
    for (const row of allocation.deferred) {
      report({
        row,
        column: 'site_ods_code',
        value: site.code,
        params: {
          site: site.code,
          allowance: allocation.allowance,
          existing: allocation.existing,
          submitted: allocation.submitted,
        },
      });
    }
  },
});

export const siteOverQuota = defineRule({
  code: 'site-over-quota',
  severity: 'error',
  scope: 'quota',
  tags: ['site', 'quota'],
  title: 'More requests than the site has free accounts',
  description:
    'Free accounts = allowance (default 10 named accounts a site) − existing accounts + leavers − requests an earlier upload already sent (--previous). Valid requests beyond that are deferred.',
  message: (p) =>
    `Site ${s(p, 'code')} asks for ${s(p, 'requested')} account(s) but has ${s(p, 'free')} free (allowance ${s(p, 'allowance')}, existing ${s(p, 'existing')}, leavers ${s(p, 'leavers')}${sentBefore(p)}); ${s(p, 'over')} deferred.`,
  hint: () => 'Choose who needs an account first, add leavers, or ask NAS about a higher allowance.',
  check({ site, allocation }, report) {
    const over = allocation.deferred.length;
    if (over === 0) return;
    report({
      params: {
        code: site.code,
        requested: allocation.candidates,
        free: Math.max(0, allocation.free),
        allowance: allocation.allowance,
        existing: allocation.existing,
        leavers: allocation.leavers,
        submitted: allocation.submitted,
        over,
      },
    });
  },
});

export const siteBelowMinimum = defineRule({
  code: 'site-below-minimum',
  severity: 'warning',
  scope: 'quota',
  tags: ['site', 'quota'],
  title: 'A new site asks for fewer than 2 accounts',
  description:
    'When a site first registers for NHSmail, NAS asks for at least 2 users. Applies to sites with no shared mailbox yet (shared_mailbox_exists no, or no existing accounts).',
  message: (p) =>
    `New site ${s(p, 'code')} asks for ${s(p, 'count')} account(s); NAS needs at least 2 to register a site.`,
  hint: () => 'Add at least one more person for this site, or wait and send the site with more staff.',
  check({ site, allocation }, report) {
    if (allocation.isNewSite && allocation.requests < 2) {
      report({ params: { code: site.code, count: allocation.requests } });
    }
  },
});

export const siteNoOwner = defineRule({
  code: 'site-no-owner',
  severity: 'warning',
  scope: 'quota',
  tags: ['site', 'access'],
  title: 'A new site has no shared mailbox owner',
  description:
    "A site's shared mailbox owner manages its joiners and leavers. A new site with no owner among its ready requests cannot manage itself.",
  message: (p) => `New site ${s(p, 'code')} has no shared mailbox owner among its ready requests.`,
  hint: () => 'Set access to owner for the site manager (or another senior person) at this site.',
  check({ site, allocation }, report) {
    if (
      allocation.isNewSite &&
      allocation.ready.length > 0 &&
      !allocation.ready.some((r) => r.access === 'owner')
    ) {
      report({ params: { code: site.code } });
    }
  },
});
