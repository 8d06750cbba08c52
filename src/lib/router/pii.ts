// Finds personal data and secrets in a message before it may leave the device. Every detector favours
// precision: a false alarm nags the person on every message, while the cloud route is opt-in anyway.
// Findings name the kind of data, never the value, so they can be shown and logged safely.

export type PiiKind =
  'email' | 'phone' | 'card' | 'iban' | 'national-id' | 'birth-date' | 'secret' | 'address' | 'private-term';

export interface PiiFinding {
  kind: PiiKind;
  /** A short noun phrase for the UI, e.g. "an email address". Never contains the matched value. */
  label: string;
}

interface Match {
  start: number;
  end: number;
  label: string;
}

type Detector = (text: string) => Match[];

const KIND_ORDER: readonly PiiKind[] = [
  'email',
  'phone',
  'card',
  'iban',
  'national-id',
  'birth-date',
  'secret',
  'address',
  'private-term',
];

function matchesOf(pattern: RegExp, text: string, label: string, accept?: (m: RegExpExecArray) => boolean) {
  const found: Match[] = [];
  for (const m of text.matchAll(pattern)) {
    if (accept && !accept(m)) continue;
    found.push({ start: m.index, end: m.index + m[0].length, label });
  }
  return found;
}

function digitsOf(text: string): string {
  return text.replace(/\D/g, '');
}

/** Remainder of a long decimal string modulo 97, computed piecewise because it exceeds 2^53. */
function mod97(digits: string): number {
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  return remainder;
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// ---------------------------------------------------------------------------------------------- secrets

// Lookarounds instead of \b: keys may end in "-" or "_", where \b misbehaves.
const TOKEN_END = '(?![A-Za-z0-9_-])';
const SECRET_PATTERNS: readonly {
  pattern: RegExp;
  label: string;
  accept?: (m: RegExpExecArray) => boolean;
}[] = [
  { pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g, label: 'a private key' },
  {
    pattern: new RegExp(
      `(?<![A-Za-z0-9_-])sk-(?:proj-|svcacct-|admin-|ant-)?[A-Za-z0-9_-]{20,}${TOKEN_END}`,
      'g',
    ),
    label: 'an API key',
    // Long hyphenated prose ("sk-this-is-not-a-key-at-all") has no digits; real keys always do.
    accept: (m) => /\d/.test(m[0].slice(3)),
  },
  {
    pattern: new RegExp(`(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,}${TOKEN_END}`, 'g'),
    label: 'a GitHub token',
  },
  {
    pattern: new RegExp(`(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{22,}${TOKEN_END}`, 'g'),
    label: 'a GitHub token',
  },
  { pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Za-z0-9])/g, label: 'an AWS access key' },
  {
    pattern: new RegExp(`(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}${TOKEN_END}`, 'g'),
    label: 'a Google API key',
  },
  { pattern: /(?<![A-Za-z0-9])xox[baprs]-[A-Za-z0-9-]{10,}/g, label: 'a Slack token' },
  {
    // Stripe secret and restricted keys, and webhook signing secrets.
    pattern: new RegExp(
      `(?<![A-Za-z0-9_])(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}|whsec_[A-Za-z0-9]{24,})${TOKEN_END}`,
      'g',
    ),
    label: 'an API key',
  },
  {
    pattern: new RegExp(`(?<![A-Za-z0-9_])hf_[A-Za-z0-9]{30,}${TOKEN_END}`, 'g'),
    label: 'a Hugging Face token',
    // Real tokens are random: digits or mixed case, never one long lowercase word.
    accept: (m) => /\d/.test(m[0]) || (/[a-z]/.test(m[0].slice(3)) && /[A-Z]/.test(m[0])),
  },
  {
    pattern: new RegExp(`(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20,}${TOKEN_END}`, 'g'),
    label: 'a GitLab token',
  },
  {
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g,
    label: 'a JSON Web Token',
    accept: (m) => isJwtHeader(m[0].slice(0, m[0].indexOf('.'))),
  },
];

/** "eyJ" only says the text is base64 of `{"`; a real token's header is JSON naming its algorithm. */
function isJwtHeader(part: string): boolean {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  try {
    const header: unknown = JSON.parse(atob(padded));
    return typeof header === 'object' && header !== null && 'alg' in header && typeof header.alg === 'string';
  } catch {
    return false;
  }
}

// A preceding "_" is allowed so that environment names such as DB_PASSWORD and OPENAI_API_KEY count.
const SECRET_ASSIGNMENT =
  /(?<![A-Za-z0-9])["']?(?:password|passwd|passphrase|pwd|secret|secret[_-]?key|client[_-]?secret|api[_-]?key|apikey|access[_-]?key|access[_-]?token|auth[_-]?token|refresh[_-]?token|private[_-]?key)["']?\s*[:=]\s*(?:(["'`])([^"'`\r\n]+)\1|([^\s"'`,;)]+))/gi;

const PLACEHOLDER_VALUE =
  /^(?:x+|\*+|\.+|-+|_+|#+|<[^>]*>|\[[^\]]*\]|\{\{?[^}]*\}\}?|\$\{?[\w.]+\}?|%\w+%|your[\w-]*|example[\w-]*|placeholder|changeme|redacted|hidden|secret|password|null|none|nil|undefined|true|false|string|str|number|int|bool|boolean|bytes|any|optional|required)$/i;

// Unquoted right-hand sides in code are usually expressions, not values.
const CODE_REFERENCE =
  /^(?:[~.]{0,2}\/|https?:|process\.env|os\.environ|import\.meta|env\.|config\.|settings\.|this\.|self\.)|[()[\]]/;

/** Whether the assigned value looks like a real credential rather than a type, variable or placeholder. */
function isNonTrivialSecret(value: string, quoted: boolean): boolean {
  const v = value.trim();
  if (v.length < 6 || PLACEHOLDER_VALUE.test(v) || /^(.)\1*$/.test(v)) return false;
  if (quoted) return true;
  if (CODE_REFERENCE.test(v)) return false;
  // A bare identifier is a variable name; real passwords carry digits or symbols.
  return !/^[A-Za-z_$][A-Za-z_$.]*$/.test(v);
}

function findSecretAssignments(text: string): Match[] {
  return matchesOf(SECRET_ASSIGNMENT, text, 'a password or API key', (m) => {
    const quotedValue = m[2];
    return quotedValue !== undefined
      ? isNonTrivialSecret(quotedValue, true)
      : isNonTrivialSecret(m[3] ?? '', false);
  });
}

// "my password is hunter2", "the wifi password is: 'x'", "mein Passwort ist …", "mi contraseña es …".
const SPOKEN_SECRET =
  /(?<![\p{L}\d])(?:(?:my|the|our|his|her|their|your)\s+(?:(?:wi-?fi|email|e-mail|bank|account|router|computer|laptop|phone|admin|login|door|alarm|safe)\s+)?(?:password|passcode|passphrase|pass\s?word|pin(?:\s+(?:code|number))?)\s+(?:is|was|would be)|(?:mein|unser|das)\s+(?:WLAN-)?(?:Passwort|Kennwort|PIN)\s+(?:ist|lautet)|(?:mon|le)\s+mot\s+de\s+passe\s+(?:est|c'est)|(?:mi|la)\s+contraseña\s+es)\s*:?\s*(?:(["'`“‘])([^"'`”’\r\n]+)["'`”’]|([^\s"'`“‘]+))/giu;

/** Words that follow "my password is" in prose about a password, not in a password. */
const SPOKEN_NON_VALUES =
  /^(?:too|not|very|so|still|now|also|the|a|an|same|different|wrong|incorrect|correct|right|invalid|expired|weak|strong|long|short|secure|safe|saved|stored|hidden|required|forgotten|lost|case|being|it|this|that)$/i;

function findSpokenSecrets(text: string): Match[] {
  return matchesOf(SPOKEN_SECRET, text, 'a password', (m) => {
    const quoted = m[2];
    if (quoted !== undefined) return quoted.trim().length >= 4 && !PLACEHOLDER_VALUE.test(quoted.trim());
    const value = (m[3] ?? '').replace(/[.,;:!?)]+$/, '');
    if (value.length < 4 || SPOKEN_NON_VALUES.test(value) || PLACEHOLDER_VALUE.test(value)) return false;
    // A lowercase word is prose ("my password is compromised"); a password carries digits, symbols or capitals.
    return /[\d\W_]/u.test(value) || /\p{Ll}\p{Lu}|^\p{Lu}{2}/u.test(value);
  });
}

const BEARER_TOKEN = /\bBearer\s+([A-Za-z0-9._~+/-]{20,}=*)/g;

function findBearerTokens(text: string): Match[] {
  return matchesOf(BEARER_TOKEN, text, 'an access token', (m) => {
    const token = m[1] ?? '';
    return /\d/.test(token) && /[A-Za-z]/.test(token);
  });
}

function findSecrets(text: string): Match[] {
  const keyed = SECRET_PATTERNS.flatMap(({ pattern, label, accept }) =>
    matchesOf(pattern, text, label, accept),
  );
  return [...keyed, ...findSecretAssignments(text), ...findSpokenSecrets(text), ...findBearerTokens(text)];
}

// ----------------------------------------------------------------------------------------------- email

const EMAIL =
  /(?<![\w.+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_%+-])?@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+([A-Za-z]{2,24})(?![\w-]|\.[A-Za-z0-9])/g;

// Retina asset names ("logo@2x.png") have the shape of an address.
const FILE_EXTENSIONS = new Set('png jpg jpeg gif svg webp ico css js ts json pdf'.split(' '));

function findEmails(text: string): Match[] {
  return matchesOf(EMAIL, text, 'an email address', (m) => !FILE_EXTENSIONS.has((m[1] ?? '').toLowerCase()));
}

// ------------------------------------------------------------------------------------------------ IBAN

// Length per country from the ISO 13616 registry; the country fixes where a grouped IBAN ends.
const IBAN_LENGTHS = new Map(
  (
    'AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DK18 DO28 EE20 EG29 ' +
    'ES24 FI18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 ' +
    'LB28 LC32 LI21 LT20 LU20 LV21 MC27 MD24 ME22 MK19 MR27 MT31 MU30 NL18 NO15 PK24 PL28 PS29 PT25 QA29 ' +
    'RO24 RS22 SA24 SC31 SE24 SI19 SK24 SM27 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20'
  )
    .split(' ')
    .map((entry): [string, number] => [entry.slice(0, 2), Number(entry.slice(2))]),
);

const IBAN_START = /(?<![A-Za-z0-9])([A-Za-z]{2})\d{2}/g;

function ibanChecksumValid(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  const numeric = rearranged.replace(/[A-Z]/g, (letter) => String(letter.charCodeAt(0) - 55));
  return /^\d+$/.test(numeric) && mod97(numeric) === 1;
}

/**
 * Reads exactly as many characters as the country's IBAN has, allowing single spaces, so a grouped
 * IBAN followed by a word ("... 3000 thanks") is not swallowed into a longer candidate.
 */
function readIban(text: string, start: number, length: number): { compact: string; end: number } | null {
  let compact = '';
  let i = start;
  while (compact.length < length && i < text.length) {
    const ch = text.charAt(i);
    if (/[A-Za-z0-9]/.test(ch)) {
      compact += ch.toUpperCase();
      i++;
    } else if (ch === ' ' && compact.length >= 4 && /[A-Za-z0-9]/.test(text.charAt(i + 1))) {
      i++;
    } else {
      break;
    }
  }
  if (compact.length !== length || /[A-Za-z0-9]/.test(text.charAt(i))) return null;
  return { compact, end: i };
}

function findIbans(text: string): Match[] {
  const found: Match[] = [];
  for (const m of text.matchAll(IBAN_START)) {
    const length = IBAN_LENGTHS.get((m[1] ?? '').toUpperCase());
    if (length === undefined) continue;
    const read = readIban(text, m.index, length);
    if (read && ibanChecksumValid(read.compact))
      found.push({ start: m.index, end: read.end, label: 'an IBAN' });
  }
  return found;
}

// ------------------------------------------------------------------------------------------------ card

// Contiguous, or grouped 4-4-4-4(-3) / Amex 4-6-5 with one consistent separator.
const CARD =
  /(?<![\d.,+-])(?:\d{13,19}|\d{4}([ -])\d{4}\1\d{4}\1\d{1,4}(?:\1\d{1,3})?|\d{4}([ -])\d{6}\2\d{4,5})(?![ -]?\d|[.,]\d)/g;

/** Issuer prefixes (IIN ranges) and the lengths each network issues; a Luhn pass alone is 1 in 10. */
const CARD_NETWORKS: readonly { from: number; to: number; lengths: readonly number[] }[] = [
  { from: 4, to: 4, lengths: [13, 16, 19] }, // Visa
  { from: 51, to: 55, lengths: [16] }, // Mastercard
  { from: 2221, to: 2720, lengths: [16] }, // Mastercard 2-series
  { from: 34, to: 34, lengths: [15] }, // American Express
  { from: 37, to: 37, lengths: [15] },
  { from: 300, to: 305, lengths: [14, 16, 17, 18, 19] }, // Diners Club
  { from: 36, to: 36, lengths: [14, 16, 17, 18, 19] },
  { from: 38, to: 39, lengths: [14, 16, 17, 18, 19] },
  { from: 3528, to: 3589, lengths: [16, 17, 18, 19] }, // JCB
  { from: 6011, to: 6011, lengths: [16, 17, 18, 19] }, // Discover
  { from: 644, to: 649, lengths: [16, 17, 18, 19] },
  { from: 65, to: 65, lengths: [16, 17, 18, 19] },
  { from: 62, to: 62, lengths: [16, 17, 18, 19] }, // UnionPay
  { from: 50, to: 50, lengths: [13, 14, 15, 16, 17, 18, 19] }, // Maestro
  { from: 56, to: 69, lengths: [13, 14, 15, 16, 17, 18, 19] },
];

function hasCardPrefix(digits: string): boolean {
  return CARD_NETWORKS.some(({ from, to, lengths }) => {
    const prefix = Number(digits.slice(0, String(from).length));
    return prefix >= from && prefix <= to && lengths.includes(digits.length);
  });
}

function findCards(text: string): Match[] {
  return matchesOf(CARD, text, 'a payment card number', (m) => {
    const digits = digitsOf(m[0]);
    return digits.length >= 13 && digits.length <= 19 && hasCardPrefix(digits) && luhnValid(digits);
  });
}

// ----------------------------------------------------------------------------------------- national id

// US Social Security number; area 000, 666 and 900-999, group 00 and serial 0000 are never issued.
const US_SSN = /(?<![\w-])(\d{3})-(\d{2})-(\d{4})(?![\w]|-\d)/g;

// After a label the number may be spaced or run together: "SSN: 536 22 1234", "social security no 536221234".
const LABELLED_US_SSN =
  /\b(?:SSN|SS#|social\s+security(?:\s+(?:number|no\.?|#))?)[^\d\n]{0,20}?(\d{3})[ -]?(\d{2})[ -]?(\d{4})(?![\w]|-\d)/gi;

function ssnIssuable(area: string, group: string, serial: string): boolean {
  return area !== '000' && area !== '666' && !area.startsWith('9') && group !== '00' && serial !== '0000';
}

// "123-45-6789 = ?" is a subtraction: an operator next to it, or a maths verb before it, says so.
const OPERATOR_BEFORE = /[=+*/×÷^(−-]\s*$/;
const OPERATOR_AFTER = /^\s*(?:[=+*/×÷^)<>−]|-\s*\d)/;
const MATHS_WORDS =
  /\b(?:calculate|compute|evaluate|solve|simplify|subtract|minus|what(?:'s| is)|how much is|result of|equals?)\b[^.?!\n]*$/i;

function looksLikeArithmetic(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 60), start);
  return (
    OPERATOR_BEFORE.test(before) || OPERATOR_AFTER.test(text.slice(end, end + 8)) || MATHS_WORDS.test(before)
  );
}

function findUsSsns(text: string): Match[] {
  const label = 'a Social Security number';
  const labelled = matchesOf(LABELLED_US_SSN, text, label, (m) =>
    ssnIssuable(m[1] ?? '', m[2] ?? '', m[3] ?? ''),
  );
  const dashed = matchesOf(
    US_SSN,
    text,
    label,
    (m) =>
      ssnIssuable(m[1] ?? '', m[2] ?? '', m[3] ?? '') &&
      !looksLikeArithmetic(text, m.index, m.index + m[0].length),
  );
  return [...labelled, ...dashed];
}

// UK National Insurance number: D, F, I, Q, U, V never appear in the prefix, O never second.
const UK_NINO = /\b([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g;
const NINO_UNUSED_PREFIXES = new Set(['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ']);

function findUkNinos(text: string): Match[] {
  return matchesOf(
    UK_NINO,
    text,
    'a National Insurance number',
    (m) => !NINO_UNUSED_PREFIXES.has(m[1] ?? ''),
  );
}

// Dutch BSN: nine bare digits pass the 11-proof one time in eleven, so a keyword must name it.
const NL_BSN = /\b(?:BSN|burgerservicenummer|sofinummer)\b[^\d\n]{0,20}(\d{4}\.?\d{2}\.?\d{3}|\d{9})(?!\d)/gi;

function bsnElevenProof(digits: string): boolean {
  if (digits.length !== 9) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(digits[i]);
  sum -= Number(digits[8]);
  return sum % 11 === 0 && sum > 0;
}

function findDutchBsns(text: string): Match[] {
  return matchesOf(NL_BSN, text, 'a citizen service number (BSN)', (m) =>
    bsnElevenProof(digitsOf(m[1] ?? '')),
  );
}

// Spanish DNI (8 digits) and NIE (X/Y/Z + 7 digits), both closed by a mod-23 check letter. A spaced
// letter must be upper case, or "12345678 a" in prose would pass one time in 23.
const ES_DNI = /(?<![\w-])([XYZ]?)(\d{7,8})(?:[ -]?([A-Z])|([a-z]))(?![\w])/g;
const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

function findSpanishIds(text: string): Match[] {
  return matchesOf(ES_DNI, text, 'a Spanish ID number (DNI/NIE)', (m) => {
    const prefix = m[1] ?? '';
    const body = m[2] ?? '';
    if (body.length !== (prefix ? 7 : 8)) return false;
    // NIE prefixes stand for a leading 0, 1 or 2.
    const number = Number(prefix ? `${'XYZ'.indexOf(prefix)}${body}` : body);
    const letter = (m[3] ?? m[4] ?? '').toUpperCase();
    return DNI_LETTERS.charAt(number % 23) === letter;
  });
}

// French NIR (numéro de sécurité sociale): 13 digits and a 2-digit key, 97 - (n mod 97).
const FR_NIR = /(?<![\w])([12]) ?(\d{2}) ?(\d{2}) ?(\d{2}|2[AB]) ?(\d{3}) ?(\d{3}) ?(\d{2})(?![\w])/g;

function findFrenchNirs(text: string): Match[] {
  return matchesOf(FR_NIR, text, 'a French social security number', (m) => {
    const month = Number(m[3]);
    if (month < 1 || (month > 12 && month < 20)) return false;
    // Corsican departments 2A and 2B count as 19 and 18 for the key.
    const department = (m[4] ?? '').replace('2A', '19').replace('2B', '18');
    const body = `${m[1]}${m[2]}${m[3]}${department}${m[5]}${m[6]}`;
    return 97 - mod97(body) === Number(m[7]);
  });
}

// Passport numbers have no shared check digit; only a label says what a 6-9 character code is.
const PASSPORT =
  /\b(?:passport|Reisepass|passeport|pasaporte|passaporto)(?:[\s-]*(?:number|no\.?|nr\.?|num(?:ber|éro|ero)|#))?\s*(?:is\s+|:\s*|-\s*)?([A-Z0-9]{6,9})(?![\w-])/gi;

function findPassports(text: string): Match[] {
  return matchesOf(
    PASSPORT,
    text,
    'a passport number',
    (m) => /\d/.test(m[1] ?? '') && /^[A-Z0-9]+$/.test(m[1] ?? ''),
  );
}

function findNationalIds(text: string): Match[] {
  return [
    ...findPassports(text),
    ...findUsSsns(text),
    ...findUkNinos(text),
    ...findDutchBsns(text),
    ...findSpanishIds(text),
    ...findFrenchNirs(text),
  ];
}

// ----------------------------------------------------------------------------------------------- phone

// Not preceded by characters that make a digit run part of a price, version, date or identifier.
const NOT_AFTER = '(?<![\\w.+\\-/$€£¥])(?<!\\d[ .\\-])';
// Not followed by more digits or by a separator that continues the number (dates, times, versions).
const NOT_BEFORE = '(?![\\w]|[ .:/\\-]\\d)';

const INTERNATIONAL_PHONE = new RegExp(
  `(?<![\\w+])\\+\\d{1,3}(?:[ .\\-]?(?:\\(\\d{1,4}\\)|\\d{1,5})){1,6}${NOT_BEFORE}`,
  'g',
);
// North American: (AAA) EEE-NNNN, AAA-EEE-NNNN, optionally 1- in front; at least one separator.
const NANP_PHONE = new RegExp(
  `${NOT_AFTER}(?:1[ .\\-])?(?:\\([2-9]\\d{2}\\) ?|[2-9]\\d{2}[ .\\-])\\d{3}[ .\\-]\\d{4}${NOT_BEFORE}`,
  'g',
);
// Trunk-prefixed national numbers (UK, France, Germany, ...): 0 + area code, then separated groups.
const TRUNK_PHONE = new RegExp(
  `${NOT_AFTER}(?:\\(0[1-9]\\d{0,3}\\) ?|(?:0[1-9]\\d{0,3}|00[1-9]\\d{0,2})[ .\\-])\\d{2,8}(?:[ .\\-]\\d{2,8}){0,3}${NOT_BEFORE}`,
  'g',
);

function findPhones(text: string): Match[] {
  const international = matchesOf(INTERNATIONAL_PHONE, text, 'a phone number', (m) => {
    const count = digitsOf(m[0]).length;
    return count >= 9 && count <= 16;
  });
  const national = [
    ...matchesOf(NANP_PHONE, text, 'a phone number'),
    ...matchesOf(TRUNK_PHONE, text, 'a phone number'),
  ];
  return [
    ...international,
    ...national.filter((m) => {
      const count = digitsOf(text.slice(m.start, m.end)).length;
      return count >= 9 && count <= 15;
    }),
    ...findBarePhones(text),
  ];
}

// A bare run of digits is a phone number only where words say so ("call me at 4155552671"); without them
// it may as well be an order or tracking number.
const PHONE_CONTEXT =
  /(?:\b(?:phone|tel|telephone|mobile|cell|cellphone|whatsapp|signal|fax|handy|telefon|téléphone|portable|móvil|cellulare)\b|\b(?:call|text|ring|reach|phone|contact)\s+(?:me|us|him|her|them)\b|\bmy\s+number\b)[^\d\n]{0,24}$/i;
const BARE_PHONE = /(?<![\w.+\-/$€£¥])\+?\d{10,12}(?![\w]|[.,]\d)/g;

function findBarePhones(text: string): Match[] {
  return matchesOf(BARE_PHONE, text, 'a phone number', (m) =>
    PHONE_CONTEXT.test(text.slice(Math.max(0, m.index - 48), m.index)),
  );
}

// ------------------------------------------------------------------------------------------ birth date

const MONTH_NAMES =
  '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|Januar|Februar|März|Mai|Juni|Juli|Oktober|Dezember)';
const YEAR = '(?:19|20)\\d{2}';
const A_DATE = `(?:\\d{1,2}[./-]\\d{1,2}[./-]${YEAR}|${YEAR}-\\d{1,2}-\\d{1,2}|\\d{1,2}(?:st|nd|rd|th|\\.)?\\s+${MONTH_NAMES}\\.?,?\\s+${YEAR}|${MONTH_NAMES}\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+${YEAR})`;
// Only a label or the first person makes a date someone's birthday: "Mozart was born on …" is history.
const BIRTH_DATE = new RegExp(
  `(?:\\b(?:DOB|D\\.O\\.B\\.?|date\\s+of\\s+birth|birth\\s?date|Geburtsdatum|geb\\.|fecha\\s+de\\s+nacimiento|data\\s+di\\s+nascita|date\\s+de\\s+naissance)|\\b(?:I\\s+was|I'm|I\\s+am)\\s+born(?:\\s+on)?|\\bmy\\s+(?:birthday|date\\s+of\\s+birth)\\s+is|\\bich\\s+bin\\s+am|\\bgeboren\\s+am)\\s*[:\\-]?\\s*(?:is\\s+)?${A_DATE}(?![\\w])`,
  'gi',
);

function findBirthDates(text: string): Match[] {
  return matchesOf(BIRTH_DATE, text, 'a date of birth');
}

// --------------------------------------------------------------------------------------------- address

const STREET_SUFFIXES =
  'Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Boulevard|Blvd|Drive|Dr|Terrace|Parkway|Pkwy|Highway|Hwy|Crescent|Close|Square|Sq|Place|Pl|Way';
const STREET_NAME_WORD = '(?:[A-Z][a-z]+|\\d{1,3}(?:st|nd|rd|th))';
const ENGLISH_ADDRESS = new RegExp(
  `(?<![\\w.,$€£-])\\d{1,5}[A-Za-z]?(?:-\\d{1,5})?\\s+(?:(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\\.?\\s+)?((?:${STREET_NAME_WORD}\\s+){1,3})(?:${STREET_SUFFIXES})\\b`,
  'g',
);
// Title-case phrases that end in a street suffix without being streets ("2 Hard Drive bays", "3 Milky Way bars").
const NOT_STREET_NAMES = new Set(
  'Hard Google Flash Thumb Disk Test Milky The My Your Our Best One Easy Simple'.split(' '),
);

// Lowercase, as people type in chat: "221b baker street". Full suffix words only (no "st", "dr", "way",
// "drive": "2 usb drive", "one way"), and no name word that counts or measures ("4 lane road", "10 mile road").
const LOWERCASE_ENGLISH_ADDRESS =
  /(?<![\w.,$€£-])\d{1,5}[a-z]?\s+((?:[a-z]+\s+){1,2})(?:street|avenue|road|lane|boulevard|terrace|parkway|crescent)(?![\w-])/g;
const NOT_LOWERCASE_STREET_NAMES = new Set(
  (
    'lane lanes mile miles km way long short wide narrow busy dirt gravel toll private public more other ' +
    'different separate parallel side the a an of on in to my your our at and or times blocks minutes ' +
    'hours days cars people houses new old same first last next'
  ).split(' '),
);

// Compound street names in German and Dutch put the suffix inside the word: "Hauptstraße 5", "Kerkstraat 12".
const GERMANIC_ADDRESS =
  /(?<![\p{L}\d])\p{Lu}[\p{L}-]*(?:straße|strasse|str\.|weg|allee|gasse|damm|straat|laan|gracht|plein|kade)\s+\d{1,4}\s?[a-z]?(?![\p{L}\d])/gu;
// Not "Der Weg 2 ist …": an article or pronoun is not a street name.
const GERMANIC_SEPARATE_ADDRESS =
  /(?<![\p{L}\d])(?!(?:Der|Die|Das|Den|Dem|Des|Ein|Eine|Einen|Einem|Mein|Meine|Dein|Deine|Sein|Seine|Ihr|Ihre|Unser|Unsere|Kein|Keine|Jeder|Jede|Dieser|Diese|Welcher|Welche|Jener|Jene)\s)\p{Lu}\p{Ll}+\s+(?:Straße|Strasse|Str\.|Allee|Weg|Gasse|Damm)\s+\d{1,4}\s?[a-z]?(?![\p{L}\d])/gu;
// Streets named by a preposition and an article: "Unter den Linden 77", "An der Alster 3", "Auf dem Berg 5".
const GERMAN_PREPOSITION_ADDRESS =
  /(?<![\p{L}\d])(?:Unter|An|Auf|Hinter|Vor|Bei|Neben|Über|Zwischen)\s+(?:den|der|dem|die|das)\s+(?!(?:Seite|Stelle|Liste|Folie|Stufe|Ebene|Position|Tabelle|Abbildung|Zeile|Spalte|Runde|Minute|Stunde|Woche|Tag|Jahr|Etage|Version|Nummer|Punkt|Frage|Aufgabe)\s)\p{Lu}\p{Ll}+\s+\d{1,4}\s?[a-z]?(?![\p{L}\d])/gu;
const FRENCH_ADDRESS =
  /(?<![\p{L}\d])\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:[Rr]ue|[Aa]venue|[Bb]oulevard|[Bb]d|[Pp]lace|[Aa]llée|[Ii]mpasse|[Cc]hemin|[Qq]uai)\s+(?:(?:de la|de l'|du|des|de|d')\s*)?\p{Lu}[\p{L}'-]+/gu;
const SPANISH_ADDRESS =
  /(?<![\p{L}\d])(?:[Cc]alle|C\/|[Aa]venida|[Aa]vda\.|[Pp]aseo)\s+(?:(?:de la|de los|de las|del|de)\s+)?\p{Lu}\p{L}+(?:\s+\p{Lu}\p{L}+){0,2},?\s+(?:n[º°o]\.?\s*)?\d{1,4}(?![\p{L}\d])/gu;
const ITALIAN_ADDRESS =
  /(?<![\p{L}\d])(?:Via|Viale|Piazza|Corso)\s+(?:(?:dei|degli|delle|della|del|di)\s+)?\p{Lu}\p{L}+(?:\s+\p{Lu}\p{L}+){0,2},?\s+\d{1,4}(?![\p{L}\d])/gu;

function findStreetAddresses(text: string): Match[] {
  const label = 'a street address';
  const english = matchesOf(ENGLISH_ADDRESS, text, label, (m) =>
    (m[1] ?? '').split(/\s+/).every((word) => !NOT_STREET_NAMES.has(word)),
  );
  const lowercase = matchesOf(LOWERCASE_ENGLISH_ADDRESS, text, label, (m) =>
    (m[1] ?? '')
      .trim()
      .split(/\s+/)
      .every((word) => !NOT_LOWERCASE_STREET_NAMES.has(word)),
  );
  const others = [
    GERMAN_PREPOSITION_ADDRESS,
    GERMANIC_ADDRESS,
    GERMANIC_SEPARATE_ADDRESS,
    FRENCH_ADDRESS,
    SPANISH_ADDRESS,
    ITALIAN_ADDRESS,
  ];
  return [...english, ...lowercase, ...others.flatMap((pattern) => matchesOf(pattern, text, label))];
}

// ---------------------------------------------------------------------------------------- private terms

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Whole words only, so "diabetes" does not fire on "prediabetes" and "flu" not on "influence". */
function findPrivateTerms(text: string, terms: readonly string[]): boolean {
  return terms.some((term) => {
    const trimmed = term.trim();
    if (!trimmed) return false;
    const body = escapeRegExp(trimmed).replace(/\s+/g, '\\s+');
    return new RegExp(`(?<![\\p{L}\\p{N}_])${body}(?![\\p{L}\\p{N}_])`, 'iu').test(text);
  });
}

// -------------------------------------------------------------------------------------------- pipeline

// Order matters: each detector's matches are blanked out before the next runs, so a card number is not
// also read as a phone number, nor a key's digits as an ID.
const PIPELINE: readonly { kind: PiiKind; detect: Detector }[] = [
  { kind: 'secret', detect: findSecrets },
  { kind: 'email', detect: findEmails },
  { kind: 'iban', detect: findIbans },
  { kind: 'card', detect: findCards },
  { kind: 'national-id', detect: findNationalIds },
  { kind: 'birth-date', detect: findBirthDates },
  { kind: 'phone', detect: findPhones },
  { kind: 'address', detect: findStreetAddresses },
];

function blankOut(text: string, matches: readonly Match[]): string {
  if (matches.length === 0) return text;
  const chars = text.split('');
  for (const { start, end } of matches) chars.fill('\u0000', start, end);
  return chars.join('');
}

/**
 * The kinds of personal data and secrets in `text`, one finding per kind in a fixed order. `privateTerms`
 * are words the person marked private; they match case-insensitively as whole words.
 */
export function findPii(text: string, privateTerms: readonly string[] = []): PiiFinding[] {
  const labels = new Map<PiiKind, string>();
  let remaining = text;
  for (const { kind, detect } of PIPELINE) {
    const matches = detect(remaining);
    const first = matches.reduce<Match | undefined>(
      (a, b) => (a === undefined || b.start < a.start ? b : a),
      undefined,
    );
    if (first) labels.set(kind, first.label);
    remaining = blankOut(remaining, matches);
  }
  if (findPrivateTerms(text, privateTerms)) labels.set('private-term', 'a term you marked as private');
  return KIND_ORDER.flatMap((kind) => {
    const label = labels.get(kind);
    return label === undefined ? [] : [{ kind, label }];
  });
}
