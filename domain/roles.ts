import { z } from 'zod';

/** Admin configures everything; Director supervises (sees all, takes over); Manager is an operator. */
export const roleSchema = z.enum(['admin', 'director', 'manager']);
export type Role = z.infer<typeof roleSchema>;

export const roleLabels: Record<Role, string> = {
  admin: 'Admin',
  director: 'Director',
  manager: 'Manager',
};

export function canConfigure(role: Role): boolean {
  return role === 'admin';
}

/** Admins and directors see every dialog; managers see their own and their lines' queue. */
export function seesAllDialogs(role: Role): boolean {
  return role === 'admin' || role === 'director';
}
