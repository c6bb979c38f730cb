import { z } from 'zod';
import { listUsers } from '../../services/users';
import { adminProcedure, createTRPCRouter, protectedProcedure } from '../init';
import { userSummarySchema } from './schemas';

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
});
