import { z } from 'zod';
import { AppError, httpStatusOf } from '../../../../../domain/errors';
import { passwordSchema } from '../../../../../domain/staff';
import { getDb } from '../../../../server/db';
import { acceptInvitation } from '../../../../server/services/staff';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const bodySchema = z.object({ password: passwordSchema });

/**
 * The invite page sets the password of a one-time link (public: the link's token is the proof;
 * 32 random bytes, only its hash stored). Answers the e-mail to sign in with, or names the field.
 */
export async function POST(request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await params;
  const parsed = bodySchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) {
    const message = `password: ${parsed.error.issues[0]?.message ?? 'enter a password'}`;
    return Response.json({ message, field: 'password' }, { status: 400 });
  }
  try {
    return Response.json(await acceptInvitation({ db: getDb() }, token, parsed.data.password));
  } catch (error) {
    if (error instanceof AppError) return Response.json({ message: error.message, field: error.field ?? null }, { status: httpStatusOf[error.code] });
    throw error;
  }
}
