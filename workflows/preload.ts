// Modules a worker loads ONCE and shares between all its dialog workflows (bundlerOptions
// .preloadModules in worker/create-worker.ts). Without this, every new workflow evaluated its own
// copy of zod and of every domain module, building all their zod schemas again: most of a new
// dialog's CPU time on the worker, and most of the memory each cached workflow holds.
//
// What may be listed: modules without per-workflow state. The SDK deep-freezes what they export,
// so workflow code must never call a zod schema at run time (zod memoizes on the schema object and
// fails on a frozen one) — the workflow tests run on this bundle and would fail if it did. Domain
// rules the workflow needs are plain functions (e.g. withCurrentDefaults, isRatingValue).
// test/workflows/preload.test.ts checks that every domain module the workflows import is here.
import 'zod';
import 're2js';
import '@date-fns/tz';
import '../domain/dialog';
import '../domain/dialog-deadlines';
import '../domain/dialog-lifecycle/conversation-status';
import '../domain/dialog-lifecycle/preconditions';
import '../domain/dialog-lifecycle/reopen';
import '../domain/errors';
import '../domain/flows/analytics';
import '../domain/flows/http-step';
import '../domain/flows/interpreter';
import '../domain/line-settings';
import '../domain/messages';
import '../domain/routing/straight-to-queue';
import '../domain/working-hours';
