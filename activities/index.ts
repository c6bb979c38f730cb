import type { ActivityDeps } from './deps';
import { createDialogActivities } from './dialogs';
import { createMessageActivities } from './messages';
import { createRoutingActivities } from './routing';

export type { ActivityDeps } from './deps';

/** Every side effect the dialog workflow may cause. Workflows import only this type. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createDialogActivities(deps),
    ...createRoutingActivities(deps),
    ...createMessageActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
