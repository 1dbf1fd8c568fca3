import { isTargetAllowed } from './targets';

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
    expect(isTargetAllowed('http://127.0.0.1:7070', [])).toBe(false);
  });
});
