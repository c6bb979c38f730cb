import { z } from 'zod';
import { roleSchema } from '../../../../domain/roles';
import { createStaffUserSchema, passwordSetupSchema } from '../../../../domain/staff';
import { listUsers } from '../../services/users';
import { changeUserRole, createStaffUser, resetUserPassword, setUserActive } from '../../services/staff';
import { adminProcedure, createTRPCRouter, protectedProcedure } from '../init';
import { userSummarySchema } from './schemas';
import { englishErrorText } from '../../../../domain/error-messages';

const userIdSchema = z.string().min(1, englishErrorText('field.chooseUser'));
const oneTimeLinkSchema = z.object({ url: z.string(), expiresAt: z.date() }).nullable();

export const usersRouter = createTRPCRouter({
  /** Everyone, for pickers such as a line's queue. */
  list: adminProcedure.output(z.array(userSummarySchema)).query(({ ctx }) => listUsers(ctx)),

  /** The signed-in user (the top bar shows name and role). */
  me: protectedProcedure.output(userSummarySchema).query(({ ctx }) => ({
    id: ctx.user.id,
    name: ctx.user.name,
    email: ctx.user.email,
    role: ctx.user.role,
    active: ctx.user.active,
  })),

  /** Adds a user with a password set now, or a one-time invitation link (shown once). */
  create: adminProcedure
    .input(createStaffUserSchema)
    .output(z.object({ user: userSummarySchema, link: oneTimeLinkSchema }))
    .mutation(({ ctx, input }) => createStaffUser(ctx, ctx.user, input)),

  setRole: adminProcedure
    .input(z.object({ userId: userIdSchema, role: roleSchema }))
    .output(userSummarySchema)
    .mutation(({ ctx, input }) => changeUserRole(ctx, ctx.user, input.userId, input.role)),

  /** Deactivating ends the user's sessions and returns their dialogs to the queue. */
  setActive: adminProcedure
    .input(z.object({ userId: userIdSchema, active: z.boolean() }))
    .output(userSummarySchema)
    .mutation(({ ctx, input }) => setUserActive(ctx, ctx.user, input.userId, input.active)),

  /** A new password or a fresh one-time link; the user's sessions end either way. */
  resetPassword: adminProcedure
    .input(z.object({ userId: userIdSchema, setup: passwordSetupSchema }))
    .output(z.object({ link: oneTimeLinkSchema }))
    .mutation(({ ctx, input }) => resetUserPassword(ctx, ctx.user, input.userId, input.setup)),
});
