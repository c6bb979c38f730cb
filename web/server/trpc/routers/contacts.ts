import { z } from 'zod';
import { channelKindSchema } from '../../../../domain/channels';
import { contactChangesSchema, contactTagsSchema, leadStatusSchema, leadTitleSchema } from '../../../../domain/crm';
import { changeContactTagsOrBlock, changeLeadStatus, createLeadFromDialog, getContactCard, updateContactFromDialog } from '../../services/contacts';
import { createTRPCRouter, protectedProcedure } from '../init';
import { dialogIdSchema } from './schemas';
import { englishErrorText } from '../../../../domain/error-messages';

const person = z.object({ id: z.string(), name: z.string() });

const contactCardSchema = z.object({
  id: z.number(),
  label: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  tags: z.array(z.string()),
  blocked: z.boolean(),
  createdAt: z.date(),
  responsible: person.nullable(),
  channels: z.array(z.object({ id: z.number(), kind: channelKindSchema, name: z.string() })),
  leads: z.array(z.object({ id: z.number(), title: z.string(), status: leadStatusSchema, createdAt: z.date(), responsible: person.nullable() })),
  earlierDialogs: z.number(),
  permissions: z.object({ canEdit: z.boolean(), canSetResponsible: z.boolean(), canUnblock: z.boolean() }),
  assignableUsers: z.array(person),
});

/** The client behind a dialog, as staff who may see that dialog see it (SPEC §3 CRM). */
export const contactsRouter = createTRPCRouter({
  card: protectedProcedure
    .input(z.object({ dialogId: dialogIdSchema }))
    .output(contactCardSchema)
    .query(({ ctx, input }) => getContactCard(ctx, ctx.user, input.dialogId)),

  /** Name, e-mail and phone for anyone who may see the dialog; the responsible user for admins and directors. */
  update: protectedProcedure
    .input(contactChangesSchema.extend({ dialogId: dialogIdSchema }))
    .output(contactCardSchema)
    .mutation(({ ctx, input: { dialogId, ...changes } }) => updateContactFromDialog(ctx, ctx.user, dialogId, changes)),

  /** The client's whole tag list (anyone who may see the dialog). */
  setTags: protectedProcedure
    .input(z.object({ dialogId: dialogIdSchema, tags: contactTagsSchema }))
    .output(contactCardSchema)
    .mutation(({ ctx, input }) => changeContactTagsOrBlock(ctx, ctx.user, input.dialogId, { tags: input.tags })),

  /** Lets a client blocked as spam open dialogs again (the dialog's operator, admins and directors). */
  unblock: protectedProcedure
    .input(z.object({ dialogId: dialogIdSchema }))
    .output(contactCardSchema)
    .mutation(({ ctx, input }) => changeContactTagsOrBlock(ctx, ctx.user, input.dialogId, { unblock: true })),

  /** A lead from this chat, made by hand (one per dialog). */
  createLead: protectedProcedure
    .input(z.object({ dialogId: dialogIdSchema, title: leadTitleSchema }))
    .output(contactCardSchema)
    .mutation(({ ctx, input }) => createLeadFromDialog(ctx, ctx.user, input.dialogId, input.title)),

  setLeadStatus: protectedProcedure
    .input(
      z.object({
        dialogId: dialogIdSchema,
        leadId: z.number({ error: englishErrorText('field.leadId') }).int().positive(),
        status: z.enum(leadStatusSchema.options, { error: englishErrorText('field.oneOf', { options: leadStatusSchema.options.join(', ') }) }),
      }),
    )
    .output(contactCardSchema)
    .mutation(({ ctx, input }) => changeLeadStatus(ctx, ctx.user, input.dialogId, input.leadId, input.status)),
});
