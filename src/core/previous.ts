/**
 * An earlier run's upload file (`--previous DIR`): the rows already sent to NAS. A staff row that is
 * one of them is `submitted`, so re-running after fixing errors never sends a person twice (the
 * portal warns that a resubmitted row creates a duplicate account).
 */
import type { EncodingName } from './decode.js';
import { type HeadedSummary, readHeaded } from './headed.js';
import type { StaffRow } from './model.js';
import { emailKey, normaliseCode } from './normalise.js';
import type { InputFile } from './types.js';

type Field = 'action' | 'site' | 'mailbox' | 'access' | 'email' | 'nhsmail';

/** The upload file's own headers (SPEC §4), folded. */
export const PREVIOUS_HEADERS: ReadonlyMap<string, Field> = new Map([
  ['action', 'action'],
  ['siteodscode', 'site'],
  ['sharedmailbox', 'mailbox'],
  ['mailboxaccess', 'access'],
  ['personalemail', 'email'],
  ['existingnhsmailaddress', 'nhsmail'],
]);

/** The upload file's own columns: a staff file or review.csv has some of them, never all. */
const REQUIRED = [
  { field: 'action' as const, names: '"Action"' },
  { field: 'site' as const, names: '"Site ODS Code"' },
  { field: 'mailbox' as const, names: '"Shared Mailbox"' },
  { field: 'access' as const, names: '"Mailbox Access"' },
  { field: 'email' as const, names: '"Personal Email"' },
  { field: 'nhsmail' as const, names: '"Existing NHSmail Address"' },
];

export interface PreviousIndex {
  /** One per earlier upload file, in the order given. */
  files: HeadedSummary[];
  /** Request key → the file and line that sent it (the first, when several did). */
  sent: Map<string, { file: string; line: number }>;
}

/**
 * What makes two rows the same request: the action, the site and the person — their personal e-mail
 * for a new account, their NHSmail address (else personal e-mail) for a joiner or leaver.
 */
export function requestKey(action: string, site: string, email: string, nhsmail: string): string {
  const a = action.trim().toLowerCase();
  const person = a !== 'new' && nhsmail.trim() !== '' ? `nhs:${emailKey(nhsmail)}` : emailKey(email);
  return person === '' ? '' : `${a}\u0002${normaliseCode(site)}\u0002${person}`;
}

/**
 * Reads every earlier upload file (one per earlier run: each run's upload holds only what that run
 * sent, so a third run names the folders of both earlier ones).
 */
export function loadPrevious(inputs: readonly InputFile[], forcedEncoding?: EncodingName): PreviousIndex {
  const sent: PreviousIndex['sent'] = new Map();
  const files = inputs.map((input) =>
    readHeaded(
      input,
      PREVIOUS_HEADERS,
      REQUIRED,
      'an nhsmail-bulk upload file (nas-bulk-upload.csv)',
      (row) => {
        const key = requestKey(row.get('action'), row.get('site'), row.get('email'), row.get('nhsmail'));
        if (key !== '' && !sent.has(key)) sent.set(key, { file: input.name, line: row.line });
      },
      forcedEncoding,
    ),
  );
  return { files, sent };
}

/**
 * Where an earlier upload already sent this staff row's request, if one did; each sent request is
 * taken by the first row that matches it, so a row entered twice is one `submitted` row and one
 * duplicate (which the duplicate rules then reject), not two sent requests.
 */
export function takeSent(
  previous: PreviousIndex | undefined,
  row: StaffRow,
): { file: string; line: number } | undefined {
  if (!previous || row.action === undefined) return undefined;
  const key = requestKey(row.action, row.siteCode, row.get('personal_email'), row.get('nhsmail_address'));
  const sent = key === '' ? undefined : previous.sent.get(key);
  if (sent) previous.sent.delete(key);
  return sent;
}
