/**
 * The existing-accounts export (`--existing`): who already has NHSmail, and at which site. It gives
 * each site's count of named accounts and lets the planner spot `new` requests for people who seem
 * to have an account already, and leavers who have none to remove. Addresses are compared folded.
 */
import type { EncodingName } from './decode.js';
import { type HeadedSummary, readHeaded } from './headed.js';
import { emailKey, isHqCode, isSiteCode, normaliseCode } from './normalise.js';
import { InputError, type InputFile } from './types.js';

type Field = 'address' | 'site' | 'first' | 'last';

/**
 * Folded header → field, covering NHSmail portal, Exchange and Active Directory exports. Not "NHSmail
 * address": that is a staff-file column, and a staff file given by mistake must be refused.
 */
const ALIASES = new Map<string, Field>([
  ['email', 'address'],
  ['emailaddress', 'address'],
  ['mail', 'address'],
  ['primarysmtpaddress', 'address'],
  ['smtpaddress', 'address'],
  ['userprincipalname', 'address'],
  ['upn', 'address'],
  ['odscode', 'site'],
  ['organisationcode', 'site'],
  ['organizationcode', 'site'],
  ['orgcode', 'site'],
  ['ou', 'site'],
  ['organisationalunit', 'site'],
  ['organizationalunit', 'site'],
  ['organisationunit', 'site'],
  ['siteodscode', 'site'],
  ['sitecode', 'site'],
  ['odssitecode', 'site'],
  ['firstname', 'first'],
  ['givenname', 'first'],
  ['forename', 'first'],
  ['lastname', 'last'],
  ['surname', 'last'],
  ['sn', 'last'],
  ['familyname', 'last'],
]);

const REQUIRED = [
  { field: 'address' as const, names: 'an e-mail address (Email Address, PrimarySmtpAddress or Mail)' },
  { field: 'site' as const, names: 'a site (ODS Code, Organisation Code or OU)' },
];

export interface ExistingAccount {
  site: string;
  line: number;
}

export interface ExistingIndex {
  summary: HeadedSummary;
  /** Named accounts per site code (shared mailboxes and repeated addresses not counted). */
  bySite: Map<string, number>;
  /** Folded address → where it is in the export. */
  addresses: Map<string, ExistingAccount>;
  /** `site` + person key → the line of the first account with that name at that site. */
  people: Map<string, number>;
  /** Sites whose shared mailbox (care.<code>@nhs.net) is in the export. */
  sharedMailboxes: Set<string>;
  /** Accounts whose site cell holds no code we can read: counted at no site (lines, in order). */
  unplaced: number[];
}

const SHARED_MAILBOX = /^care\.(v[a-z0-9]{4})@nhs\.net$/;

/**
 * The site code in an export cell: the cell itself when it is a code, else a site code inside it,
 * as in an OU written "Rose Court (VX1A3)". '' when there is none.
 */
export function siteCodeIn(value: string): string {
  const code = normaliseCode(value);
  if (isSiteCode(code) || isHqCode(code)) return code;
  // Words such as VILLA or VINES have the same shape: prefer a code in brackets, then one with a digit.
  const found = [...code.matchAll(/(?:^|[^A-Z0-9])(\(?)(V[A-Z0-9]{4})(?![A-Z0-9])/g)].map((m) => ({
    code: m[2]!,
    bracketed: m[1] === '(',
  }));
  const withDigit = (c: string) => /\d/.test(c);
  return (
    found.find((f) => f.bracketed && withDigit(f.code))?.code ??
    found.find((f) => withDigit(f.code))?.code ??
    found.find((f) => f.bracketed)?.code ??
    ''
  );
}

/** First and last name read from an address like anna.smith2@nhs.net, when the export gives none. */
export function namesFromAddress(address: string): { first: string; last: string } {
  const local = address.slice(0, address.indexOf('@'));
  const parts = local.split('.').filter(Boolean);
  if (parts.length < 2) return { first: '', last: '' };
  return { first: parts[0]!, last: parts[parts.length - 1]!.replace(/\d+$/, '') };
}

/** Part of a predicted address: lower case, accents dropped, only letters, digits and hyphens kept. */
const addressPart = (name: string): string =>
  name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '');

/**
 * The address NHSmail would probably give a person: firstname.lastname@nhs.net. A prediction only:
 * clashes, apostrophes and accents are resolved by NHSmail in ways that are not published.
 */
export function predictedAddress(first: string, last: string): string {
  const f = addressPart(first);
  const l = addressPart(last);
  return f && l ? `${f}.${l}@nhs.net` : '';
}

/**
 * A person at a site, with names folded as an address folds them (accents, apostrophes and spaces
 * gone), so "Siân O'Brien" on the staff list matches sian.obrien2@nhs.net in the export.
 */
export const personAtSite = (site: string, first: string, last: string): string =>
  `${site}\u0002${addressPart(first)}\u0002${addressPart(last)}`;

export function loadExisting(input: InputFile, forcedEncoding?: EncodingName): ExistingIndex {
  const index: Omit<ExistingIndex, 'summary'> = {
    bySite: new Map(),
    addresses: new Map(),
    people: new Map(),
    sharedMailboxes: new Set(),
    unplaced: [],
  };
  let others = 0;
  const summary = readHeaded(
    input,
    ALIASES,
    REQUIRED,
    'an export of NHSmail accounts',
    (row) => {
      const address = emailKey(row.get('address'));
      if (address === '') return;
      // An NHSmail account is an @nhs.net address; anything else (a personal address, a staff file
      // given by mistake) is not one.
      if (!address.endsWith('@nhs.net')) {
        others++;
        return;
      }
      const site = siteCodeIn(row.get('site'));
      const shared = SHARED_MAILBOX.exec(address);
      if (shared) {
        index.sharedMailboxes.add(shared[1]!.toUpperCase());
        return;
      }
      if (index.addresses.has(address)) return;
      index.addresses.set(address, { site, line: row.line });
      if (site === '') {
        index.unplaced.push(row.line);
        return;
      }
      index.bySite.set(site, (index.bySite.get(site) ?? 0) + 1);
      let first = row.get('first');
      let last = row.get('last');
      if (!first || !last) ({ first, last } = namesFromAddress(address));
      if (first && last) {
        const key = personAtSite(site, first, last);
        if (!index.people.has(key)) index.people.set(key, row.line);
      }
    },
    forcedEncoding,
  );
  if (index.addresses.size === 0 && index.sharedMailboxes.size === 0) {
    throw new InputError(
      `${input.name} has no @nhs.net addresses${others > 0 ? ` (its ${others} address(es) are all elsewhere)` : ''}, so it is not an export of NHSmail accounts: give the export of your organisation's current NHSmail users to --existing.`,
    );
  }
  return { ...index, summary };
}
