import {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { Request } from 'express';

/** The caller's credentials and a name to record as the author of a change. */
export async function caller(
  httpAuth: HttpAuthService,
  req: Request,
): Promise<{ credentials: BackstageCredentials; userRef: string }> {
  const credentials = await httpAuth.credentials(req, {
    allow: ['user', 'service'],
  });
  const p = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  const userRef =
    p.type === 'user' ? p.userEntityRef! : `service:${p.subject ?? 'unknown'}`;
  return { credentials, userRef };
}
