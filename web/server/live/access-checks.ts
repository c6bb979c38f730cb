import type { Database } from '../../../db/client';
import { findUsersAccess } from '../../../db/queries/users';
import type { Role } from '../../../domain/roles';

export type UserAccess = { role: Role; active: boolean };

/**
 * What every live stream of this process knows about its user's access, shared: an event fans out
 * to all open streams at once, and the streams whose users are due for a re-check ask together, so
 * one query answers them all (and a user's second tab reuses the first's answer) instead of a
 * query per stream per event.
 */
export class AccessChecks {
  private readonly known = new Map<string, { access: UserAccess | undefined; readAt: number }>();
  private readonly loading = new Map<string, Promise<UserAccess | undefined>>();
  private batch: { userIds: string[]; read: Promise<Map<string, UserAccess>> } | null = null;

  constructor(private readonly db: Database) {}

  /** The user's access as read at most `maxAgeMs` before `now`; undefined when the user is gone. */
  async current(userId: string, now: number, maxAgeMs: number): Promise<UserAccess | undefined> {
    const known = this.known.get(userId);
    if (known && now - known.readAt < maxAgeMs) return known.access;
    let loading = this.loading.get(userId);
    if (!loading) {
      loading = this.read(userId, now);
      this.loading.set(userId, loading);
      void loading.finally(() => this.loading.delete(userId)).catch(() => undefined);
    }
    return loading;
  }

  private async read(userId: string, now: number): Promise<UserAccess | undefined> {
    if (!this.batch) {
      const batch = {
        userIds: [] as string[],
        // Callers of the same turn (every stream woken by one event) join before the query goes out.
        read: new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
          this.batch = null;
          const rows = await findUsersAccess(this.db, batch.userIds);
          return new Map(rows.map((r) => [r.id, { role: r.role, active: r.active }]));
        }),
      };
      this.batch = batch;
    }
    this.batch.userIds.push(userId);
    const access = (await this.batch.read).get(userId);
    this.known.set(userId, { access, readAt: now });
    return access;
  }
}

const perDatabase = new WeakMap<Database, AccessChecks>();

/** The process's AccessChecks for this database (one pool per process; tests have one per file). */
export function accessChecksOf(db: Database): AccessChecks {
  let checks = perDatabase.get(db);
  if (!checks) perDatabase.set(db, (checks = new AccessChecks(db)));
  return checks;
}
