import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { AppError, httpStatusOf } from '../../../../../domain/errors';
import { INVITATION_TTL_DAYS, passwordSchema } from '../../../../../domain/staff';
import { getDb } from '../../../../server/db';
import { appErrorMessageIn, issueMessageIn } from '../../../../server/error-messages';
import { getRequestLocale } from '../../../../server/locale';
import { acceptInvitation, viewInvitation } from '../../../../server/services/staff';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const bodySchema = z.object({ password: passwordSchema });

/**
 * The invite page sets the password of a one-time link (public: the link's token is the proof;
 * 32 random bytes, only its hash stored). Answers the e-mail to sign in with, or names the field
 * in the language of the page (the sign-in page's choice, else the browser's).
 */
export async function POST(request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await params;
  const body: unknown = await request.json().catch(() => null);
  const parsed = bodySchema.safeParse(body);
  const locale = await getRequestLocale();
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message = `password: ${issue ? issueMessageIn(issue, body, locale) : 'enter a password'}`;
    return Response.json({ message, field: 'password' }, { status: 400 });
  }
  try {
    return Response.json(await acceptInvitation({ db: getDb() }, token, parsed.data.password));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const status = httpStatusOf[error.code];
    // A link that stopped working is worded as the invite page words it.
    const view = error.field === 'token' ? await viewInvitation({ db: getDb() }, token) : null;
    if (view && view.state !== 'valid') {
      const t = await getTranslations({ locale, namespace: 'auth.invite.problems' });
      const message = `${t(`${view.state}.title`)}. ${t(`${view.state}.text`, { days: INVITATION_TTL_DAYS })}`;
      return Response.json({ message, field: 'token' }, { status });
    }
    return Response.json({ message: appErrorMessageIn(error, locale), field: error.field ?? null }, { status });
  }
}
