import { ApplicationFailure } from '@temporalio/activity';
import type { FlowEffect, FlowEffectResult, FlowFacts } from '../domain/flows/runtime';
import { addContactTag, findContact, updateContact } from '../db/queries/contacts';
import { availableUserIdsAmong } from '../db/queries/availability';
import { findDialogForWorkflow, updateDialog } from '../db/queries/dialogs';
import { recordDialogEvent } from '../db/queries/events';
import { insertFlowPath } from '../db/queries/flow-analytics';
import { findFlowVersion } from '../db/queries/flows';
import type { FlowPathStep } from '../domain/flows/analytics';
import { insertLeadOnce } from '../db/queries/leads';
import { findUserActive } from '../db/queries/users';
import type { PinnedFlow } from '../workflows/flow-runner';
import type { ActivityDeps } from './deps';
import { changeDialog } from './dialogs';
import { sendHttpRequest } from '../outbound/http-request';

/** The facts a flow reads that live in the database; the workflow adds time and working hours. */
export type StoredFlowFacts = Pick<FlowFacts, 'channel' | 'contact'>;

/** CRM writes and lookups of flows run in dialogs (SPEC §6): each side effect of a node is one of these. */
export function createFlowActivities(deps: ActivityDeps) {
  return {
    /** The published version to pin: the given one, or the latest. Null when the flow has none. */
    async loadFlowVersion({ flowId, version }: { flowId: number; version?: number }): Promise<PinnedFlow | null> {
      const found = await findFlowVersion(deps.db, flowId, version);
      return found ? { flowId, version: found.version, document: found.document } : null;
    },

    async loadFlowFacts({ dialogId }: { dialogId: number }): Promise<StoredFlowFacts> {
      const found = await findDialogForWorkflow(deps.db, dialogId);
      if (!found) throw ApplicationFailure.nonRetryable(`dialog ${dialogId} does not exist`, 'NotFound');
      const { dialog, settings, channelKind, earlierDialogs: earlier } = found;
      const contact = await findContact(deps.db, dialog.contact_id);
      if (!channelKind || !contact || !settings) throw ApplicationFailure.nonRetryable(`dialog ${dialogId} lost its channel, contact or line`, 'NotFound');
      const responsible = contact.responsible_user_id;
      const responsibleAvailable =
        responsible !== null &&
        (!settings.distribution.availabilityCheck || (await availableUserIdsAmong(deps.db, [responsible], new Date())).includes(responsible));
      return {
        channel: channelKind,
        contact: {
          name: contact.name,
          email: contact.email,
          phone: contact.phone,
          known: earlier > 0 || Boolean(contact.email || contact.phone),
          responsibleUserId: responsible,
          responsibleAvailable,
          tags: contact.tags,
          language: null,
        },
      };
    },

    /** One CRM-side effect of a node (messages go through postBotMessage, HTTP through flowHttpRequest). */
    async runFlowEffect({ dialogId, effect }: { dialogId: number; effect: Exclude<FlowEffect, { kind: 'send_message' | 'http_request' }> }): Promise<FlowEffectResult> {
      return changeDialog(deps, dialogId, async (trx, dialog) => {
        if (!dialog) throw ApplicationFailure.nonRetryable(`dialog ${dialogId} does not exist`, 'NotFound');
        switch (effect.kind) {
          case 'set_contact_field':
            await updateContact(trx, dialog.contact_id, { [effect.field]: effect.value });
            await recordDialogEvent(trx, dialogId, 'contact_updated_by_flow', null, { field: effect.field });
            return { kind: 'done' };
          case 'create_lead': {
            const { leadId, created } = await insertLeadOnce(trx, { contactId: dialog.contact_id, dialogId, lineId: dialog.line_id, title: effect.title, responsibleUserId: null });
            if (created) await recordDialogEvent(trx, dialogId, 'lead_created', null, { leadId, title: effect.title });
            return { kind: 'lead_created', leadId };
          }
          case 'set_priority':
            await updateDialog(trx, dialogId, { priority: effect.priority });
            return { kind: 'done' };
          case 'set_tag':
            await addContactTag(trx, dialog.contact_id, effect.tag);
            return { kind: 'done' };
        }
      });
    },

    /** The flow's own trail in the dialog's events (started, finished, a route it could not take). */
    async recordFlowEvent({ dialogId, kind, data }: { dialogId: number; kind: string; data: Record<string, unknown> }): Promise<void> {
      await changeDialog(deps, dialogId, (trx) => recordDialogEvent(trx, dialogId, kind, null, data));
    },

    /** Flow analytics: the path a finished run took (nodes left, by which output, and where it stopped). */
    async recordFlowPath({ dialogId, runStartedAt, steps }: { dialogId: number; runStartedAt: string; steps: FlowPathStep[] }): Promise<void> {
      await insertFlowPath(deps.db, dialogId, new Date(runStartedAt), steps);
    },

    /** A flow may assign the dialog straight to a user: only to one who exists and is active. */
    async isActiveUser({ userId }: { userId: string }): Promise<boolean> {
      const user = await findUserActive(deps.db, userId);
      return user?.active ?? false;
    },

    /**
     * A flow's HTTP request. A network error or a 5xx is thrown, so Temporal retries it (the
     * workflow's retry policy); a 4xx is an answer, and a refused URL or internal address a
     * failure at once (retrying cannot change it), both handed to the flow's failure branch.
     */
    async flowHttpRequest({ effect }: { effect: Extract<FlowEffect, { kind: 'http_request' }> }): Promise<FlowEffectResult> {
      const { result, retryable } = await sendHttpRequest(effect, { allowList: deps.httpAllowList });
      if (!retryable) return result;
      if (result.kind === 'http_response' && (!result.ok || result.status >= 500)) {
        throw ApplicationFailure.retryable(result.ok ? `HTTP ${result.status} from ${effect.url}` : result.error, 'FlowHttpError');
      }
      return result;
    },
  };
}
