import { hkdfSync, randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { AppError } from '../../../../domain/errors';

/**
 * Anonymous widget visitors are identified by a signed token kept in their browser: HS256 with a
 * key derived from OPENLINES_SECRET for this one purpose, so the secret itself signs nothing and
 * a token minted for another purpose can never pass here.
 */
const KEY_PURPOSE = 'openlines/widget-visitor-token/v1';
const ISSUER = 'openlines';
const AUDIENCE = 'openlines-widget';

export const VISITOR_TOKEN_TTL_SECONDS = 365 * 24 * 60 * 60;

export interface VisitorIdentity {
  visitorId: string;
  channelKey: string;
  expiresAt: Date;
}

export interface IssuedVisitorToken extends VisitorIdentity {
  token: string;
}

const derivedKeys = new Map<string, Uint8Array>();

function visitorTokenKey(secret: string): Uint8Array {
  let key = derivedKeys.get(secret);
  if (!key) {
    key = new Uint8Array(hkdfSync('sha256', secret, ISSUER, KEY_PURPOSE, 32));
    derivedKeys.set(secret, key);
  }
  return key;
}

export async function issueVisitorToken(
  secret: string,
  options: { channelKey: string; visitorId?: string; now?: Date; ttlSeconds?: number },
): Promise<IssuedVisitorToken> {
  const visitorId = options.visitorId ?? randomUUID();
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const expiresAt = issuedAt + (options.ttlSeconds ?? VISITOR_TOKEN_TTL_SECONDS);
  const token = await new SignJWT({ channel: options.channelKey })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(visitorId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(visitorTokenKey(secret));
  return { token, visitorId, channelKey: options.channelKey, expiresAt: new Date(expiresAt * 1000) };
}

const claimsSchema = z.object({
  sub: z.uuid(),
  channel: z.string(),
  exp: z.number(),
});

/** The visitor behind `token`, which must be ours, unexpired and minted for `channelKey`; else 401. */
export async function verifyVisitorToken(secret: string, token: string, channelKey: string): Promise<VisitorIdentity> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, visitorTokenKey(secret), {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      throw new AppError('UNAUTHORIZED', 'token: has expired; start a new chat session to get a new one', 'token');
    }
    if (error instanceof errors.JOSEError) {
      throw new AppError('UNAUTHORIZED', 'token: is not a valid visitor token; start a new chat session to get one', 'token');
    }
    throw error;
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) {
    throw new AppError('UNAUTHORIZED', 'token: is not a valid visitor token; start a new chat session to get one', 'token');
  }
  if (claims.data.channel !== channelKey) {
    throw new AppError('UNAUTHORIZED', 'token: belongs to another chat; start a new session for this one', 'token');
  }
  return { visitorId: claims.data.sub, channelKey, expiresAt: new Date(claims.data.exp * 1000) };
}
