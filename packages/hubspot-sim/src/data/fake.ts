// Word lists for realistic records: accents, non-Latin scripts, apostrophes and emoji on purpose,
// because real CRMs hold them and sinks must survive them.
import type { Rng } from './random.ts';

export const FIRST_NAMES = [
  'Ann', 'Bob', 'Chloé', 'Dmitri', 'Émile', 'Fatima', 'Giulia', 'Hiroshi', 'Ingrid', 'José',
  'Kwame', 'Łukasz', 'María José', 'Nguyễn', 'Olivia', 'Priya', 'Quinn', 'Renée', 'Søren', 'Tomás',
  'Ursula', 'Valentina', 'Wei', 'Xavier', 'Yuki', 'Zoë', '李', 'Мария', 'Ahmed', 'Sarah',
  'Liam', 'Noah', 'Emma', 'Mia', 'Lucas', 'Sofia', 'Mateo', 'Aisha', 'Jean-Luc', 'Björn',
] as const;

export const LAST_NAMES = [
  'Smith', "O'Brien", 'Müller', 'García', 'Nakamura', 'Kowalski', 'Dubois', 'Rossi', 'Andersson', 'Nguyen',
  'Okafor', 'Patel', 'Silva', 'Van der Berg', 'Ivanova', '王', 'Fernández', 'Johnson', 'Brown', 'Lee',
  'Martin', 'Jensen', 'Schröder', 'Costa', 'Haddad', 'Kim', 'López', 'Wilson', 'Taylor', 'Çelik',
] as const;

const WORDS = [
  'Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Hooli', 'Vandelay', 'Soylent', 'Tyrell',
  'Cyberdyne', 'Wonka', 'Aperture', 'Gringotts', 'Monarch', 'Oscorp', 'Nakatomi', 'Zorg', 'Bluth', 'Dunder',
] as const;
const SUFFIXES = ['Inc.', 'GmbH', 'Ltd', 'S.A.', 'LLC', 'AB', 'K.K.', 'BV', '& Co.', 'Group'] as const;
const EMOJI = ['🚀', '☕', '🌍', '✨', '🐙', '📈'] as const;
const DOMAINS = ['example.com', 'example.org', 'mail.example.net', 'corp.example', 'example.co.uk'] as const;
export const CITIES = ['Berlin', 'São Paulo', 'Zürich', 'Kraków', 'Tōkyō', 'New York', 'Lagos', 'Montréal', 'Reykjavík', 'Chennai'] as const;
export const COUNTRIES = ['Germany', 'Brazil', 'Switzerland', 'Poland', 'Japan', 'United States', 'Nigeria', 'Canada', 'Iceland', 'India'] as const;
export const INDUSTRIES = ['COMPUTER_SOFTWARE', 'RETAIL', 'HOSPITAL_HEALTH_CARE', 'FINANCIAL_SERVICES', 'EDUCATION_MANAGEMENT', 'AUTOMOTIVE'] as const;

const LOREM =
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit. Sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. ' +
  'Called about the renewal; they want a discount ("at least 10%") & a new <b>SLA</b>. Příliš žluťoučký kůň úpěl ďábelské ódy. ' +
  'Über naïve café façades — “quoted” text, tabs\tand\nnewlines. 日本語のテキストも含まれます。 🎉 ';

export function companyName(r: Rng): string {
  const base = `${r.pick(WORDS)} ${r.pick(SUFFIXES)}`;
  return r.chance(0.05) ? `${r.pick(EMOJI)} ${base}` : base;
}

export function domainFor(name: string, index: number): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '');
  return `${slug || 'company'}${index}.example.com`;
}

const slugMemo = new Map<string, string>();

/** ASCII-only local part: HubSpot stores emails as typed, but real addresses are almost always ASCII. */
export function asciiSlug(s: string): string {
  let slug = slugMemo.get(s);
  if (slug === undefined) {
    slug = slugify(s);
    if (slugMemo.size < 10_000) slugMemo.set(s, slug);
  }
  return slug;
}

function slugify(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

const AT_DOMAINS = DOMAINS.map((d) => `@${d}`);
/** 'first.last' local parts for every name pair, built once (1,200 short strings). */
const LOCAL_PARTS = FIRST_NAMES.map((f) => LAST_NAMES.map((l) => `${asciiSlug(f) || 'user'}.${asciiSlug(l) || 'x'}`));

/** The digits before '@' are the record index: this makes email lookups O(1) without an index of 1M strings.
 * Built from precomputed pieces, because every list page formats 100 of these. */
export function contactEmailAt(firstIndex: number, lastIndex: number, index: number, r: Rng): string {
  return LOCAL_PARTS[firstIndex]![lastIndex]! + index + r.pick(AT_DOMAINS);
}

export function contactEmail(first: string, last: string, index: number, r: Rng): string {
  return `${asciiSlug(first) || 'user'}.${asciiSlug(last) || 'x'}${index}${r.pick(AT_DOMAINS)}`;
}

export function longText(r: Rng): string {
  const n = 1 + r.int(12);
  let s = '';
  for (let i = 0; i < n; i++) s += LOREM;
  return s.slice(r.int(40));
}

export function sentence(r: Rng): string {
  const start = r.int(LOREM.length - 80);
  return LOREM.slice(start, start + 20 + r.int(60)).trim();
}

/** One of four formats; a switch rather than an array of closures (created per call, and tsx names each). */
export function phone(r: Rng): string {
  switch (r.int(4)) {
    case 0:
      return `+1 (${200 + r.int(700)}) ${100 + r.int(900)}-${1000 + r.int(9000)}`;
    case 1:
      return `+49 30 ${1000000 + r.int(9000000)}`;
    case 2:
      return `0${r.int(10)}${100000000 + r.int(900000000)}`;
    default:
      return `+44 20 ${1000 + r.int(9000)} ${1000 + r.int(9000)} ext. ${r.int(100)}`;
  }
}
