// The detector gaps found in review, both directions: what must be found, and its look-alikes that must not.
import { describe, expect, it } from 'vitest';
import { findPii, type PiiKind } from '../../../../src/lib/router/pii';

const kinds = (text: string): PiiKind[] => findPii(text).map((finding) => finding.kind);

// Assembled at run time so that secret scanners do not flag this file; none of these are live keys.
const STRIPE_SECRET = ['sk', 'live', '51HqLmR2vT5bN0cW7yHk3LpD9s'].join('_');
const STRIPE_TEST = ['sk', 'test', '4eC39HqLyjWDarjtT1zdp7dc'].join('_');
const STRIPE_RESTRICTED = ['rk', 'live', '51HqLmR2vT5bN0cW7yHk3LpD9s'].join('_');
const HF_TOKEN = ['hf', 'aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789'].join('_');
const GITLAB_TOKEN = ['glpat', 'xY9zK2mN4pQ7rS1tU3vW'].join('-');

const FOUND: readonly [PiiKind, string][] = [
  ['phone', 'call me at 4155552671'],
  ['phone', 'my number is 4155552671, text after six'],
  ['phone', 'Phone: 2125550147'],
  ['phone', 'mobile 07911123456'],
  ['phone', 'WhatsApp: +14155552671'],
  ['national-id', 'SSN: 536 22 1234'],
  ['national-id', 'my ssn is 536221234'],
  ['national-id', 'social security number 536-22-1234'],
  ['national-id', 'Social Security no. 536 22 1234 please'],
  ['national-id', 'SSN 536-22-1234'],
  ['national-id', 'passport number: X1234567'],
  ['national-id', 'Passport No. 123456789'],
  ['national-id', 'Reisepass-Nr. C01X00T47'],
  ['national-id', 'my passport is 533380006'],
  ['birth-date', 'DOB: 12/03/1985'],
  ['birth-date', 'date of birth 1985-03-12'],
  ['birth-date', 'I was born on 12 March 1985'],
  ['birth-date', 'my birthday is March 12, 1985'],
  ['birth-date', 'Geburtsdatum: 12.03.1985'],
  ['birth-date', 'geboren am 12. März 1985'],
  ['secret', `stripe key ${STRIPE_SECRET}`],
  ['secret', `test with ${STRIPE_TEST}`],
  ['secret', `restricted ${STRIPE_RESTRICTED}`],
  ['secret', `HF_TOKEN ${HF_TOKEN}`],
  ['secret', `token ${GITLAB_TOKEN}`],
  ['secret', 'my password is hunter2'],
  ['secret', 'The wifi password is: "correct horse battery"'],
  ['secret', 'my PIN is 4921.'],
  ['secret', 'our router password was Tr0ub4dor&3'],
  ['secret', 'mein Passwort ist Sommer2024!'],
  ['address', 'I live at 221b baker street'],
  ['address', 'send it to 42 main street'],
  ['address', 'meet at 10 downing street at noon'],
  ['address', '1600 pennsylvania avenue'],
  ['address', 'Unter den Linden 77'],
  ['address', 'Ich wohne Unter den Linden 77, 10117 Berlin'],
  ['address', 'An der Alster 3'],
];

const NOT_FOUND: readonly [PiiKind, string][] = [
  ['address', 'Der Weg 2 ist lang'],
  ['address', 'Die Straße 5 war gesperrt'],
  ['address', 'Auf der Seite 12 steht es'],
  ['address', 'a 4 lane road'],
  ['address', 'the 10 mile road race'],
  ['address', 'I bought 2 usb drive cases'],
  ['address', 'walk 5 blocks down the street'],
  ['national-id', '123-45-6789 = ?'],
  ['national-id', 'calculate 536-22-1234'],
  ['national-id', 'what is 536-22-1234?'],
  ['national-id', '(536-22-1234) * 2'],
  ['national-id', 'the passport office opens at 9'],
  ['national-id', 'my passport is expired'],
  ['national-id', 'passport valid until 2030'],
  ['phone', 'order number 4471902385'],
  ['phone', 'tracking 5551234567'],
  ['phone', 'timestamp 1700000000'],
  ['phone', 'call 1234567890 times'],
  ['secret', 'my password is too short'],
  ['secret', 'my password is compromised'],
  ['secret', 'my password is 8 characters long'],
  ['secret', 'the password is incorrect'],
  ['secret', 'hf_hub_download is a function'],
  ['secret', 'sk_live_ is the prefix of live keys'],
  ['secret', 'glpat- tokens expire'],
  ['birth-date', 'Mozart was born on 27 January 1756'],
  ['birth-date', 'Obama was born on August 4, 1961'],
  ['birth-date', 'the meeting is on 12/03/2025'],
  ['birth-date', 'my birthday is in March'],
];

describe('findPii: the review gaps', () => {
  it.each(FOUND)('finds %s in "%s"', (kind, text) => {
    expect(kinds(text)).toContain(kind);
  });

  it.each(NOT_FOUND)('does not find %s in "%s"', (kind, text) => {
    expect(kinds(text)).not.toContain(kind);
  });

  it('labels the new kinds without their values', () => {
    const findings = findPii('DOB 12/03/1985, passport X1234567, my password is hunter2');
    expect(findings.map((f) => f.label)).toEqual(['a passport number', 'a date of birth', 'a password']);
  });
});
