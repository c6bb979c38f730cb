import { ApplicationFailure } from '@temporalio/activity';
import { channelCapabilities, channelKindLabels } from '../domain/channels';
import { canWriteBack, leadTitle } from '../domain/crm';
import { findChannel } from '../db/queries/channels';
import { countDialogsOfContactBefore, findContact } from '../db/queries/contacts';
import { findDialog } from '../db/queries/dialogs';
import { recordDialogEvent } from '../db/queries/events';
import { contactHasOtherLeads, findLeadIdOfDialog, insertLeadOnce } from '../db/queries/leads';
import { findLine } from '../db/queries/lines';
import { changeDialog } from './dialogs';
import type { ActivityDeps } from './deps';

export function createCrmActivities(deps: ActivityDeps) {
  return {
    /**
     * The CRM check before distribution (SPEC §4 rule 2). With the line's "create a lead" on, a
     * new client (no earlier dialog or lead) who can be written back to gets a lead, recorded in
     * the dialog's history. Idempotent: a retry returns the lead already created for the dialog.
     * Looking the client up by e-mail and phone happens earlier, when their message is stored.
     */
    async checkContact({ dialogId }: { dialogId: number }): Promise<{ leadId: number | null }> {
      const dialog = await findDialog(deps.db, dialogId);
      if (!dialog) throw ApplicationFailure.nonRetryable(`dialog ${dialogId} does not exist`, 'NotFound');
      const line = await findLine(deps.db, dialog.line_id);
      if (!line?.settings.crm.createLead) return { leadId: null };

      const existing = await findLeadIdOfDialog(deps.db, dialogId);
      if (existing !== undefined) return { leadId: existing };
      const [earlierDialogs, hasLeads, channel, contact] = await Promise.all([
        countDialogsOfContactBefore(deps.db, dialog.contact_id, dialogId),
        contactHasOtherLeads(deps.db, dialog.contact_id, dialogId),
        findChannel(deps.db, dialog.channel_id),
        findContact(deps.db, dialog.contact_id),
      ]);
      if (earlierDialogs > 0 || hasLeads || !channel || !contact) return { leadId: null };
      if (!canWriteBack(channelCapabilities[channel.kind], contact)) return { leadId: null };

      const title = leadTitle(contact, channelKindLabels[channel.kind]);
      return changeDialog(deps, dialogId, async (trx) => {
        const { leadId, created } = await insertLeadOnce(trx, {
          contactId: contact.id,
          dialogId,
          lineId: dialog.line_id,
          title,
          responsibleUserId: dialog.operator_id ?? contact.responsible_user_id,
        });
        if (created) await recordDialogEvent(trx, dialogId, 'lead_created', null, { leadId, title });
        return { leadId };
      });
    },
  };
}
