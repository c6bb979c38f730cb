import 'server-only';
import { headers } from 'next/headers';
import { cache } from 'react';
import { getAuth, getSessionUser, type SessionUser } from './auth';

/** The signed-in user of the current request (once per request, however many components ask). */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => getSessionUser(getAuth(), await headers()));
