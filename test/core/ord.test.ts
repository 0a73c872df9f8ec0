/** Reading ORD API answers (fixtures/ord, recorded shape) into OdsOrg, and which codes may be sent. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isClosed, isEngland, type OdsOrg } from '../../src/core/ods.js';
import { isLookupCode, ORD_SOURCE, orgFromOrd } from '../../src/core/ord.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(`fixtures/ord/${name}.json`, 'utf8'));

/** A deep copy of a fixture with `edit` applied to its Organisation. */
function edited(name: string, edit: (org: Record<string, unknown>) => void): unknown {
  const body = structuredClone(fixture(name)) as { Organisation: Record<string, unknown> };
  edit(body.Organisation);
  return body;
}

const org = (over: Partial<OdsOrg>): OdsOrg => ({
  code: '',
  name: '',
  parent: '',
  openDate: '',
  closeDate: '',
  status: 'Active',
  postcode: '',
  country: 'ENGLAND',
  kind: 'site',
  file: ORD_SOURCE,
  line: 0,
  ...over,
});

describe('orgFromOrd: the recorded-shape fixtures', () => {
  it.each([
    {
      name: 'an active care-home site: the Active RE6 wins over the ended one',
      file: 'VX1A3',
      want: org({
        code: 'VX1A3',
        name: 'ASHGROVE HOUSE CARE HOME',
        parent: 'AX7B',
        openDate: '2014-03-01',
        postcode: 'LS6 9QX',
      }),
      closed: false,
    },
    {
      name: 'its active HQ (RO104)',
      file: 'AX7B',
      want: org({
        code: 'AX7B',
        name: 'BRAMLEY CARE GROUP LIMITED',
        openDate: '2011-10-04',
        postcode: 'LS5 3QB',
        kind: 'hq',
      }),
      closed: false,
    },
    {
      name: 'an Inactive HQ with an end date',
      file: 'AQ2D',
      want: org({
        code: 'AQ2D',
        name: 'HEADINGLEY HOMES LTD',
        openDate: '2009-01-12',
        closeDate: '2019-05-31',
        status: 'Inactive',
        postcode: 'LS6 3AA',
        kind: 'hq',
      }),
      closed: true,
    },
    {
      name: 'an "Active" site carrying an Operational end date keeps it, so it counts as closed',
      file: 'VX4K8',
      want: org({
        code: 'VX4K8',
        name: 'THE LARCHES NURSING HOME',
        parent: 'AX7B',
        openDate: '2016-08-15',
        closeDate: '2024-03-31',
        postcode: 'WF3 1ZP',
      }),
      closed: true,
    },
    {
      name: 'a Welsh site',
      file: 'VW2E5',
      want: org({
        code: 'VW2E5',
        name: 'TY GWYN RESIDENTIAL HOME',
        parent: 'CW3F',
        openDate: '2018-02-05',
        postcode: 'CF14 9XW',
        country: 'WALES',
      }),
      closed: false,
    },
  ])('$name ($file)', ({ file, want, closed }) => {
    const got = orgFromOrd(fixture(file), file);
    expect(got).toEqual(want);
    expect(isClosed(got!, '2026-11-01')).toBe(closed);
  });

  it('the Welsh site is outside England', () => {
    expect(isEngland(orgFromOrd(fixture('VW2E5'), 'VW2E5')!)).toBe(false);
  });

  it('the 404 body is not an organisation', () => {
    expect(orgFromOrd(fixture('not-found'), 'VX1A3')).toBeUndefined();
  });

  it('matches the requested code whatever its case or spacing, and refuses an answer for another code', () => {
    expect(orgFromOrd(fixture('VX1A3'), ' vx1a3 ')?.code).toBe('VX1A3');
    expect(orgFromOrd(fixture('VX1A3'), 'VX4K8')).toBeUndefined();
  });
});

describe('orgFromOrd: fields', () => {
  it('falls back to the Legal dates when there is no Operational one', () => {
    const body = edited('AQ2D', (o) => {
      o.Date = [{ Type: 'Legal', Start: '2009-02-01', End: '2019-06-30' }];
    });
    expect(orgFromOrd(body, 'AQ2D')).toMatchObject({ openDate: '2009-02-01', closeDate: '2019-06-30' });
  });

  it('leaves dates empty when there is no Date or it cannot be read as a date', () => {
    expect(
      orgFromOrd(
        edited('AX7B', (o) => delete o.Date),
        'AX7B',
      ),
    ).toMatchObject({
      openDate: '',
      closeDate: '',
    });
    const odd = edited('AX7B', (o) => {
      o.Date = [{ Type: 'Operational', Start: '4 October 2011', End: 'soon' }];
    });
    expect(orgFromOrd(odd, 'AX7B')).toMatchObject({ openDate: '', closeDate: '' });
  });

  it('upper-cases and trims postcode and country, trims the name, keeps the status as given', () => {
    const body = edited('VX1A3', (o) => {
      o.Name = '  Ashgrove House  ';
      o.Status = 'ACTIVE';
      o.GeoLoc = { Location: { PostCode: ' ls6 9qx', Country: 'England ' } };
    });
    expect(orgFromOrd(body, 'VX1A3')).toMatchObject({
      name: 'Ashgrove House',
      status: 'ACTIVE',
      postcode: 'LS6 9QX',
      country: 'ENGLAND',
    });
  });

  it('has no postcode or country, and no parent, when the answer has none', () => {
    const body = edited('VX1A3', (o) => {
      delete o.GeoLoc;
      delete o.Rels;
    });
    expect(orgFromOrd(body, 'VX1A3')).toMatchObject({ postcode: '', country: '', parent: '' });
  });

  type Rel = { id: string; Status: string; start: string; end?: string; target: string };
  const rels = (list: Rel[]) => ({
    Rel: list.map((r) => ({
      Date: [{ Type: 'Operational', Start: r.start, ...(r.end ? { End: r.end } : {}) }],
      Status: r.Status,
      Target: { OrgId: { root: '2.16.840.1.113883.2.1.3.2.4.18.48', extension: r.target } },
      id: r.id,
    })),
  });

  it.each([
    {
      name: 'an Active RE6 with an end date loses to an Active one without (the trap)',
      list: [
        { id: 'RE6', Status: 'Active', start: '2020-01-01', end: '2023-01-01', target: 'AQ2D' },
        { id: 'RE6', Status: 'Active', start: '2014-01-01', target: 'AX7B' },
      ],
      parent: 'AX7B',
    },
    {
      name: 'with no current RE6, the one that started last',
      list: [
        { id: 'RE6', Status: 'Inactive', start: '2014-01-01', end: '2018-01-01', target: 'AQ2D' },
        { id: 'RE6', Status: 'Active', start: '2018-01-02', end: '2024-01-01', target: 'AX7B' },
        { id: 'RE6', Status: 'Inactive', start: '2010-01-01', end: '2013-12-31', target: 'AB1C' },
      ],
      parent: 'AX7B',
    },
    {
      name: 'of two current RE6s, the later',
      list: [
        { id: 'RE6', Status: 'Active', start: '2014-01-01', target: 'AQ2D' },
        { id: 'RE6', Status: 'Active', start: '2021-01-01', target: 'AX7B' },
      ],
      parent: 'AX7B',
    },
    {
      name: 'other relationship types are not the operator',
      list: [{ id: 'RE4', Status: 'Active', start: '2014-01-01', target: 'Q72' }],
      parent: '',
    },
    {
      name: 'the target code is normalised',
      list: [{ id: 'RE6', Status: 'Active', start: '2014-01-01', target: ' ax7b ' }],
      parent: 'AX7B',
    },
  ])('parent: $name', ({ list, parent }) => {
    const body = edited('VX1A3', (o) => {
      o.Rels = rels(list);
    });
    expect(orgFromOrd(body, 'VX1A3')?.parent).toBe(parent);
  });

  it.each([
    { name: 'RO269 care home role, non-site code', code: 'AB12', roles: ['RO269'], kind: 'site' },
    { name: 'RO270 domiciliary care role', code: 'AB12', roles: ['RO270'], kind: 'site' },
    { name: 'RO101 social care site role', code: 'AB12', roles: ['RO101'], kind: 'site' },
    { name: 'RO104 provider role', code: 'AB12', roles: ['RO104'], kind: 'hq' },
    { name: 'no roles, site-shaped code', code: 'VB12C', roles: [], kind: 'site' },
    { name: 'no roles, other code', code: 'AB12', roles: [], kind: 'hq' },
    { name: 'site-shaped code with the provider role', code: 'VB12C', roles: ['RO104'], kind: 'site' },
  ])('kind: $name → $kind', ({ code, roles, kind }) => {
    const body = edited('AX7B', (o) => {
      o.OrgId = { extension: code };
      o.Roles = { Role: roles.map((id) => ({ id, primaryRole: true, Status: 'Active' })) };
    });
    expect(orgFromOrd(body, code)?.kind).toBe(kind);
  });
});

describe('orgFromOrd: bodies that are not an organisation never throw', () => {
  const huge = 'X'.repeat(2_000_000);
  const cases: [string, unknown][] = [
    ['null', null],
    ['undefined', undefined],
    ['a number', 404],
    ['a string', '{"Organisation":{}}'],
    ['an array', [fixture('VX1A3')]],
    ['an empty object', {}],
    ['an empty Organisation', { Organisation: {} }],
    ['Organisation null', { Organisation: null }],
    ['Organisation an array', { Organisation: [] }],
    ['no Name', edited('VX1A3', (o) => delete o.Name)],
    ['no OrgId', edited('VX1A3', (o) => delete o.OrgId)],
    ['no Status', edited('VX1A3', (o) => delete o.Status)],
    ['a Status other than Active/Inactive', edited('VX1A3', (o) => (o.Status = 'Pending'))],
    ['Name a number', edited('VX1A3', (o) => (o.Name = 42))],
    ['extension a number', edited('VX1A3', (o) => (o.OrgId = { extension: 12345 }))],
    ['extension empty', edited('VX1A3', (o) => (o.OrgId = { extension: '' }))],
    ['a huge extension', edited('VX1A3', (o) => (o.OrgId = { extension: huge }))],
    ['Date an object', edited('VX1A3', (o) => (o.Date = { Type: 'Operational' }))],
    ['Date entries without Type', edited('VX1A3', (o) => (o.Date = [{ Start: '2014-03-01' }]))],
    ['GeoLoc a string', edited('VX1A3', (o) => (o.GeoLoc = 'LS6'))],
    ['PostCode a number', edited('VX1A3', (o) => (o.GeoLoc = { Location: { PostCode: 6 } }))],
    ['Roles.Role not an array', edited('VX1A3', (o) => (o.Roles = { Role: { id: 'RO101' } }))],
    ['Rels.Rel null', edited('VX1A3', (o) => (o.Rels = { Rel: null }))],
    ['a Rel without Target', edited('VX1A3', (o) => (o.Rels = { Rel: [{ id: 'RE6', Status: 'Active' }] }))],
    [
      'a Rel target without extension',
      edited('VX1A3', (o) => (o.Rels = { Rel: [{ id: 'RE6', Target: {} }] })),
    ],
  ];
  it.each(cases)('%s → undefined', (_name, body) => {
    expect(() => orgFromOrd(body, 'VX1A3')).not.toThrow();
    expect(orgFromOrd(body, 'VX1A3')).toBeUndefined();
  });

  it('a huge name is kept (it is the service’s own text) and does not throw', () => {
    const body = edited('VX1A3', (o) => (o.Name = huge));
    expect(orgFromOrd(body, 'VX1A3')?.name).toHaveLength(huge.length);
  });

  it('an object whose getters throw does not throw', () => {
    const hostile = {
      get Organisation(): never {
        throw new Error('boom');
      },
    };
    expect(orgFromOrd(hostile, 'VX1A3')).toBeUndefined();
  });

  it('extra fields (Succs, Contacts…) are ignored', () => {
    const body = edited('VX1A3', (o) => {
      o.Succs = { Succ: [{ Type: 'Predecessor', Target: { OrgId: { extension: 'VX0A1' } } }] };
      o.Contacts = { Contact: [{ type: 'tel', value: '0113 496 0000' }] };
    });
    expect(orgFromOrd(body, 'VX1A3')?.code).toBe('VX1A3');
  });
});

describe('isLookupCode: only code shapes are ever sent', () => {
  it.each([
    ['VX1A3', true, 'a site code'],
    ['AX7B', true, 'an HQ code'],
    ['C1D4', true, 'an HQ code starting C'],
    ['RX1', true, 'a 3-character code'],
    ['V1234', true, 'V + 4 digits'],
    ['vx1a3', false, 'lower case: callers normalise first'],
    ['VX1A3 ', false, 'untrimmed: callers normalise first'],
    [' VX1A3', false, 'untrimmed: callers normalise first'],
    ['', false, 'empty'],
    ['MARY', false, 'a name typed into a code column (no digit)'],
    ['VICKY', false, 'a name with the site shape (no digit)'],
    ["MARY O'BRIEN", false, 'a full name'],
    ["Mary O'Brien", false, 'a full name as typed'],
    ['8ABC1', false, 'a non-NHS code starting 8'],
    ['12345', false, 'digits only'],
    ['V12345', false, 'a dental practice code (6 characters)'],
    ['AB', false, 'too short'],
    ['AB1CDE', false, 'too long'],
    ['VX1A3VX1A3V', false, '11 characters'],
    ['SIAN.EVANS@GMAIL.COM', false, 'an e-mail address'],
    ['A1@B', false, 'a symbol'],
    ['07912', false, 'the start of a mobile'],
    ['VX1-3', false, 'a hyphen'],
    ['VX1A3/../X', false, 'a path'],
    ['VX1A3?X=1', false, 'a query string'],
    ['VÉ1A3', false, 'an accented letter'],
    ['ＶＸ１Ａ３', false, 'full-width characters'],
  ])('%j → %s (%s)', (code, ok) => {
    expect(isLookupCode(code)).toBe(ok);
  });
});
