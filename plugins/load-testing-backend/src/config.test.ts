import { ConfigReader } from '@backstage/config';
import { readLoadTestingConfig } from './config';

describe('readLoadTestingConfig', () => {
  const env = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = env;
  });

  it('refuses to start in production without a signing key', () => {
    process.env.NODE_ENV = 'production';
    expect(() => readLoadTestingConfig(new ConfigReader({}))).toThrow(
      /loadTesting\.webhook\.signingKey is required in production/,
    );
    expect(
      readLoadTestingConfig(
        new ConfigReader({ loadTesting: { webhook: { signingKey: 'k' } } }),
      ).webhook.signingKey,
    ).toBe('k');
  });

  it('works without one in development (runs then do not outlive the backend)', () => {
    process.env.NODE_ENV = 'development';
    expect(
      readLoadTestingConfig(new ConfigReader({})).webhook.signingKey,
    ).toBeUndefined();
  });
});
