import type { WidgetDeps } from '../../web/server/channels/widget/deps';
import { TEST_SECRET } from '../support/env';
import type { RunningTestWorker } from '../support/worker';

/** The widget handlers' dependencies on a test worker's database and Temporal client, with no live updates. */
export function widgetDepsOn(worker: RunningTestWorker): WidgetDeps {
  return {
    db: worker.db,
    temporal: worker.client,
    taskQueue: worker.taskQueue,
    secret: TEST_SECRET,
    live: { subscribe: async () => () => undefined },
  };
}
