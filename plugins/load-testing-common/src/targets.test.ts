import { canonicalTarget, isTargetAllowed } from './targets';

describe('canonicalTarget', () => {
  it('gives the one form of a plain base URL', () => {
    expect(canonicalTarget(' HTTP://Shop.Example.com:80/api/ ')).toBe(
      'http://shop.example.com/api',
    );
    expect(canonicalTarget('https://127.0.0.1:8443')).toBe(
      'https://127.0.0.1:8443',
    );
    expect(canonicalTarget('http://[::1]:7070')).toBe('http://[::1]:7070');
  });

  it('refuses every form two URL parsers could read differently', () => {
    for (const host of [
      'http://127.0.0.1:7270\\@127.0.0.2:7271',
      'http://127.0.0.1:7270\\127.0.0.2',
      'http://user:pw@127.0.0.1:7070',
      'http://127.0.0.1:7070@127.0.0.2',
      'http://127.0.0.1%2f@127.0.0.2',
      'http://127.0.0.1 :7070',
      'http://127.0.0.1:7070/\\evil',
      'http://127.0.0.1:7070?x=1',
      'http://127.0.0.1:7070#x',
      'http://127.0.0.1:99999',
      'ftp://127.0.0.1',
      'http:/127.0.0.1',
      '//127.0.0.1',
      'http://127.0.0.1\u0000.evil',
      '--master-bind-host',
      42,
    ]) {
      expect([host, canonicalTarget(host)]).toEqual([host, undefined]);
    }
  });
});

describe('isTargetAllowed', () => {
  const allow = ['http://127.0.0.1:*', 'https://*.staging.example.com'];

  it('matches origins with wildcards in host or port', () => {
    expect(isTargetAllowed('http://127.0.0.1:7070', allow)).toBe(true);
    expect(isTargetAllowed('http://127.0.0.1:7070/api', allow)).toBe(true);
    expect(isTargetAllowed('https://shop.staging.example.com', allow)).toBe(
      true,
    );
  });

  it('refuses everything else', () => {
    expect(isTargetAllowed('http://10.0.0.1:80', allow)).toBe(false);
    expect(isTargetAllowed('http://shop.staging.example.com', allow)).toBe(
      false,
    );
    expect(
      isTargetAllowed('https://evil.com/x.staging.example.com', allow),
    ).toBe(false);
    expect(isTargetAllowed('not a url', allow)).toBe(false);
    // Node reads 127.0.0.1:7270, Python 127.0.0.2:7271
    expect(
      isTargetAllowed('http://127.0.0.1:7270\\@127.0.0.2:7271', allow),
    ).toBe(false);
    expect(isTargetAllowed('http://127.0.0.1:7070', [])).toBe(false);
  });
});
