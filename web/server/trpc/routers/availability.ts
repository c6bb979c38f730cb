import { z } from 'zod';
import {
  absenceInputSchema,
  absenceKindSchema,
  availabilityReasonCodeSchema,
  isKnownTimeZone,
  presenceSchema,
  statusKeySchema,
  workdaySchema,
} from '../../../../domain/availability';
import { roleSchema } from '../../../../domain/roles';
import {
  createAbsence,
  getMyAvailability,
  listAbsencesForAdmin,
  listUsersWithAvailability,
  removeAbsence,
  setMyPresence,
  stepMyWorkday,
} from '../../services/availability';
import { adminProcedure, createTRPCRouter, protectedProcedure } from '../init';
import { englishErrorText } from '../../../../domain/error-messages';

/** The viewer's IANA zone, so "until 2 Dec" is their 2 Dec. */
const viewInputSchema = z
  .object({ timeZone: z.string().refine(isKnownTimeZone, englishErrorText('field.timeZone')).optional() })
  .optional();

const absenceSchema = z.object({
  id: z.number(),
  userId: z.string(),
  startsAt: z.date(),
  endsAt: z.date(),
  kind: absenceKindSchema,
  note: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.date(),
});

const availabilitySchema = z.object({
  presence: presenceSchema,
  workday: workdaySchema,
  available: z.boolean(),
  status: z.object({ key: statusKeySchema, label: z.string(), tone: z.enum(['green', 'amber', 'red', 'gray']) }),
  reason: z.string().nullable(),
  reasonCode: availabilityReasonCodeSchema.nullable(),
  currentAbsence: absenceSchema.nullable(),
  nextAbsence: absenceSchema.nullable(),
});

const stateSchema = z.object({ presence: presenceSchema, workday: workdaySchema, available: z.boolean() });

/** SPEC §5 presence: operators set their own; admins set absences (vacations, sick leave). */
export const availabilityRouter = createTRPCRouter({
  me: protectedProcedure
    .input(viewInputSchema)
    .output(availabilitySchema)
    .query(({ ctx, input }) => getMyAvailability(ctx, ctx.user, { timeZone: input?.timeZone })),

  setPresence: protectedProcedure
    .input(z.object({ presence: presenceSchema }))
    .output(stateSchema)
    .mutation(async ({ ctx, input }) => (await setMyPresence(ctx, ctx.user, input.presence)).state),

  startWorkday: protectedProcedure.output(stateSchema).mutation(async ({ ctx }) => (await stepMyWorkday(ctx, ctx.user, 'start')).state),
  startBreak: protectedProcedure.output(stateSchema).mutation(async ({ ctx }) => (await stepMyWorkday(ctx, ctx.user, 'startBreak')).state),
  endBreak: protectedProcedure.output(stateSchema).mutation(async ({ ctx }) => (await stepMyWorkday(ctx, ctx.user, 'endBreak')).state),
  endWorkday: protectedProcedure.output(stateSchema).mutation(async ({ ctx }) => (await stepMyWorkday(ctx, ctx.user, 'end')).state),

  absences: createTRPCRouter({
    /** Current and upcoming absences (with `includePast`, finished ones too), oldest first. */
    list: adminProcedure
      .input(z.object({ userId: z.string().min(1, englishErrorText('field.userId')).optional(), includePast: z.boolean().optional() }).optional())
      .output(z.array(absenceSchema))
      .query(({ ctx, input }) => listAbsencesForAdmin(ctx, input ?? {})),

    create: adminProcedure
      .input(absenceInputSchema)
      .output(z.object({ id: z.number() }))
      .mutation(async ({ ctx, input }) => ({ id: (await createAbsence(ctx, ctx.user, input)).id })),

    delete: adminProcedure
      .input(z.object({ id: z.number({ error: englishErrorText('field.absenceId') }).int().positive() }))
      .output(z.object({ ok: z.literal(true) }))
      .mutation(async ({ ctx, input }) => {
        await removeAbsence(ctx, input.id);
        return { ok: true as const };
      }),
  }),

  users: createTRPCRouter({
    listWithAvailability: adminProcedure
      .input(viewInputSchema)
      .output(
        z.array(
          availabilitySchema.extend({ id: z.string(), name: z.string(), email: z.string(), role: roleSchema, active: z.boolean() }),
        ),
      )
      .query(({ ctx, input }) => listUsersWithAvailability(ctx, { timeZone: input?.timeZone })),
  }),
});
