/**
 * Seeded synthetic data for `npm run bench` (issue 4).
 *
 *   npx tsx bench/generate.ts --rows 1000000 --sites 110000 --seed 1 --out /tmp/bench-data-1m
 *
 * Writes OUT/staff.csv, OUT/sites.csv, OUT/ods/ecarehomesite.csv (19 quoted fields, headerless),
 * OUT/ods/ecarehomehq.csv (12 quoted fields, headerless) and OUT/manifest.json. The same arguments
 * give byte-identical files: one seeded PRNG (mulberry32), no Math.random, no clock in the output.
 * Output is streamed in ~1 MB chunks with backpressure; progress goes to stderr only.
 *
 * About `--fault-rate` (default 2%) of staff rows carry exactly one fault, spread evenly over the row
 * fault kinds, and the same share of sites carries one site fault. About `--over-quota` (default 10%)
 * of sites get 11–14 new/joiner rows and no leavers, so they go over the default allowance of 10.
 * Every other site gets existing_accounts low enough that its valid rows fit. All data is made up:
 * mobiles are unique per person and never in Ofcom's drama range 07700 900xxx (except the injected
 * `mobile-drama` fault); landlines and ODS phone numbers come from Ofcom's drama ranges.
 * Run the tool with an as-of date on or after 2025-01-01 (closed sites close on 20250101).
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

// ---------------------------------------------------------------- arguments

const USAGE =
  'usage: npx tsx bench/generate.ts --rows N [--sites M] [--seed S] --out DIR [--fault-rate 0.02] [--over-quota 0.1]';

function fail(message: string): never {
  process.stderr.write(`generate: ${message}\n${USAGE}\n`);
  process.exit(2);
}

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string' },
    sites: { type: 'string' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
    'fault-rate': { type: 'string', default: '0.02' },
    'over-quota': { type: 'string', default: '0.1' },
    help: { type: 'boolean', short: 'h' },
  },
  strict: true,
});
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const intArg = (name: string, value: string | undefined): number => {
  if (value === undefined || !/^\d+$/.test(value)) fail(`--${name} must be a whole number`);
  return Number(value);
};
const rateArg = (name: string, value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) fail(`--${name} must be a number from 0 to 1`);
  return n;
};

const ROWS = intArg('rows', args.rows);
const SITES = args.sites === undefined ? Math.max(1, Math.round(ROWS * 0.11)) : intArg('sites', args.sites);
const SEED = args.seed;
const FAULT_RATE = rateArg('fault-rate', args['fault-rate']);
const OVER_QUOTA = rateArg('over-quota', args['over-quota']);
if (args.out === undefined || args.out === '') fail('--out DIR is required');
const OUT: string = args.out;
if (SITES < 1) fail('--sites must be at least 1');

// ---------------------------------------------------------------- seeded randomness

/** xmur3: a string → 32-bit seed. */
function seedOf(text: string): number {
  let h = 1779033703 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  h = Math.imul(h ^ (h >>> 16), 2246822507);
  h = Math.imul(h ^ (h >>> 13), 3266489909);
  return (h ^ (h >>> 16)) >>> 0;
}

let prngState = seedOf(`nhsmail-bulk bench ${SEED}`);
/** mulberry32: uniform in [0, 1). */
function rand(): number {
  prngState = (prngState + 0x6d2b79f5) | 0;
  let t = prngState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n: number): number => Math.floor(rand() * n);
const between = (lo: number, hi: number): number => lo + int(hi - lo + 1);
const chance = (p: number): boolean => rand() < p;
const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
/** Common entries first: biased towards the start of the list. */
const pickCommon = <T>(items: readonly T[]): T => items[Math.floor(items.length * rand() ** 1.8)] as T;

interface Weighted<T> {
  items: T[];
  cumulative: number[];
  total: number;
}
function weighted<T>(pairs: [T, number][]): Weighted<T> {
  let total = 0;
  const cumulative: number[] = [];
  for (const [, w] of pairs) {
    total += w;
    cumulative.push(total);
  }
  return { items: pairs.map(([v]) => v), cumulative, total };
}
function draw<T>(w: Weighted<T>): T {
  const r = rand() * w.total;
  let i = 0;
  while (r >= (w.cumulative[i] as number)) i++;
  return w.items[i] as T;
}

/**
 * A keyed bijection on [0, limit) (an invertible mix on `bits` bits, cycle-walked into range):
 * index → unique, random-looking value without remembering anything.
 */
function permutation(bits: number, limit: number): (i: number) => number {
  const mask = bits >= 32 ? 0xffffffff : (1 << bits) - 1;
  const k1 = int(2 ** 30) & mask;
  const k2 = int(2 ** 30) & mask;
  const m1 = (int(2 ** 30) | 1) >>> 0;
  const m2 = (int(2 ** 30) | 1) >>> 0;
  const s1 = Math.ceil(bits / 2);
  const s2 = Math.floor(bits / 2) - 1;
  const mix = (x: number): number => {
    let y = (x ^ k1) & mask;
    y = Math.imul(y, m1) & mask;
    y ^= y >>> s1;
    y = Math.imul(y, m2) & mask;
    y ^= y >>> s2;
    return (y + k2) & mask;
  };
  return (i: number): number => {
    if (i < 0 || i >= limit) throw new Error(`permutation index ${i} out of range ${limit}`);
    let x = mix(i);
    while (x >= limit) x = mix(x);
    return x;
  };
}

// ---------------------------------------------------------------- uniqueness without big memory

/** Two 32-bit hashes of a string (cyrb53 style). */
let hashA = 0;
let hashB = 0;
function hash2(text: string): void {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  hashA = h1 | 0;
  hashB = h2 | 1; // never 0: 0 marks an empty slot
}

/** A set of 64-bit string hashes in typed arrays (8 bytes a slot). A hash clash only costs a retry. */
class HashSet64 {
  private a: Int32Array;
  private b: Int32Array;
  private size = 0;
  constructor(expected: number) {
    let cap = 1024;
    while (cap < expected * 2) cap *= 2;
    this.a = new Int32Array(cap);
    this.b = new Int32Array(cap);
  }
  /** Adds `text`; false if it (or a string with the same hash) was already there. */
  add(text: string): boolean {
    hash2(text);
    if (!this.insert(hashA, hashB)) return false;
    if (++this.size * 10 > this.a.length * 7) this.grow();
    return true;
  }
  private insert(h1: number, h2: number): boolean {
    const mask = this.a.length - 1;
    let i = (h1 ^ Math.imul(h2, 0x9e3779b1)) & mask;
    while (this.b[i] !== 0) {
      if (this.a[i] === h1 && this.b[i] === h2) return false;
      i = (i + 1) & mask;
    }
    this.a[i] = h1;
    this.b[i] = h2;
    return true;
  }
  private grow(): void {
    const { a, b } = this;
    this.a = new Int32Array(a.length * 2);
    this.b = new Int32Array(b.length * 2);
    for (let i = 0; i < a.length; i++) if (b[i] !== 0) this.insert(a[i] as number, b[i] as number);
  }
}

// ---------------------------------------------------------------- reference lists

/** A `|`-separated list (line breaks allowed after a `|`): compact to read, and the formatter leaves it. */
const list = (text: string): string[] =>
  text
    .split('|')
    .map((item) => item.trim())
    .filter((item) => item !== '');

const FEMALE = list(`
  Sarah|Emma|Karen|Tracey|Deborah|Susan|Julie|Claire|Lisa|Michelle|Nicola|Joanne|Rachel|Gemma|Laura|Amy|
  Jessica|Sophie|Chloe|Charlotte|Hannah|Lucy|Megan|Olivia|Amelia|Emily|Grace|Jade|Leanne|Kelly|Stacey|
  Hayley|Kirsty|Lauren|Samantha|Natalie|Victoria|Rebecca|Helen|Jennifer|Margaret|Patricia|Linda|Elizabeth|
  Carol|Janet|Angela|Pauline|Sandra|Christine|Jacqueline|Wendy|Dawn|Lorraine|Denise|Alison|Catherine|
  Elaine|Gillian|Louise|Donna|Sharon|Maria|Anna|Priya|Fatima|Aisha|Zainab|Nasreen|Shazia|Anjali|Sunita|
  Harpreet|Gurpreet|Manpreet|Simran|Nisha|Zoë|Siân|Chloë|Renée|Noémie|Aoife|Niamh|Siobhán|Róisín|Caoimhe|
  Saoirse|Eilidh|Ffion|Rhiannon|Bethan|Cerys|Angharad|Bronwen|Gwenllian|Agnieszka|Małgorzata|Katarzyna|
  Zuzanna|Wiktoria|Dorota|Iwona|Ewa|Joanna|Ioana|Andreea|Elena|Mihaela|Ana-Maria|Olena|Oksana|Iryna|
  Chiamaka|Adaeze|Ngozi|Nkechi|Chidinma|Oluwaseun|Abimbola|Funmilayo|Blessing|Precious|Mercy|Joy|Efua|Ama|
  Akosua|Abena|Tendai|Rutendo|Thandiwe|Nomsa|Chipo|Ruvimbo|Grace-Ann|Mary-Jane|Anne-Marie|Leigh-Ann|Mei|
  Thi Huong|Lan|Xin|Maricel|Jocelyn|Rowena|Lovely|Jinky|Mariam|Amira|Yasmin|Layla|Ayesha|Sadia|Shanice|Tia|
  Keisha|Aaliyah|Jasmine|Beatriz|Inês|Sofía|Lucía|Ángela|Françoise|Hélène|Marta|Dóra|Ágnes|Petra|Lenka|
  Tereza|Björk|Ingrid
`);
const MALE = list(`
  David|John|Paul|Mark|Michael|Andrew|Stephen|Peter|James|Robert|Richard|Christopher|Daniel|Matthew|Thomas|
  Liam|Connor|Jack|Harry|Oliver|George|Samuel|Joseph|Ryan|Adam|Ben|Kevin|Gary|Darren|Wayne|Lee|Craig|
  Nathan|Callum|Kieran|Aaron|Owen|Rhys|Gareth|Dylan|Dafydd|Iwan|Llŷr|Ewan|Hamish|Fraser|Ross|Seán|Ciarán|
  Pádraig|Declan|Eoin|Oisín|Mohammed|Muhammad|Yusuf|Ibrahim|Abdul|Imran|Bilal|Hassan|Omar|Tariq|Rajesh|
  Deepak|Sanjay|Vikram|Arjun|Harjit|Gurdeep|Jaswinder|Kwame|Kofi|Kwabena|Yaw|Chidi|Nnamdi|Emeka|Tunde|
  Olumide|Babajide|Tendai|Farai|Tinashe|Sipho|Themba|Tomasz|Łukasz|Wojciech|Piotr|Krzysztof|Paweł|Marek|
  Jiří|Tomáš|Ștefan|Ionuț|Andrei|Mihai|Bogdan|Vasile|Oleksandr|Dmytro|José|João|Rúben|André|Jérôme|
  François|René|Zoltán|Minh|Wei|Jun|Jerome|Marcus|Jermaine|Tyrone|Dwayne|Jean-Paul|Jean-Luc|Mark-Anthony|
  Rodel|Jomar|Reynaldo|Joel|Nikolai|Pieter|Jürgen|Søren
`);
const UNISEX = ['Sam', 'Alex', 'Jordan', 'Charlie', 'Jamie', 'Robin', 'Ashley', 'Morgan', 'Rowan', 'Kim'];
const SURNAMES = list(`
  Smith|Jones|Williams|Taylor|Brown|Davies|Evans|Wilson|Thomas|Johnson|Roberts|Robinson|Thompson|Wright|
  Walker|White|Edwards|Hughes|Green|Hall|Lewis|Harris|Clarke|Patel|Jackson|Wood|Turner|Martin|Cooper|Hill|
  Ward|Morris|Moore|Clark|Lee|King|Baker|Harrison|Morgan|Allen|James|Scott|Phillips|Watson|Davis|Parker|
  Price|Bennett|Young|Griffiths|Mitchell|Kelly|Cook|Carter|Richardson|Bailey|Collins|Bell|Shaw|Murphy|
  Miller|Cox|Richards|Khan|Marshall|Anderson|Simpson|Ellis|Adams|Singh|Begum|Wilkinson|Foster|Chapman|
  Powell|Webb|Rogers|Gray|Mason|Ali|Hunt|Hussain|Campbell|Matthews|Owen|Palmer|Holmes|Mills|Barnes|Knight|
  Lloyd|Butler|Russell|Barker|Fisher|Stevens|Jenkins|Murray|Dixon|Harvey|Graham|Pearson|Ahmed|Fletcher|
  Walsh|Kaur|Gibson|Howard|Andrews|Stewart|Elliott|Reynolds|Saunders|Payne|Fox|Ford|Pearce|Day|Brooks|West|
  Lawrence|Cole|Atkinson|Bradley|Spencer|Gill|Dawson|Ball|Burton|O'Brien|O'Neill|O'Connor|O'Sullivan|
  O'Reilly|McCarthy|McDonald|MacLeod|McKenzie|McLaughlin|D'Souza|D'Silva|D'Cruz|Smith-Jones|Owusu-Ansah|
  Taylor-Brown|Hamilton-Smith|Price-Jones|Lloyd-Davies|Kowalski|Kowalska|Nowak|Wiśniewska|Wiśniewski|
  Wójcik|Kamińska|Lewandowski|Zielińska|Szymański|Dąbrowska|Kozłowski|Popescu|Ionescu|Dumitru|Stan|
  Constantin|Munteanu|Stoica|Bălan|Țurcanu|Kovalenko|Shevchenko|Bondarenko|Okafor|Okonkwo|Adeyemi|Adebayo|
  Ogunleye|Nwosu|Eze|Okoro|Balogun|Oladipo|Chukwu|Mensah|Boateng|Asante|Owusu|Appiah|Osei|Agyeman|Moyo|
  Ncube|Dube|Sibanda|Chanda|Banda|Phiri|Shah|Mistry|Chauhan|Sharma|Gupta|Kumar|Rahman|Akhtar|Iqbal|Malik|
  Chaudhry|Uddin|Miah|Islam|Gurung|Rai|Thapa|Singh Dhillon|Sandhu|Bains|Santos|Reyes|Cruz|Bautista|
  dela Cruz|Garcia|Mendoza|Ramos|Villanueva|Joseph|George|Varghese|Mathew|Kurian|Jacob|Nguyen|Tran|Le|Chen|
  Wong|Li|Zhang|Fernandes|Ribeiro|Silva|da Silva|Pereira|Costa|Rodrigues|van der Berg|de Souza|Müller|
  Schäfer|Núñez|Peña|Gómez|Pritchard|Llewellyn|Vaughan|Prosser|Rees|Parry|Hopkins|ap Gwilym|Fraser|
  Robertson|Cameron|Ferguson|Grant|Ross|Sinclair|Gallagher|Doherty|Kennedy|Quinn|Byrne|Brennan|Ní Bhriain|
  Ó Súilleabháin|Baptiste|Campbell-Lewis|St. John|Whitaker|Ashworth|Bamford|Whitfield
`);

const JOBS = weighted<string>([
  ['Care Assistant', 30],
  ['Senior Care Assistant', 8],
  ['Senior Carer', 6],
  ['Night Care Assistant', 6],
  ['Carer', 5],
  ['Care Worker', 4],
  ['Support Worker', 4],
  ['Senior Support Worker', 2],
  ['Healthcare Assistant', 3],
  ['Registered Nurse', 4],
  ['Nurse', 3],
  ['Nursing Associate', 1],
  ['Clinical Lead', 1],
  ['Team Leader', 2],
  ['Activities Coordinator', 2],
  ['Wellbeing Coordinator', 1],
  ['Cook', 2],
  ['Chef', 1],
  ['Kitchen Assistant', 1],
  ['Domestic', 1],
  ['Housekeeper', 1],
  ['Laundry Assistant', 1],
  ['Maintenance Person', 1],
  ['Administrator', 1],
  ['Care Coordinator', 1],
  ['Care Assistant, Nights', 1],
  ['Senior Carer (Days)', 1],
]);
const MANAGER_JOBS = ['Registered Manager', 'Registered Manager', 'Home Manager', 'Care Home Manager'];
const DEPUTY_JOBS = ['Deputy Manager', 'Deputy Manager', 'Clinical Lead', 'Assistant Manager'];

const FEMALE_TITLES = weighted<string>([
  ['Mrs', 35],
  ['Ms', 25],
  ['Miss', 20],
  ['', 17],
  ['Dr', 2],
  ['Mx', 1],
]);
const MALE_TITLES = weighted<string>([
  ['Mr', 80],
  ['', 17],
  ['Dr', 2],
  ['Mx', 1],
]);
const UNISEX_TITLES = weighted<string>([
  ['Mx', 20],
  ['Mr', 30],
  ['Ms', 30],
  ['', 20],
]);
const UNKNOWN_TITLES = ['Nurse', 'Carer', 'Sr', 'Madam', 'Mr/Mrs', 'Mrss', 'RGN', 'Sen', 'Mstr', 'Mam'];

const DOMAINS = weighted<string>([
  ['gmail.com', 30],
  ['hotmail.co.uk', 15],
  ['outlook.com', 12],
  ['yahoo.co.uk', 8],
  ['icloud.com', 7],
  ['hotmail.com', 6],
  ['btinternet.com', 4],
  ['live.co.uk', 4],
  ['yahoo.com', 3],
  ['aol.com', 2],
  ['sky.com', 2],
  ['googlemail.com', 2],
  ['live.com', 2],
  ['virginmedia.com', 1],
  ['talktalk.net', 1],
  ['protonmail.com', 1],
  ['me.com', 1],
]);

/** Mobile layouts: [example, weight]. All are accepted by the tool; 5 and 6 are extra to the brief. */
const MOBILE_STYLES = weighted<number>([
  [0, 44], // 07xxx xxxxxx
  [1, 24], // 07xxxxxxxxx
  [2, 12], // +44 7xxx xxxxxx
  [3, 5], // +44 (0)7xxx xxxxxx
  [4, 5], // 0044 7xxx xxxxxx
  [5, 6], // 07xxx-xxx-xxx
  [6, 4], // +447xxxxxxxxx
]);
const MOBILE_THIRD_DIGIT = [1, 2, 3, 4, 5, 7, 8, 9]; // 071–075, 077–079 (never 070 or 076)

function formatMobile(n: string, style: number): string {
  const rest = n.slice(1);
  switch (style) {
    case 0:
      return `${n.slice(0, 5)} ${n.slice(5)}`;
    case 1:
      return n;
    case 2:
      return `+44 ${rest.slice(0, 4)} ${rest.slice(4)}`;
    case 3:
      return `+44 (0)${rest.slice(0, 4)} ${rest.slice(4)}`;
    case 4:
      return `0044 ${rest.slice(0, 4)} ${rest.slice(4)}`;
    case 5:
      return `${n.slice(0, 5)}-${n.slice(5, 8)}-${n.slice(8)}`;
    default:
      return `+44${rest}`;
  }
}

/** How Excel shows a long number typed into a General cell: 6 significant digits. */
function excelScientific(digits: string): string {
  const mantissa = `${digits[0]}.${digits.slice(1, 6)}`.replace(/0+$/, '').replace(/\.$/, '');
  return `${mantissa}E+${String(digits.length - 1).padStart(2, '0')}`;
}

/** Ofcom drama-range landlines (1000 numbers each): prefix, then 3 more digits. */
const DRAMA_LANDLINES = [
  '01632 960',
  '0113 496 0',
  '0114 496 0',
  '0115 496 0',
  '0116 496 0',
  '0117 496 0',
  '0118 496 0',
  '0121 496 0',
  '0131 496 0',
  '0141 496 0',
  '0151 496 0',
  '0161 496 0',
  '020 7946 0',
  '0191 498 0',
  '028 9649 6',
  '029 2018 0',
];

interface Town {
  name: string;
  county: string;
  area: string;
  districts: number;
  region: string;
}
const town = (name: string, county: string, area: string, districts: number, region: string): Town => ({
  name,
  county,
  area,
  districts,
  region,
});
/** English towns only; no postcode areas the tool treats as outside England or cross-border. */
const TOWNS: Town[] = [
  town('London', 'GREATER LONDON', 'SE', 28, 'Y56'),
  town('London', 'GREATER LONDON', 'N', 22, 'Y56'),
  town('London', 'GREATER LONDON', 'E', 18, 'Y56'),
  town('Croydon', 'SURREY', 'CR', 8, 'Y56'),
  town('Bromley', 'KENT', 'BR', 8, 'Y56'),
  town('Harrow', 'MIDDLESEX', 'HA', 9, 'Y56'),
  town('Ilford', 'ESSEX', 'IG', 11, 'Y56'),
  town('Romford', 'ESSEX', 'RM', 14, 'Y56'),
  town('Enfield', 'MIDDLESEX', 'EN', 11, 'Y56'),
  town('Kingston upon Thames', 'SURREY', 'KT', 24, 'Y56'),
  town('Sutton', 'SURREY', 'SM', 7, 'Y56'),
  town('Twickenham', 'MIDDLESEX', 'TW', 20, 'Y56'),
  town('Uxbridge', 'MIDDLESEX', 'UB', 11, 'Y56'),
  town('Brighton', 'EAST SUSSEX', 'BN', 45, 'Y59'),
  town('Reading', 'BERKSHIRE', 'RG', 45, 'Y59'),
  town('Oxford', 'OXFORDSHIRE', 'OX', 49, 'Y59'),
  town('Guildford', 'SURREY', 'GU', 52, 'Y59'),
  town('Maidstone', 'KENT', 'ME', 20, 'Y59'),
  town('Canterbury', 'KENT', 'CT', 21, 'Y59'),
  town('Tunbridge Wells', 'KENT', 'TN', 40, 'Y59'),
  town('Southampton', 'HAMPSHIRE', 'SO', 53, 'Y59'),
  town('Portsmouth', 'HAMPSHIRE', 'PO', 41, 'Y59'),
  town('Milton Keynes', 'BUCKINGHAMSHIRE', 'MK', 46, 'Y59'),
  town('Slough', 'BERKSHIRE', 'SL', 9, 'Y59'),
  town('High Wycombe', 'BUCKINGHAMSHIRE', 'HP', 23, 'Y59'),
  town('Bristol', '', 'BS', 49, 'Y58'),
  town('Bath', 'SOMERSET', 'BA', 22, 'Y58'),
  town('Exeter', 'DEVON', 'EX', 39, 'Y58'),
  town('Plymouth', 'DEVON', 'PL', 35, 'Y58'),
  town('Truro', 'CORNWALL', 'TR', 27, 'Y58'),
  town('Torquay', 'DEVON', 'TQ', 14, 'Y58'),
  town('Taunton', 'SOMERSET', 'TA', 24, 'Y58'),
  town('Gloucester', 'GLOUCESTERSHIRE', 'GL', 56, 'Y58'),
  town('Swindon', 'WILTSHIRE', 'SN', 26, 'Y58'),
  town('Bournemouth', 'DORSET', 'BH', 25, 'Y58'),
  town('Dorchester', 'DORSET', 'DT', 11, 'Y58'),
  town('Salisbury', 'WILTSHIRE', 'SP', 11, 'Y58'),
  town('Birmingham', 'WEST MIDLANDS', 'B', 99, 'Y60'),
  town('Coventry', 'WEST MIDLANDS', 'CV', 47, 'Y60'),
  town('Wolverhampton', 'WEST MIDLANDS', 'WV', 16, 'Y60'),
  town('Walsall', 'WEST MIDLANDS', 'WS', 15, 'Y60'),
  town('Dudley', 'WEST MIDLANDS', 'DY', 14, 'Y60'),
  town('Stoke-on-Trent', 'STAFFORDSHIRE', 'ST', 21, 'Y60'),
  town('Derby', 'DERBYSHIRE', 'DE', 75, 'Y60'),
  town('Nottingham', 'NOTTINGHAMSHIRE', 'NG', 34, 'Y60'),
  town('Leicester', 'LEICESTERSHIRE', 'LE', 67, 'Y60'),
  town('Lincoln', 'LINCOLNSHIRE', 'LN', 13, 'Y60'),
  town('Northampton', 'NORTHAMPTONSHIRE', 'NN', 18, 'Y60'),
  town('Kettering', 'NORTHAMPTONSHIRE', 'NN', 18, 'Y60'),
  town('Worcester', 'WORCESTERSHIRE', 'WR', 15, 'Y60'),
  town('Telford', 'SHROPSHIRE', 'TF', 13, 'Y60'),
  town('Norwich', 'NORFOLK', 'NR', 35, 'Y61'),
  town('Ipswich', 'SUFFOLK', 'IP', 33, 'Y61'),
  town('Colchester', 'ESSEX', 'CO', 16, 'Y61'),
  town('Chelmsford', 'ESSEX', 'CM', 24, 'Y61'),
  town('Cambridge', 'CAMBRIDGESHIRE', 'CB', 25, 'Y61'),
  town('Peterborough', 'CAMBRIDGESHIRE', 'PE', 38, 'Y61'),
  town('Luton', 'BEDFORDSHIRE', 'LU', 7, 'Y61'),
  town('Stevenage', 'HERTFORDSHIRE', 'SG', 19, 'Y61'),
  town('St Albans', 'HERTFORDSHIRE', 'AL', 10, 'Y61'),
  town('Southend-on-Sea', 'ESSEX', 'SS', 17, 'Y61'),
  town('Manchester', 'GREATER MANCHESTER', 'M', 46, 'Y62'),
  town('Liverpool', 'MERSEYSIDE', 'L', 40, 'Y62'),
  town('Preston', 'LANCASHIRE', 'PR', 26, 'Y62'),
  town('Blackpool', 'LANCASHIRE', 'FY', 8, 'Y62'),
  town('Bolton', 'GREATER MANCHESTER', 'BL', 9, 'Y62'),
  town('Oldham', 'GREATER MANCHESTER', 'OL', 16, 'Y62'),
  town('Stockport', 'CHESHIRE', 'SK', 23, 'Y62'),
  town('Wigan', 'GREATER MANCHESTER', 'WN', 8, 'Y62'),
  town('Warrington', 'CHESHIRE', 'WA', 16, 'Y62'),
  town('Lancaster', 'LANCASHIRE', 'LA', 23, 'Y62'),
  town('Carlisle', 'CUMBRIA', 'CA', 28, 'Y62'),
  town('Blackburn', 'LANCASHIRE', 'BB', 18, 'Y62'),
  town('Leeds', 'WEST YORKSHIRE', 'LS', 29, 'Y63'),
  town('Bradford', 'WEST YORKSHIRE', 'BD', 24, 'Y63'),
  town('Sheffield', 'SOUTH YORKSHIRE', 'S', 45, 'Y63'),
  town('Hull', 'EAST YORKSHIRE', 'HU', 20, 'Y63'),
  town('York', 'NORTH YORKSHIRE', 'YO', 62, 'Y63'),
  town('Doncaster', 'SOUTH YORKSHIRE', 'DN', 41, 'Y63'),
  town('Huddersfield', 'WEST YORKSHIRE', 'HD', 9, 'Y63'),
  town('Wakefield', 'WEST YORKSHIRE', 'WF', 17, 'Y63'),
  town('Harrogate', 'NORTH YORKSHIRE', 'HG', 5, 'Y63'),
  town('Halifax', 'WEST YORKSHIRE', 'HX', 7, 'Y63'),
  town('Newcastle upon Tyne', 'TYNE AND WEAR', 'NE', 71, 'Y63'),
  town('Sunderland', 'TYNE AND WEAR', 'SR', 9, 'Y63'),
  town('Durham', 'COUNTY DURHAM', 'DH', 9, 'Y63'),
  town('Darlington', 'COUNTY DURHAM', 'DL', 17, 'Y63'),
  town('Middlesbrough', 'NORTH YORKSHIRE', 'TS', 29, 'Y63'),
];
/** Welsh towns for the `site-wales` fault: all in postcode area CF. */
const WELSH_TOWNS: Town[] = [
  town('Cardiff', 'SOUTH GLAMORGAN', 'CF', 24, 'W00'),
  town('Barry', 'SOUTH GLAMORGAN', 'CF', 64, 'W00'),
  town('Bridgend', 'MID GLAMORGAN', 'CF', 35, 'W00'),
  town('Caerphilly', 'MID GLAMORGAN', 'CF', 83, 'W00'),
  town('Merthyr Tydfil', 'MID GLAMORGAN', 'CF', 48, 'W00'),
  town('Pontypridd', 'MID GLAMORGAN', 'CF', 38, 'W00'),
];
const HLHG: Record<string, string[]> = {
  Y56: ['QMF', 'QMJ', 'QKK', 'QRV', 'QWE'],
  Y58: ['QUY', 'QJK', 'QR1', 'QOX', 'QVV'],
  Y59: ['QNQ', 'QKS', 'QRL', 'QU9', 'QNX'],
  Y60: ['QPM', 'QK1', 'QHL', 'QJ2', 'QNC', 'QUA'],
  Y61: ['QMM', 'QJG', 'QUE', 'QHG', 'QH8'],
  Y62: ['QOP', 'QYG', 'QE1', 'QGH'],
  Y63: ['QHM', 'QWO', 'QF7', 'QOQ'],
  W00: ['7A1', '7A2', '7A3', '7A4', '7A5', '7A6', '7A7'],
};
const REGION_PHONE: Record<string, string[]> = {
  Y56: ['020 7946 0'],
  Y58: ['0117 496 0'],
  Y59: ['0118 496 0'],
  Y60: ['0121 496 0', '0115 496 0', '0116 496 0'],
  Y61: ['01632 960'],
  Y62: ['0161 496 0', '0151 496 0'],
  Y63: ['0113 496 0', '0114 496 0', '0191 498 0'],
  W00: ['029 2018 0'],
};

const STREETS = list(`
  Church Road|Station Road|High Street|Main Street|Park Road|London Road|Victoria Road|Green Lane|
  Manor Road|Church Lane|Park Avenue|The Avenue|Queens Road|New Road|Grange Road|Kings Road|Mill Lane|
  School Lane|North Road|Stanley Road|Alexandra Road|Richmond Road|Chester Road|York Road|Windsor Road|
  Albert Road|Springfield Road|Westfield Road|Highfield Road|Bridge Street|Occupation Road|Harrogate Road|
  Stoke Lane
`);
const LOCALITIES = ['', '', '', 'KINGSLEY', 'WESTBURY', 'ALWOODLEY', 'LLANISHEN', 'HEADINGLEY', 'MOSELEY'];
const NAME_WORDS = list(`
  Larkspur|Meadowbank|Willow|Oak|Beech|Cedar|Holly|Rose|Ivy|Orchard|Harrowden|Ash|Elm|Maple|Foxglove|
  Primrose|Bluebell|Heather|Lavender|Hawthorn|Rowan|Birch|Chestnut|Linden|Magnolia|Wisteria|Juniper|Hazel|
  Alder|Poplar|Sycamore|Fern|Laurel|Clover|Kingfisher|Swallow|Heron|Abbey|Priory|Mill|Bridge|River|Park|
  Brook|Valley|Hill|Meadow|Field|Lake|St John's|St Anne's|St Mary's|St Aidan's|Ashcroft|Hollybrook|Pippins|
  Fairfield|Greenacres|Sunnyside|Woodlands|Riverside|Hillcrest|Southview|Belmont|Ashgrove|Rosewood|
  Highgate
`);
const NAME_SUFFIXES = list(`
  House|Lodge|Court|Manor|Grange|View|Gardens|Hall|Care Home|Nursing Home|Residential Home|Place|Mews|Park|
  Villa|Cottage|Retirement Home|Care Centre
`);
const THE_NAMES = list(`
  The Willows|The Laurels|The Elms|The Beeches|The Limes|The Poplars|The Cedars|The Hollies|The Firs|
  The Oaks|The Maples|The Orchards|The Grange|The Old Vicarage
`);
const WELSH_NAMES = list(`
  Plas Derwen|Tŷ Gwyn|Bryn Teg|Cartref Glas|Hafan y Don|Plas Menai|Tŷ Mawr|Bryn Awel
`);
const HQ_SUFFIXES = list(`
  CARE GROUP LIMITED|HEALTHCARE LTD|CARE HOMES LIMITED|LIVING LIMITED|CARE LTD|SENIOR LIVING LIMITED|
  CARE SERVICES LTD|NURSING HOMES LIMITED|HEALTHCARE LIMITED
`);
const POSTCODE_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
const BASE36 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

// ---------------------------------------------------------------- text helpers

const ASCII_FOLD: Record<string, string> = { ł: 'l', Ł: 'L', ø: 'o', Ø: 'O', ß: 'ss', æ: 'ae', Æ: 'AE' };
const foldCache = new Map<string, string>();
/** Accents and apostrophes folded away, lower-case a–z and digits only (for e-mail local parts). */
function slug(text: string): string {
  let s = foldCache.get(text);
  if (s === undefined) {
    s = text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[łŁøØßæÆ]/g, (c) => ASCII_FOLD[c] ?? '')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    foldCache.set(text, s);
  }
  return s;
}
/** Upper-case ASCII, as ODS publishes names. */
const odsUpper = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase();
const titleCase = (text: string): string =>
  text.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_m, sep: string, c: string) => sep + c.toUpperCase());

/** A CSV cell: quoted only when it must be (as Excel writes). */
const cell = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
/** A published ODS cell: always quoted. */
const quoted = (value: string): string => `"${value.replace(/"/g, '""')}"`;

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
function randomDate(fromYear: number, toYear: number): string {
  return `${between(fromYear, toYear)}${pad(between(1, 12), 2)}${pad(between(1, 28), 2)}`;
}
function laterDate(date: string, toYear: number): string {
  const year = Number(date.slice(0, 4));
  if (year >= toYear || chance(0.6)) return date;
  return randomDate(year + 1, toYear);
}
function postcode(t: Town): string {
  return `${t.area}${between(1, t.districts)} ${int(10)}${pick([...POSTCODE_LETTERS])}${pick([...POSTCODE_LETTERS])}`;
}
const odsPhone = (region: string): string =>
  `${pick(REGION_PHONE[region] ?? ['01632 960'])}${pad(int(1000), 3)}`;

// ---------------------------------------------------------------- codes

const SITE_SPACE = 36 ** 4;
const HQ_SPACE = 2 * 36 ** 3;
const siteCodePerm = permutation(21, SITE_SPACE);
const hqCodePerm = permutation(17, HQ_SPACE);
const mobilePerm = permutation(27, 100_000_000);

function base36(n: number, width: number): string {
  let s = '';
  for (let i = 0; i < width; i++) {
    s = BASE36[n % 36] + s;
    n = Math.floor(n / 36);
  }
  return s;
}
/** Site i (0-based) → `V` + 4 upper-case alphanumerics, unique per i. */
const siteCode = (i: number): string => `V${base36(siteCodePerm(i), 4)}`;
/** HQ i (0-based) → 4 characters starting A or C, unique per i. */
function hqCode(i: number): string {
  const n = hqCodePerm(i);
  return n < 36 ** 3 ? `A${base36(n, 3)}` : `C${base36(n - 36 ** 3, 3)}`;
}

// ---------------------------------------------------------------- the plan: sites, groups, counts

const EXTRA_SITES = Math.max(1, Math.round(SITES * 0.05)); // in ODS, not in sites.csv
/** ODS-only sites: 1 = Welsh, 2 = closed, 0 = open English (only these are named by `site-unknown` rows). */
const EXTRA_FLAGS = new Uint8Array(EXTRA_SITES);
for (let k = 0; k < EXTRA_SITES; k++) EXTRA_FLAGS[k] = (chance(0.1) ? 1 : 0) | (chance(0.15) ? 2 : 0);
const MAX_UNREGISTERED = SITE_SPACE - SITES - EXTRA_SITES;
if (MAX_UNREGISTERED < 1000) fail(`--sites ${SITES} is too many: site codes have room for about 1.5 million`);

/** Rows per site, decided up front (one byte a site) so the total is exactly ROWS. */
const siteRows = new Uint8Array(SITES);
const overSite = new Uint8Array(SITES);
{
  let overCount = Math.min(SITES, Math.round(SITES * OVER_QUOTA));
  // Over-quota sites take 11–14 rows each; with too few rows, fewer sites go over.
  while (overCount > 0 && overCount * 11 > ROWS) overCount--;
  const overIdx: number[] = [];
  for (let i = 0; i < SITES; i++) overIdx.push(i);
  for (let i = 0; i < overCount; i++) {
    const j = i + int(SITES - i);
    const t = overIdx[i] as number;
    overIdx[i] = overIdx[j] as number;
    overIdx[j] = t;
    overSite[overIdx[i] as number] = 1;
  }
  let overRows = 0;
  for (let i = 0; i < SITES; i++) {
    if (overSite[i]) {
      siteRows[i] = between(11, 14);
      overRows += siteRows[i] as number;
    }
  }
  // Trim over-quota rows if they alone exceed ROWS (only for tiny ROWS).
  for (let i = 0; overRows > ROWS && i < SITES; i++) {
    while (overSite[i] && (siteRows[i] as number) > 11 && overRows > ROWS) {
      siteRows[i] = (siteRows[i] as number) - 1;
      overRows--;
    }
  }
  const normalSites = SITES - overCount;
  const rest = ROWS - overRows;
  if (normalSites === 0 && rest > 0) fail('every site is over quota and rows are left over: raise --sites');
  const mean = normalSites > 0 ? rest / normalSites : 0;
  // Normal sites: 0–9 rows ("typically"); more only if the mean demands it.
  const cap = mean <= 8.8 ? 9 : Math.min(250, Math.ceil(mean) + 1);
  // A mix: most sites at the cap, the rest spread evenly over 0..cap-1, with the right mean.
  const spread = cap > 0 ? Math.max(0, Math.min(1, (cap - mean) / ((cap + 1) / 2))) : 0;
  let sum = 0;
  for (let i = 0; i < SITES; i++) {
    if (overSite[i]) continue;
    const n = chance(spread) ? int(cap) : cap;
    siteRows[i] = n;
    sum += n;
  }
  let diff = rest - sum;
  while (diff !== 0) {
    const i = int(SITES);
    if (overSite[i]) continue;
    const n = siteRows[i] as number;
    if (diff > 0 && n < cap) {
      siteRows[i] = n + 1;
      diff--;
    } else if (diff < 0 && n > 0) {
      siteRows[i] = n - 1;
      diff++;
    }
  }
}

/** Provider groups of 1–40 sites: most providers run one home, a few run many. */
const GROUP_SIZE = weighted<[number, number]>([
  [[1, 1], 55],
  [[2, 3], 20],
  [[4, 8], 12],
  [[9, 20], 8],
  [[21, 40], 5],
]);
const groupSizes: number[] = [];
for (let left = SITES; left > 0; ) {
  const [lo, hi] = draw(GROUP_SIZE);
  const size = Math.min(left, between(lo, hi));
  groupSizes.push(size);
  left -= size;
}
const HQS = groupSizes.length;
const EXTRA_HQS = Math.max(1, Math.round(EXTRA_SITES / 3));
if (HQS + EXTRA_HQS > HQ_SPACE) fail(`--sites ${SITES} needs more HQ codes than exist (${HQ_SPACE})`);

// ---------------------------------------------------------------- faults

type RowFault =
  | 'email-invalid'
  | 'email-nhsmail'
  | 'email-duplicate'
  | 'email-invisible'
  | 'mobile-duplicate'
  | 'mobile-leading-zero'
  | 'mobile-excel-damaged'
  | 'mobile-landline'
  | 'mobile-drama'
  | 'title-unknown'
  | 'site-code-invalid'
  | 'site-unknown'
  | 'joiner-no-nhsmail'
  | 'name-formula';
type SiteFault = 'hq-mismatch' | 'site-closed' | 'site-wales' | 'dspt-not-published';

/** What each injected fault should make the tool say (SPEC §6). */
const ROW_FAULTS: Record<RowFault, { code: string; severity: 'error' | 'warning'; note: string }> = {
  'email-invalid': { code: 'staff-email-invalid', severity: 'error', note: 'malformed personal e-mail' },
  'email-nhsmail': {
    code: 'staff-email-nhsmail',
    severity: 'error',
    note: 'new request with an @nhs.net e-mail',
  },
  'email-duplicate': {
    code: 'staff-duplicate-email',
    severity: 'error',
    note: "an earlier row's e-mail in different case",
  },
  'email-invisible': {
    code: 'cell-invisible-character',
    severity: 'error',
    note: 'zero-width space (U+200B) inside the e-mail',
  },
  'mobile-duplicate': {
    code: 'staff-duplicate-mobile',
    severity: 'error',
    note: "an earlier row's mobile in another format",
  },
  'mobile-leading-zero': {
    code: 'staff-mobile-leading-zero-restored',
    severity: 'warning',
    note: '10 digits starting 7 (row stays valid)',
  },
  'mobile-excel-damaged': {
    code: 'staff-mobile-excel-damaged',
    severity: 'error',
    note: 'scientific notation such as 4.47956E+11',
  },
  'mobile-landline': { code: 'staff-mobile-invalid', severity: 'error', note: 'drama-range landline' },
  'mobile-drama': { code: 'staff-mobile-invalid', severity: 'error', note: '07700 900xxx (at most 1000)' },
  'title-unknown': { code: 'staff-title-unknown', severity: 'warning', note: 'row stays valid' },
  'site-code-invalid': {
    code: 'staff-site-code-invalid',
    severity: 'error',
    note: 'V + 5 digits (also site-code-dental-shape) or the 4-character prefix of a real code',
  },
  'site-unknown': {
    code: 'staff-site-unknown',
    severity: 'error',
    note: 'well-formed code not in sites.csv (about half are in the ODS site file)',
  },
  'joiner-no-nhsmail': {
    code: 'staff-nhsmail-address-required',
    severity: 'error',
    note: 'joiner, blank address',
  },
  'name-formula': {
    code: 'cell-formula-trigger',
    severity: 'error',
    note: 'first or last name such as =SUM(1) (may also get staff-name-invalid)',
  },
};
const SITE_FAULTS: Record<SiteFault, { code: string; note: string }> = {
  'hq-mismatch': { code: 'site-hq-mismatch', note: 'ODS parent is another HQ in the HQ file' },
  'site-closed': { code: 'site-closed', note: 'ODS close date 20250101' },
  'site-wales': { code: 'site-not-england', note: 'ODS country WALES, postcode CF…' },
  'dspt-not-published': { code: 'site-dspt-insufficient', note: 'dspt_status Not Published' },
};
const ROW_FAULT_KINDS = Object.keys(ROW_FAULTS) as RowFault[];
const SITE_FAULT_KINDS = Object.keys(SITE_FAULTS) as SiteFault[];
const rowFaultCounts = Object.fromEntries(ROW_FAULT_KINDS.map((k) => [k, 0])) as Record<RowFault, number>;
const siteFaultCounts = Object.fromEntries(SITE_FAULT_KINDS.map((k) => [k, 0])) as Record<SiteFault, number>;

const FORMULA_NAMES = [
  '=SUM(1)',
  '=SUM(1)',
  '=1+1',
  '+Smith',
  '-Jones',
  '@Patel',
  '=HYPERLINK("http://x","Ann")',
];
const DRAMA_MOBILES = 1000;
const dramaPerm = permutation(10, DRAMA_MOBILES);
const landlinePerm = permutation(10, 1000);
const LANDLINES = DRAMA_LANDLINES.length * 1000;
let dramaUsed = 0;
let landlinesUsed = 0;
let unregisteredUsed = 0;
const sub = { dentalShape: 0, shortCode: 0, unknownInOds: 0, unknownNowhere: 0 };

// ---------------------------------------------------------------- output

const CHUNK = 1 << 20;
class Out {
  private parts: string[] = [];
  private pending = 0;
  private readonly hash = createHash('sha256');
  private readonly stream: WriteStream;
  bytes = 0;
  lines = 0;
  constructor(readonly name: string) {
    this.stream = createWriteStream(join(OUT, name));
    this.stream.on('error', (e) => fail(`cannot write ${name}: ${e.message}`));
  }
  line(text: string): void {
    this.parts.push(text, '\n');
    this.pending += text.length + 1;
    this.lines++;
  }
  get full(): boolean {
    return this.pending >= CHUNK;
  }
  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const buf = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.pending = 0;
    this.bytes += buf.length;
    this.hash.update(buf);
    if (!this.stream.write(buf)) await once(this.stream, 'drain');
  }
  async close(): Promise<{ bytes: number; lines: number; sha256: string }> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
    return { bytes: this.bytes, lines: this.lines, sha256: this.hash.digest('hex') };
  }
}

// ---------------------------------------------------------------- people

const emails = new HashSet64(ROWS + 1024);
let personIndex = 0;

interface Recent {
  email: string;
  mobile: string;
  style: number;
}
/** Recent clean rows: the first occurrences that duplicate faults copy. */
const recent: Recent[] = [];
let recentNext = 0;
const remember = (r: Recent): void => {
  if (recent.length < 64) recent.push(r);
  else recent[recentNext] = r;
  recentNext = (recentNext + 1) % 64;
};

function localPart(first: string, last: string): string {
  const f = slug(first) || 'x';
  const l = slug(last) || 'x';
  const r = rand();
  if (r < 0.45) return `${f}.${l}`;
  if (r < 0.62) return `${f}${l}`;
  if (r < 0.67) return `${f}_${l}`;
  if (r < 0.8) return `${f[0]}.${l}`;
  if (r < 0.85) return `${l}.${f}`;
  if (r < 0.92) return `${f}.${l[0]}`;
  return `${f}${l[0]}`;
}
const yearish = (): string => pad(pick([between(60, 99), between(0, 6)]), 2);
/** A personal e-mail derived from the name, unique (case-insensitive) across the whole run. */
function uniqueEmail(first: string, last: string, domain: string): string {
  const base = localPart(first, last);
  const r = rand();
  const firstTry = r < 0.45 ? base : r < 0.75 ? `${base}${yearish()}` : `${base}${between(1, 999)}`;
  let email = `${firstTry}@${domain}`;
  for (let attempt = 0; !emails.add(email); attempt++) {
    const suffix =
      attempt < 3
        ? yearish()
        : attempt < 6
          ? String(between(1, 999))
          : attempt < 12
            ? String(between(1000, 9999))
            : `.${personIndex}.${attempt}`;
    email = `${base}${suffix}@${domain}`;
  }
  return email;
}
const capitalised = (email: string): string => {
  const at = email.indexOf('@');
  return (
    email.slice(0, at).replace(/(^|[._])([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase()) +
    email.slice(at)
  );
};

/** The person's own mobile, `07` + 9 digits, unique per person and never 07700 900xxx. */
function uniqueMobile(): string {
  const tail = pad(mobilePerm(personIndex % 100_000_000), 8);
  let third = pick(MOBILE_THIRD_DIGIT);
  if (third === 7 && tail.startsWith('00900')) third = 8;
  return `07${third}${tail}`;
}

// ---------------------------------------------------------------- the run

mkdirSync(join(OUT, 'ods'), { recursive: true });
const staff = new Out('staff.csv');
const sites = new Out('sites.csv');
const odsSites = new Out('ods/ecarehomesite.csv');
const odsHqs = new Out('ods/ecarehomehq.csv');
const outs = [staff, sites, odsSites, odsHqs];

staff.line(
  'site_ods_code,title,first_name,last_name,job_title,personal_email,mobile,access,action,nhsmail_address',
);
sites.line(
  'site_ods_code,site_name,town,hq_ods_code,cqc_location_id,postcode,dspt_status,existing_accounts,allowance,shared_mailbox_exists',
);

const started = process.hrtime.bigint();
const elapsed = (): string => `${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)}s`;
let nextProgress = 0;
function progress(done: number, force = false): void {
  if (!force && done < nextProgress) return;
  nextProgress = done + Math.max(1, Math.ceil(ROWS / 10));
  const pct = ROWS > 0 ? Math.round((done / ROWS) * 100) : 100;
  process.stderr.write(`generate: ${done}/${ROWS} staff rows (${pct}%), ${elapsed()}\n`);
}

const counts = {
  actions: { new: 0, joiner: 0, leaver: 0 },
  owners: 0,
  rowsPerSite: [] as number[],
  expected: { rows: 0, ready: 0, deferred: 0, rejected: 0, sitesOverQuota: 0, plannedOverQuotaSites: 0 },
  odsOnlySites: 0,
  odsOnlyClosed: 0,
  odsOnlyWelsh: 0,
};

function hqName(index: number, firstSiteName: string, single: boolean): string {
  if (single && chance(0.5)) return `${odsUpper(firstSiteName)} ${chance(0.5) ? 'LIMITED' : 'LTD'}`;
  const word = chance(0.5) ? pick(NAME_WORDS) : pickCommon(SURNAMES);
  return `${odsUpper(word)} ${HQ_SUFFIXES[index % HQ_SUFFIXES.length]}`;
}
function hqLine(code: string, name: string): string {
  const t = pick(TOWNS);
  return [
    code,
    name,
    `UNIT ${between(1, 40)} ${odsUpper(pick(STREETS))}`,
    pick(LOCALITIES),
    odsUpper(t.name),
    t.county,
    '',
    postcode(t),
    randomDate(1995, 2020),
    '',
    '0',
    'ENGLAND',
  ]
    .map(quoted)
    .join(',');
}
function siteName(welsh: boolean): string {
  if (welsh) return pick(WELSH_NAMES);
  const r = rand();
  const name = r < 0.15 ? pick(THE_NAMES) : `${pick(NAME_WORDS)} ${pick(NAME_SUFFIXES)}`;
  return chance(0.01) ? `${name}, ${pick(['Annexe', 'East Wing', 'Unit 2'])}` : name;
}
function odsSiteLine(o: {
  code: string;
  name: string;
  t: Town;
  welsh: boolean;
  open: string;
  close: string;
  parent: string;
  pc: string;
}): string {
  const region = o.welsh ? 'W00' : o.t.region;
  return [
    o.code,
    odsUpper(o.name),
    region,
    pick(HLHG[region] ?? ['QPM']),
    `${between(1, 180)} ${odsUpper(pick(STREETS))}`,
    pick(LOCALITIES),
    odsUpper(o.t.name),
    o.t.county,
    '',
    o.pc,
    o.open,
    o.close,
    o.parent,
    laterDate(o.open, 2024),
    '',
    odsPhone(region),
    '0',
    o.parent,
    o.welsh ? 'WALES' : 'ENGLAND',
  ]
    .map(quoted)
    .join(',');
}

interface Row {
  site: string;
  title: string;
  first: string;
  last: string;
  job: string;
  email: string;
  mobile: string;
  access: string;
  action: string;
  nhsmail: string;
}
const OWNER_SPELLINGS = weighted<string>([
  ['Owner', 80],
  ['owner', 14],
  [' owner ', 3],
  ['OWNER', 3],
]);
const MEMBER_SPELLINGS = weighted<string>([
  ['Member', 70],
  ['member', 20],
  ['MEMBER', 3],
  ['', 7],
]);
const ACTIONS = weighted<string>([
  ['', 80],
  ['new', 8],
  ['New', 2],
  ['joiner', 5],
  ['leaver', 3],
  ['Leaver', 1],
  ['Joiner', 1],
]);

function pickRowFault(): RowFault {
  for (;;) {
    const kind = pick(ROW_FAULT_KINDS);
    if ((kind === 'email-duplicate' || kind === 'mobile-duplicate') && recent.length === 0) continue;
    if (kind === 'mobile-drama' && dramaUsed >= DRAMA_MOBILES) continue;
    if (kind === 'mobile-landline' && landlinesUsed >= LANDLINES) continue;
    if (kind === 'site-unknown' && unregisteredUsed >= MAX_UNREGISTERED) continue;
    return kind;
  }
}

/** Applies one fault to a row; returns false if the row no longer belongs to its site. */
function applyRowFault(kind: RowFault, row: Row, national: string, code: string): boolean {
  switch (kind) {
    case 'email-invalid': {
      const at = row.email.indexOf('@');
      const local = row.email.slice(0, at);
      const domain = row.email.slice(at + 1);
      const variants = [
        `${local}@${domain.slice(0, domain.indexOf('.'))}`, // no top-level domain
        `${local}.${domain}`, // no @
        `${local}@@${domain}`,
        `${local}@${domain.replace('.', '..')}`,
        `${local} @${domain}`,
        `${local}@${domain},`,
      ];
      row.email = pick(variants);
      return true;
    }
    case 'email-nhsmail':
      row.email = uniqueEmail(row.first, row.last, 'nhs.net');
      row.action = pick(['', 'new']);
      row.nhsmail = '';
      return true;
    case 'email-duplicate': {
      const src = pick(recent).email;
      row.email = src === src.toLowerCase() ? capitalised(src) : src.toLowerCase();
      if (row.email === src) row.email = src.toUpperCase();
      return true;
    }
    case 'email-invisible': {
      const at = row.email.indexOf('@');
      const where = pick([at, row.email.length, between(1, at - 1)]);
      row.email = `${row.email.slice(0, where)}\u200B${row.email.slice(where)}`;
      return true;
    }
    case 'mobile-duplicate': {
      const src = pick(recent);
      let s = draw(MOBILE_STYLES);
      while (s === src.style) s = draw(MOBILE_STYLES);
      row.mobile = formatMobile(src.mobile, s);
      return true;
    }
    case 'mobile-leading-zero':
      row.mobile = national.slice(1);
      return true;
    case 'mobile-excel-damaged':
      row.mobile = excelScientific(chance(0.6) ? `44${national.slice(1)}` : national.slice(1));
      return true;
    case 'mobile-landline': {
      const k = landlinesUsed++;
      const prefix = DRAMA_LANDLINES[k % DRAMA_LANDLINES.length] as string;
      row.mobile = `${prefix}${pad(landlinePerm(Math.floor(k / DRAMA_LANDLINES.length)), 3)}`;
      return true;
    }
    case 'mobile-drama': {
      const n = `07700900${pad(dramaPerm(dramaUsed++), 3)}`;
      row.mobile = formatMobile(n, pick([0, 0, 1, 2]));
      return true;
    }
    case 'title-unknown':
      row.title = pick(UNKNOWN_TITLES);
      return true;
    case 'site-code-invalid':
      if (chance(0.5)) {
        row.site = `V${pad(int(100000), 5)}`; // dental-practice shape
        sub.dentalShape++;
      } else {
        row.site = code.slice(0, 4);
        sub.shortCode++;
      }
      return false;
    case 'site-unknown': {
      // Half name an open English site that is in the ODS file but not in sites.csv, half a code nowhere.
      let k = chance(0.5) ? int(EXTRA_SITES) : -1;
      for (let tries = 0; k >= 0 && EXTRA_FLAGS[k] !== 0; tries++) k = tries < 20 ? int(EXTRA_SITES) : -1;
      if (k >= 0) {
        row.site = siteCode(SITES + k);
        sub.unknownInOds++;
      } else {
        row.site = siteCode(SITES + EXTRA_SITES + unregisteredUsed++);
        sub.unknownNowhere++;
      }
      return false;
    }
    case 'joiner-no-nhsmail':
      row.action = pick(['joiner', 'joiner', 'Joiner']);
      row.nhsmail = '';
      return true;
    case 'name-formula':
      if (chance(0.5)) row.first = pick(FORMULA_NAMES);
      else row.last = pick(FORMULA_NAMES);
      return true;
  }
}

function nhsmailAddress(first: string, last: string): string {
  return `${slug(first) || 'x'}.${slug(last) || 'x'}${chance(0.3) ? between(1, 9) : ''}@nhs.net`;
}

async function run(): Promise<void> {
  let siteIndex = 0;
  let dataRows = 0;
  for (let g = 0; g < HQS; g++) {
    const size = groupSizes[g] as number;
    const hq = hqCode(g);
    const groupTown = pick(TOWNS);
    let hqWritten = false;
    for (let k = 0; k < size; k++, siteIndex++) {
      const i = siteIndex;
      const code = siteCode(i);
      const isOver = overSite[i] === 1;
      const planned = siteRows[i] as number;
      counts.rowsPerSite[planned] = (counts.rowsPerSite[planned] ?? 0) + 1;
      if (isOver) counts.expected.plannedOverQuotaSites++;

      const siteFault: SiteFault | undefined = chance(FAULT_RATE) ? pick(SITE_FAULT_KINDS) : undefined;
      if (siteFault) siteFaultCounts[siteFault]++;
      const welsh = siteFault === 'site-wales';
      const t = welsh ? pick(WELSH_TOWNS) : chance(0.6) ? groupTown : pick(TOWNS);
      const name = siteName(welsh);
      if (!hqWritten) {
        odsHqs.line(hqLine(hq, hqName(g, name, size === 1)));
        hqWritten = true;
      }

      // Staff rows of this site.
      const namesHere = new Set<string>();
      let validTakers = 0; // valid new + joiner rows that stay at this site
      let validLeavers = 0;
      for (let r = 0; r < planned; r++) {
        const gender = rand();
        let first: string;
        let last: string;
        let titles: Weighted<string>;
        do {
          if (gender < 0.78) {
            first = pickCommon(FEMALE);
            titles = FEMALE_TITLES;
          } else if (gender < 0.97) {
            first = pickCommon(MALE);
            titles = MALE_TITLES;
          } else {
            first = pick(UNISEX);
            titles = UNISEX_TITLES;
          }
          last = pickCommon(SURNAMES);
        } while (namesHere.has(`${first}|${last}`));
        namesHere.add(`${first}|${last}`);

        let action = r === 0 ? '' : draw(ACTIONS);
        if (isOver && action.toLowerCase() === 'leaver') action = '';
        const owner = r === 0 || (r === 1 && chance(0.3));
        const email0 = uniqueEmail(first, last, draw(DOMAINS));
        const national = uniqueMobile();
        const style = draw(MOBILE_STYLES);
        const row: Row = {
          site: code,
          title: draw(titles),
          first,
          last,
          job: r === 0 ? pick(MANAGER_JOBS) : r === 1 && owner ? pick(DEPUTY_JOBS) : draw(JOBS),
          email: chance(0.03) ? capitalised(email0) : email0,
          mobile: formatMobile(national, style),
          access: owner ? draw(OWNER_SPELLINGS) : draw(MEMBER_SPELLINGS),
          action,
          nhsmail: action === '' || action.toLowerCase() === 'new' ? '' : nhsmailAddress(first, last),
        };
        personIndex++;

        let fault: RowFault | undefined;
        let staysHere = true;
        if (chance(FAULT_RATE)) {
          fault = pickRowFault();
          rowFaultCounts[fault]++;
          staysHere = applyRowFault(fault, row, national, code);
        } else {
          remember({ email: row.email, mobile: national, style });
        }

        const isError = fault !== undefined && ROW_FAULTS[fault].severity === 'error';
        const act = row.action.toLowerCase();
        const kind = act === 'joiner' ? 'joiner' : act === 'leaver' ? 'leaver' : 'new';
        counts.actions[kind]++;
        if (owner) counts.owners++;
        counts.expected.rows++;
        if (isError || !staysHere || siteFault) counts.expected.rejected++;
        else if (kind === 'leaver') validLeavers++;
        else validTakers++;

        staff.line(
          [
            row.site,
            row.title,
            row.first,
            row.last,
            row.job,
            row.email,
            row.mobile,
            row.access,
            row.action,
            row.nhsmail,
          ]
            .map(cell)
            .join(','),
        );
        dataRows++;
      }

      // The site: existing accounts leave room for its valid rows unless it is meant to be over quota.
      const room = 10 + validLeavers - validTakers;
      const existing = isOver ? between(0, 3) : between(0, Math.max(0, Math.min(3, room)));
      if (!siteFault) {
        const overBy = validTakers - (10 - existing + validLeavers);
        if (overBy > 0) {
          counts.expected.sitesOverQuota++;
          counts.expected.deferred += overBy;
        }
      }
      const dspt =
        siteFault === 'dspt-not-published'
          ? 'Not Published'
          : draw(
              weighted<string>([
                ['Standards Met', 70],
                ['Standards Exceeded', 15],
                ['Approaching Standards', 15],
              ]),
            );
      const pc = postcode(t);
      const shared = existing > 0 || chance(0.7) ? 'yes' : 'no';
      sites.line(
        [
          code,
          name,
          t.name,
          hq,
          welsh ? '' : `1-${chance(0.5) ? between(100000000, 999999999) : between(1000000000, 2099999999)}`,
          pc,
          dspt,
          String(existing),
          chance(0.15) ? '10' : '',
          chance(0.9) ? shared : titleCase(shared),
        ]
          .map(cell)
          .join(','),
      );

      let parent = hq;
      if (siteFault === 'hq-mismatch') {
        let other = HQS > 1 ? int(HQS - 1) : HQS; // HQS itself is the first ODS-only HQ
        if (HQS > 1 && other >= g) other++;
        parent = hqCode(other);
      }
      odsSites.line(
        odsSiteLine({
          code,
          name,
          t,
          welsh,
          open: randomDate(1990, 2023),
          close: siteFault === 'site-closed' ? '20250101' : '',
          parent,
          pc,
        }),
      );

      progress(dataRows);
      for (const o of outs) if (o.full) await o.flush();
    }
  }

  // Unrelated ODS sites (not in sites.csv) under providers of their own: some closed, some Welsh.
  let extraHq = 0;
  let leftInGroup = 0;
  for (let k = 0; k < EXTRA_SITES; k++) {
    if (leftInGroup === 0 && extraHq < EXTRA_HQS) {
      leftInGroup = between(1, 6);
      extraHq++;
      odsHqs.line(hqLine(hqCode(HQS + extraHq - 1), hqName(HQS + extraHq, pick(NAME_WORDS), false)));
    }
    leftInGroup = Math.max(0, leftInGroup - 1);
    const welsh = ((EXTRA_FLAGS[k] as number) & 1) !== 0;
    const closed = ((EXTRA_FLAGS[k] as number) & 2) !== 0;
    const t = welsh ? pick(WELSH_TOWNS) : pick(TOWNS);
    const open = randomDate(1990, 2015);
    odsSites.line(
      odsSiteLine({
        code: siteCode(SITES + k),
        name: siteName(welsh),
        t,
        welsh,
        open,
        close: closed ? randomDate(2016, 2024) : '',
        parent: hqCode(HQS + extraHq - 1),
        pc: postcode(t),
      }),
    );
    counts.odsOnlySites++;
    if (closed) counts.odsOnlyClosed++;
    if (welsh) counts.odsOnlyWelsh++;
    for (const o of outs) if (o.full) await o.flush();
  }
  while (extraHq < EXTRA_HQS) {
    extraHq++;
    odsHqs.line(hqLine(hqCode(HQS + extraHq - 1), hqName(HQS + extraHq, pick(NAME_WORDS), false)));
  }

  progress(dataRows, true);
  const files: Record<string, { bytes: number; lines: number; sha256: string }> = {};
  for (const o of outs) files[o.name] = await o.close();

  const e = counts.expected;
  e.ready = e.rows - e.rejected - e.deferred;
  const rowFaultTotal = Object.values(rowFaultCounts).reduce((a, b) => a + b, 0);
  const siteFaultTotal = Object.values(siteFaultCounts).reduce((a, b) => a + b, 0);
  const byCode: Record<string, number> = {};
  for (const k of ROW_FAULT_KINDS)
    byCode[ROW_FAULTS[k].code] = (byCode[ROW_FAULTS[k].code] ?? 0) + rowFaultCounts[k];
  for (const k of SITE_FAULT_KINDS)
    byCode[SITE_FAULTS[k].code] = (byCode[SITE_FAULTS[k].code] ?? 0) + siteFaultCounts[k];
  byCode['site-code-dental-shape'] = sub.dentalShape;
  byCode['site-over-quota'] = e.sitesOverQuota;
  byCode['staff-over-quota'] = e.deferred;
  const manifest = {
    generator: 'bench/generate.ts',
    formatVersion: 1,
    seed: SEED,
    rows: ROWS,
    sites: SITES,
    faultRate: FAULT_RATE,
    overQuotaRate: OVER_QUOTA,
    command: `npx tsx bench/generate.ts --rows ${ROWS} --sites ${SITES} --seed ${SEED} --out DIR --fault-rate ${FAULT_RATE} --over-quota ${OVER_QUOTA}`,
    run: 'nhsmail-bulk plan staff.csv --sites sites.csv --ods ods/ecarehomesite.csv --ods ods/ecarehomehq.csv --as-of 2026-11-01',
    files,
    hqs: HQS,
    odsOnly: {
      hqs: EXTRA_HQS,
      sites: counts.odsOnlySites,
      closed: counts.odsOnlyClosed,
      welsh: counts.odsOnlyWelsh,
    },
    rowsPerSite: Array.from({ length: counts.rowsPerSite.length }, (_, n) => counts.rowsPerSite[n] ?? 0),
    actions: counts.actions,
    owners: counts.owners,
    faults: {
      rows: rowFaultTotal,
      sites: siteFaultTotal,
      rowKinds: Object.fromEntries(
        ROW_FAULT_KINDS.map((k) => [k, { count: rowFaultCounts[k], ...ROW_FAULTS[k] }]),
      ),
      detail: sub,
      siteKinds: Object.fromEntries(
        SITE_FAULT_KINDS.map((k) => [k, { count: siteFaultCounts[k], ...SITE_FAULTS[k] }]),
      ),
    },
    expected: {
      note: 'Derived from SPEC §5 while generating (one fault per faulty row or site; warnings keep a row valid). The tool is the authority.',
      ...e,
      countsByCode: Object.fromEntries(Object.entries(byCode).sort(([a], [b]) => (a < b ? -1 : 1))),
      notPredicted: 'site-below-minimum and site-no-owner warnings that arise by chance',
    },
  };
  writeFileSync(join(OUT, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  process.stderr.write(
    `generate: wrote ${OUT}: ${ROWS} rows, ${SITES} sites, ${HQS} HQs, ${rowFaultTotal} row faults, ${siteFaultTotal} site faults, ${elapsed()}\n`,
  );
}

run().catch((err: unknown) => fail(err instanceof Error ? (err.stack ?? err.message) : String(err)));
