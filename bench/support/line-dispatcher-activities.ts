import { dispatchLine, type DispatchDeps } from '../../engine/dispatch-line';

/** Bench only: the activity of the per-line dispatcher workflow, one pass of the product's dispatcher. */
export function createLineDispatcherActivities(deps: DispatchDeps) {
  return {
    /** One dispatch pass for the line (the same `dispatchLine` the product calls); returns how many dialogs it offered. */
    async dispatchLinePass(lineId: number): Promise<number> {
      return (await dispatchLine(deps, lineId)).length;
    },
  };
}

export type LineDispatcherActivities = ReturnType<typeof createLineDispatcherActivities>;
