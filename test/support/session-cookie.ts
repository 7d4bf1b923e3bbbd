import type { Response } from 'supertest';
import { SESSION_COOKIE } from '../../server/http/routes/auth.js';

/** The raw Set-Cookie line of the session cookie, or '' when the response set none (to check attributes). */
export function sessionSetCookie(res: Response): string {
  const header: unknown = res.headers['set-cookie'];
  const cookies = Array.isArray(header) ? (header as string[]) : typeof header === 'string' ? [header] : [];
  return cookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`)) ?? '';
}

/** `certamen_session=<token>` from a response, ready to send back in a Cookie header; throws when absent. */
export function sessionCookie(res: Response): string {
  const cookie = sessionSetCookie(res);
  if (!cookie) throw new Error(`the response set no ${SESSION_COOKIE} cookie`);
  return cookie.split(';')[0]!;
}
