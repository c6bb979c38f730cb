import { z } from 'zod';
import { roleSchema } from '../../../../domain/roles';
import { localeSchema } from '../../../../domain/locale';
import { changeOwnPasswordSchema, profileUpdateSchema } from '../../../../domain/staff';
import { changeMyPassword, getMyProfile, updateMyProfile } from '../../services/staff';
import { createTRPCRouter, protectedProcedure } from '../init';

const profileSchema = z.object({ id: z.string(), name: z.string(), email: z.string(), role: roleSchema, image: z.string().nullable(), locale: localeSchema });

/** The signed-in user's own name, avatar, language and password (the profile page). */
export const profileRouter = createTRPCRouter({
  get: protectedProcedure.output(profileSchema).query(({ ctx }) => getMyProfile(ctx, ctx.user)),
  update: protectedProcedure
    .input(profileUpdateSchema)
    .output(profileSchema)
    .mutation(({ ctx, input }) => updateMyProfile(ctx, ctx.user, input)),
  changePassword: protectedProcedure
    .input(changeOwnPasswordSchema)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await changeMyPassword(ctx, ctx.user, input);
      return { ok: true as const };
    }),
});
