import { ApplicationFailure } from '@temporalio/activity';
import { kpiAlertRecipients, type KpiAlertData, type KpiKind } from '../domain/kpi';
import { dialogUpdatedEvent, findDialog } from '../db/queries/dialogs';
import { recordDialogEvent } from '../db/queries/events';
import { insertKpiViolationOnce } from '../db/queries/kpi-violations';
import { findLine } from '../db/queries/lines';
import { notifyLive } from '../db/queries/live';
import { insertNotifications } from '../db/queries/notifications';
import { keepActiveUserIds } from '../db/queries/users';
import type { ActivityDeps } from './deps';

export interface RaiseKpiAlertInput {
  dialogId: number;
  kind: KpiKind;
  /** Who owed the answer when the limit passed; null while the dialog waited in the queue. */
  operatorId: string | null;
  limitMinutes: number;
  /** ISO instant the client started waiting (the start of this waiting period). */
  waitingSince: string;
}

export function createKpiActivities(deps: ActivityDeps) {
  return {
    /**
     * SPEC §3 KPI: a dialog went over an answer-time limit. Records the violation for statistics, notes
     * it in the dialog's history and alerts the operator and the line's listed users, all at once; a
     * retry of the same waiting period changes nothing.
     */
    async raiseKpiAlert(input: RaiseKpiAlertInput): Promise<void> {
      const waitingSince = new Date(input.waitingSince);
      if (Number.isNaN(waitingSince.getTime())) {
        throw ApplicationFailure.nonRetryable(`waitingSince "${input.waitingSince}" is not an ISO date-time`, 'BadInput');
      }
      await deps.db.transaction().execute(async (trx) => {
        const dialog = await findDialog(trx, input.dialogId);
        if (!dialog) throw ApplicationFailure.nonRetryable(`dialog ${input.dialogId} does not exist`, 'NotFound');
        const line = await findLine(trx, dialog.line_id);
        if (!line) throw ApplicationFailure.nonRetryable(`line of dialog ${input.dialogId} is gone`, 'NotFound');

        const violation = await insertKpiViolationOnce(trx, {
          dialogId: dialog.id,
          lineId: dialog.line_id,
          operatorId: input.operatorId,
          kind: input.kind,
          limitMinutes: input.limitMinutes,
          waitingSince,
        });
        if (!violation) return;

        const alert: KpiAlertData = {
          violation: input.kind,
          limitMinutes: input.limitMinutes,
          waitingSince: waitingSince.toISOString(),
          operatorId: input.operatorId,
        };
        await recordDialogEvent(trx, dialog.id, 'kpi_violated', null, alert);
        const recipients = await keepActiveUserIds(trx, kpiAlertRecipients(input.operatorId, line.settings.kpi.alertUserIds));
        await insertNotifications(trx, { userIds: recipients, kind: 'kpi_alert', dialogId: dialog.id, data: alert });
        // Viewers of the dialog see the new history entry; the recipients' bells light up.
        await notifyLive(trx, await dialogUpdatedEvent(trx, dialog.id));
        if (recipients.length > 0) {
          await notifyLive(trx, { type: 'notification.created', userIds: recipients, kind: 'kpi_alert', dialogId: dialog.id, at: violation.detectedAt.toISOString() });
        }
      });
    },
  };
}
