import { describe, expect, it } from 'vitest';
import { isLoopbackHost, urlPolicyProblem } from '../../../../src/lib/net';

describe('isLoopbackHost', () => {
  it.each(['localhost', '127.0.0.1', '127.255.10.3', '[::1]'])('%s is this computer', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each([
    'example.com',
    '128.0.0.1',
    '10.0.0.1',
    '192.168.1.2',
    'localhost.',
    'app.localhost',
    '[::2]',
    '127.0.0.1.nip.io',
  ])('%s is not', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });

  it('works on what URL makes of short and numeric IPv4 forms', () => {
    expect(isLoopbackHost(new URL('http://127.1:8080').hostname)).toBe(true);
    expect(isLoopbackHost(new URL('http://2130706433/').hostname)).toBe(true);
    expect(isLoopbackHost(new URL('http://[0:0:0:0:0:0:0:1]/').hostname)).toBe(true);
    // An IPv4-mapped address is loopback on the wire, but the Content-Security-Policy does not allow it.
    expect(isLoopbackHost(new URL('http://[::ffff:127.0.0.1]/').hostname)).toBe(false);
  });
});

describe('urlPolicyProblem', () => {
  it.each([
    ['https://api.openai.com/v1', null],
    ['https://api.openai.com:8443/v1?x=1', null],
    ['http://localhost:11434/v1', null],
    ['http://127.0.0.1:8080', null],
    ['http://[::1]:8000/v1', null],
    ['http://api.example.com/v1', 'insecure'],
    ['http://192.168.1.20:8080/v1', 'insecure'],
    ['ftp://files.example.com', 'scheme'],
    ['javascript:alert(1)', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['https://user:pass@api.example.com/v1', 'credentials'],
    ['https://user@api.example.com/v1', 'credentials'],
    ['https://:pass@api.example.com/v1', 'credentials'],
    ['http://user:pass@localhost:8080', 'credentials'],
  ])('%s → %s', (input, problem) => {
    expect(urlPolicyProblem(new URL(input))).toBe(problem);
  });
});
