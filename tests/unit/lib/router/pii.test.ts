import { describe, expect, it } from 'vitest';
import { findPii, type PiiKind } from '../../../../src/lib/router/pii';

function kinds(text: string, privateTerms?: readonly string[]): PiiKind[] {
  return findPii(text, privateTerms).map((finding) => finding.kind);
}

/** Asserts each text is found as exactly `kind` and nothing else. */
function expectOnly(kind: PiiKind, texts: readonly string[]): void {
  for (const text of texts) expect(kinds(text), text).toEqual([kind]);
}

/** Asserts none of the texts yields a finding of `kind` (other kinds may be present). */
function expectNot(kind: PiiKind, texts: readonly string[]): void {
  for (const text of texts) expect(kinds(text), text).not.toContain(kind);
}

// Assembled at run time so that secret scanners do not flag this file; none of these are live keys.
const OPENAI_KEY = ['sk', 'proj', 'Zx81QmR2vT5bN0cW7yHk3LpD9sFg4Ja6'].join('-');
const OPENAI_LEGACY_KEY = ['sk', 'T4b9XwQe2RzLm7NcVp0KdY8sHu3GjA1f'].join('-');
const GITHUB_TOKEN = ['ghp', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'].join('_');
const GITHUB_FINE_GRAINED = [
  'github',
  'pat',
  '11ABCDEFG0123456789abc',
  'XyZ0123456789abcdefghijklmnopqrstuv',
].join('_');
const AWS_KEY_ID = ['AKIA', 'Q7RM2XW4ZK5PLT3N'].join('');
const GOOGLE_KEY = ['AIza', 'SyD-9tS3xQ8kLm2Np4Rv7Wz1Yb5Hc0Jf6Ge'].join('');
const SLACK_TOKEN = ['xoxb', '2048119377', '5562817342', 'kQ9vR3mT7xW2pL'].join('-');
// {"alg":"HS256","typ":"JWT"} . {"sub":"1234567890"} . signature
const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
// {"foo":"bar"} . {"sub":"1"} . x — base64 JSON, but no "alg", so not a JWT.
const NOT_A_JWT = 'eyJmb28iOiJiYXIifQ.eyJzdWIiOiIxIn0.eA';

describe('findPii', () => {
  it('returns nothing for ordinary text', () => {
    expect(findPii('What is a good substitute for buttermilk in pancakes?')).toEqual([]);
    expect(findPii('')).toEqual([]);
  });

  describe('email', () => {
    it('finds addresses', () => {
      expectOnly('email', [
        'write to jane.doe@example.com please',
        'Contact: j.o.hn+newsletter@mail.example.co.uk.',
        '<ops-team_2@sub.domain.io>',
        'MAIL ME AT BOB@EXAMPLE.ORG',
      ]);
    });

    it('ignores things with an @ that are not addresses', () => {
      expectNot('email', [
        'ping @maria on Slack',
        'user@localhost',
        'install lodash@4.17.21 and @types/node@20.1.0',
        'see logo@2x.png and icon@3x.webp',
        'the @ sign',
        'an email address',
      ]);
    });
  });

  describe('phone', () => {
    it('finds international and national formats', () => {
      expectOnly('phone', [
        'call +1 (415) 555-0132',
        '+44 20 7946 0958',
        'Tel. +33 6 12 34 56 78',
        'WhatsApp +4915112345678',
        '+44 (0)20 7946 0958',
        'my cell is (415) 555-0132',
        '415-555-0132',
        '415.555.0132',
        '1-800-555-0199',
        'ring me on 020 7946 0958',
        'portable : 06 12 34 56 78',
        'Büro 030 12345678',
        '07700 900123',
        '0044 20 7946 0958',
      ]);
    });

    it('ignores numbers that are not phone numbers', () => {
      expectNot('phone', [
        'call me at 5',
        'version 10.2.3.4',
        'released 2024-03-15, patched 2024-04-01',
        'meeting 01.02.2024 10:30',
        'it costs $1,234,567.89',
        'the year 1999',
        'ISBN 978-3-16-148410-0',
        'ISBN 0-306-40615-2',
        'order number 4471902385',
        'ORD-2024-118-5530',
        'tracking 5551234567',
        '123e4567-e89b-12d3-a456-426614174000',
        'scores were 12 15 18 and 20',
        'IP 192.168.100.200',
        '+5 points',
        'a phone number',
      ]);
    });
  });

  describe('card', () => {
    it('finds Luhn-valid numbers with a real issuer prefix', () => {
      expectOnly('card', [
        'card 4111 1111 1111 1111 exp 09/27',
        '5555-5555-5555-4444',
        '378282246310005',
        'Amex 3782 822463 10005',
        '6011111111111117',
        '4012888888881881',
        '2223003122003222',
      ]);
    });

    it('ignores numbers that fail Luhn, the issuer prefix, or the shape', () => {
      expectNot('card', [
        '4111 1111 1111 1112',
        '1234567812345670', // passes Luhn, but no network issues 1xxx
        'order 9182736450918273',
        'tracking 4111-1111 1111-1111',
        '4111 1111 1111 1111 2222', // part of a longer run
        '$4,111,111,111,111.11',
        'the year 1999',
        '9fceb02d0ae598e95dc970b74767f19372d61af8',
      ]);
    });
  });

  describe('iban', () => {
    it('finds IBANs with a valid check, spaced or compact, any case', () => {
      expectOnly('iban', [
        'IBAN: DE89 3704 0044 0532 0130 00',
        'GB82 WEST 1234 5698 7654 32',
        'NL91ABNA0417164300',
        'FR14 2004 1010 0505 0001 3M02 606',
        'ES91 2100 0418 4502 0005 1332',
        'pay to de89370400440532013000 today',
        'DE89 3704 0044 0532 0130 00 thanks',
      ]);
    });

    it('ignores IBAN-shaped strings that fail the mod-97 check or length', () => {
      expectNot('iban', [
        'DE89 3704 0044 0532 0130 01',
        'DE88 3704 0044 0532 0130 00',
        'DE89 3704 0044 0532 0130',
        'XX89 3704 0044 0532 0130 00',
        'GB82WEST12345698765432X',
        'an IBAN',
      ]);
    });
  });

  describe('national-id', () => {
    it('finds US Social Security numbers', () => {
      expectOnly('national-id', ['SSN 536-22-1234', 'my social is 078-05-1120.']);
    });

    it('ignores SSN-shaped numbers in never-issued ranges', () => {
      expectNot('national-id', ['000-12-3456', '666-12-3456', '912-34-5678', '123-00-4567', '123-45-0000']);
    });

    it('finds UK National Insurance numbers', () => {
      expectOnly('national-id', ['NI number AB 12 34 56 C', 'JG103759A', 'ce123456d'.toUpperCase()]);
    });

    it('ignores NINO-shaped strings with unused prefixes or suffixes', () => {
      expectNot('national-id', ['BG 12 34 56 A', 'GB123456A', 'AO123456B', 'AB123456E', 'DQ123456C']);
    });

    it('finds Dutch BSNs that pass the 11-proof when named', () => {
      expectOnly('national-id', ['BSN 123456782', 'mijn burgerservicenummer is 1112.22.333']);
    });

    it('ignores bare nine-digit numbers and BSNs failing the 11-proof', () => {
      expectNot('national-id', ['BSN 123456789', 'ticket 123456782']);
    });

    it('finds Spanish DNI and NIE numbers with the right check letter', () => {
      expectOnly('national-id', ['DNI 12345678Z', '12345678-Z', 'NIE X1234567L', 'dni 12345678z']);
    });

    it('ignores DNI-shaped strings with the wrong check letter', () => {
      expectNot('national-id', ['12345678A', 'X1234567A', 'order 12345678 a day']);
    });

    it('finds French NIRs with a valid key, including Corsica', () => {
      expectOnly('national-id', ['NIR 1 85 05 78 006 084 91', '255082A00412369']);
    });

    it('ignores NIR-shaped numbers with a wrong key', () => {
      expectNot('national-id', ['1 85 05 78 006 084 36', '185057800608492']);
    });
  });

  describe('secret', () => {
    it('finds provider API keys and tokens', () => {
      expectOnly('secret', [
        `OPENAI_API_KEY=${OPENAI_KEY}`,
        `here is my key ${OPENAI_LEGACY_KEY} why does it 401`,
        GITHUB_TOKEN,
        `token ${GITHUB_FINE_GRAINED}`,
        `aws_access_key_id = ${AWS_KEY_ID}`,
        `const maps = '${GOOGLE_KEY}';`,
        `SLACK_BOT=${SLACK_TOKEN}`,
        `curl -H "x-token: ${JWT}"`,
        '-----BEGIN RSA PRIVATE KEY-----\nMIIEow...\n-----END RSA PRIVATE KEY-----',
        '-----BEGIN OPENSSH PRIVATE KEY-----',
        '-----BEGIN PRIVATE KEY-----',
      ]);
    });

    it('finds password and key assignments with real values', () => {
      expectOnly('secret', [
        'password: hunter22',
        'DB_PASSWORD=Tr0ub4dor&3',
        '"password": "s3cr3t-P@ss"',
        "api_key = 'abcdefghijklmnop'",
        'client_secret: 9f8e7d6c5b4a',
        'Authorization: Bearer 7f3c9a1e5b2d8f4a6c0e9b3d',
      ]);
    });

    it('ignores key-like fragments, hashes, ids and code that only names a secret', () => {
      expectNot('secret', [
        'sk-',
        'sk-learn is the scikit-learn abbreviation',
        'sk-this-is-a-long-hyphenated-phrase-without-digits',
        'ghp_short',
        'AKIA',
        'xoxb-',
        NOT_A_JWT,
        'eyJhbGciOiJIUzI1NiJ9',
        '-----BEGIN PUBLIC KEY-----',
        '-----BEGIN CERTIFICATE-----',
        '123e4567-e89b-12d3-a456-426614174000',
        'commit 9fceb02d0ae598e95dc970b74767f19372d61af8',
        'password: string;',
        'password: ********',
        'api_key=YOUR_API_KEY',
        'api_key = process.env.API_KEY',
        'const password = await hash(input)',
        'password = userPassword',
        'password=$DB_PASSWORD',
        'pwd: /home/me/project',
        'what is a good password: long or complex?',
        'I forgot my password',
      ]);
    });
  });

  describe('address', () => {
    it('finds street addresses in English and other languages', () => {
      expectOnly('address', [
        'I live at 221B Baker Street, London',
        'ship to 742 Evergreen Terrace',
        '55 W 42nd St, New York',
        '1600 Pennsylvania Avenue NW',
        '10 Downing Street',
        '4 Privet Dr.',
        'Hauptstraße 5, 10115 Berlin',
        'Berliner Straße 12a',
        'Kerkstraat 12',
        '12 rue de la Paix, 75002 Paris',
        'Calle de Alcalá, 42',
        'Via Roma 10',
      ]);
    });

    it('stays conservative', () => {
      expectNot('address', [
        '123 apples',
        'Street',
        'Wall Street is closed today',
        'walk 5 blocks down the street',
        'I have 2 Hard Drive bays',
        'we bought 3 Milky Way bars',
        'the 9 Supreme Court justices',
        'Spring 2024 schedule',
        'Road to 2030',
        'she lives on Main St',
        'a street address',
      ]);
    });
  });

  describe('private-term', () => {
    it('matches whole words, case-insensitively', () => {
      expect(kinds('My diabetes is acting up', ['diabetes'])).toEqual(['private-term']);
      expect(kinds('DIABETES meal plan', ['diabetes'])).toEqual(['private-term']);
      expect(kinds('results for type 2  diabetes', ['Type 2 Diabetes'])).toEqual(['private-term']);
      expect(kinds('started sertraline (50mg)', ['hiv', 'sertraline'])).toEqual(['private-term']);
      expect(kinds('c++ question', ['c++'])).toEqual(['private-term']);
    });

    it('does not match inside other words or when no terms are given', () => {
      expect(kinds('prediabetes and diabetic diets', ['diabetes'])).toEqual([]);
      expect(kinds('the influence of fluoride', ['flu'])).toEqual([]);
      expect(kinds('a chivalrous act', ['hiv'])).toEqual([]);
      expect(kinds('my diabetes', [])).toEqual([]);
      expect(kinds('my diabetes')).toEqual([]);
      expect(kinds('anything at all', ['', '   '])).toEqual([]);
    });
  });

  describe('the findings', () => {
    const everything = [
      'Hi, I am Jane (jane@example.com, +44 20 7946 0958).',
      'Card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00, SSN 536-22-1234.',
      `Key ${OPENAI_KEY}. I live at 221B Baker Street. Second email: bob@example.org.`,
      'About my diabetes.',
    ].join('\n');
    const values = [
      'jane@example.com',
      'bob@example.org',
      '+44 20 7946 0958',
      '4111',
      'DE89',
      '536-22-1234',
      OPENAI_KEY,
      'Baker',
      'diabetes',
    ];

    it('come one per kind, in a fixed order', () => {
      expect(kinds(everything, ['diabetes'])).toEqual([
        'email',
        'phone',
        'card',
        'iban',
        'national-id',
        'secret',
        'address',
        'private-term',
      ]);
    });

    it('never contain the matched value', () => {
      const findings = findPii(everything, ['diabetes']);
      for (const { label } of findings) {
        expect(label.length).toBeGreaterThan(0);
        expect(label).not.toMatch(/\d/);
        for (const value of values) expect(label.toLowerCase()).not.toContain(value.toLowerCase());
      }
    });

    it('do not report a card number as a phone number too', () => {
      expect(kinds('card 4111 1111 1111 1111')).toEqual(['card']);
      expect(kinds('SSN 536-22-1234')).toEqual(['national-id']);
      expect(kinds('IBAN NL91 ABNA 0417 1643 00')).toEqual(['iban']);
    });
  });
});
