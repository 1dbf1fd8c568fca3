import { AuthenticationError } from '@backstage/errors';
import crypto from 'crypto';

export const SIGNATURE_HEADER = 'x-load-testing-signature';

/** Signature header of a body signed with a run's secret, as the monitor computes it. */
export function signBody(
  secret: string,
  body: Buffer | string,
  now = Date.now(),
): string {
  const t = Math.floor(now / 1000);
  const mac = crypto
    .createHmac('sha256', secret)
    .update(`${t}.`)
    .update(body)
    .digest('hex');
  return `t=${t},v1=${mac}`;
}

/**
 * Per-run webhook secrets derived from one key: nothing per run is stored, and a
 * secret is only ever handed to the run's monitor.
 */
export class WebhookSigner {
  private readonly key: Buffer;

  constructor(signingKey?: string) {
    this.key = signingKey
      ? Buffer.from(signingKey, 'utf8')
      : crypto.randomBytes(32);
  }

  secretFor(runId: string): string {
    return crypto
      .createHmac('sha256', this.key)
      .update(`run:${runId}`)
      .digest('hex');
  }

  /** Signature header for a body, as the monitor computes it. */
  sign(runId: string, body: Buffer | string, now = Date.now()): string {
    return signBody(this.secretFor(runId), body, now);
  }

  /** Throws AuthenticationError unless `header` signs `body` for the run, recently. */
  verify(
    runId: string,
    body: Buffer,
    header: string | undefined,
    toleranceSeconds: number,
    now = Date.now(),
  ): void {
    if (!header)
      throw new AuthenticationError(`Missing ${SIGNATURE_HEADER} header`);
    const parts = Object.fromEntries(
      header.split(',').map(kv => {
        const i = kv.indexOf('=');
        return [kv.slice(0, i).trim(), kv.slice(i + 1).trim()];
      }),
    );
    const t = Number(parts.t);
    if (!Number.isInteger(t) || !parts.v1) {
      throw new AuthenticationError('Malformed signature header');
    }
    if (Math.abs(now / 1000 - t) > toleranceSeconds) {
      throw new AuthenticationError(
        'Signature timestamp outside the accepted window',
      );
    }
    const expected = crypto
      .createHmac('sha256', this.secretFor(runId))
      .update(`${t}.`)
      .update(body)
      .digest();
    const given = Buffer.from(parts.v1, 'hex');
    if (
      given.length !== expected.length ||
      !crypto.timingSafeEqual(given, expected)
    ) {
      throw new AuthenticationError('Invalid signature');
    }
  }
}
