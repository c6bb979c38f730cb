import type { ActivityDeps } from './deps';
import { createCrmActivities } from './crm';
import { createDialogActionActivities } from './dialog-actions';
import { createDialogActivities } from './dialogs';
import { createFlowActivities } from './flows';
import { createKpiActivities } from './kpi';
import { createMessageActivities } from './messages';
import { withPermanentFailures } from './permanent-failures';
import { createRetentionActivities } from './retention';
import { createRoutingActivities } from './routing';
import { createScheduleActivities } from './schedules';
import { createWebhookActivities } from './webhooks';

export type { ActivityDeps } from './deps';

/** Every side effect the dialog workflow may cause; permanent failures are not retried. Workflows import only this type. */
export function createActivities(deps: ActivityDeps) {
  return withPermanentFailures({
    ...createDialogActivities(deps),
    ...createDialogActionActivities(deps),
    ...createFlowActivities(deps),
    ...createRoutingActivities(deps),
    ...createScheduleActivities(deps),
    ...createMessageActivities(deps),
    ...createCrmActivities(deps),
    ...createKpiActivities(deps),
    ...createWebhookActivities(deps),
    ...createRetentionActivities(deps),
  });
}

export type Activities = ReturnType<typeof createActivities>;
