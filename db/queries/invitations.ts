import type { Transaction } from 'kysely';
import type { Database } from '../client';
import type { DB } from '../types';

// One-time links by which a user sets their password (an invitation or a reset).

export async function insertInvitation(
  db: Database,
  invitation: { userId: string; tokenHash: string; expiresAt: Date; createdBy: string | null },
): Promise<void> {
  await db
    .insertInto('user_invitations')
    .values({ user_id: invitation.userId, token_hash: invitation.tokenHash, expires_at: invitation.expiresAt, created_by: invitation.createdBy })
    .execute();
}

/** A new link replaces the user's earlier unused ones: they expire now. */
export async function expireOpenInvitations(db: Database, userId: string, at: Date): Promise<void> {
  await db.updateTable('user_invitations').set({ expires_at: at }).where('user_id', '=', userId).where('used_at', 'is', null).where('expires_at', '>', at).execute();
}

const invitationColumns = ['i.id', 'i.user_id as userId', 'i.expires_at as expiresAt', 'i.used_at as usedAt', 'u.email', 'u.name', 'u.active as userActive'] as const;

export async function findInvitationByTokenHash(db: Database, tokenHash: string) {
  return db.selectFrom('user_invitations as i').innerJoin('users as u', 'u.id', 'i.user_id').select(invitationColumns).where('i.token_hash', '=', tokenHash).executeTakeFirst();
}

/** The same, locked until the transaction ends: a link used twice at once is used once. */
export async function lockInvitationByTokenHash(trx: Transaction<DB>, tokenHash: string) {
  return trx
    .selectFrom('user_invitations as i')
    .innerJoin('users as u', 'u.id', 'i.user_id')
    .select(invitationColumns)
    .where('i.token_hash', '=', tokenHash)
    .forUpdate('i')
    .executeTakeFirst();
}

export async function markInvitationUsed(db: Database, invitationId: number, at: Date): Promise<void> {
  await db.updateTable('user_invitations').set({ used_at: at }).where('id', '=', invitationId).execute();
}
