import type { ChannelKind } from '../channels';
import type { DistributionMode } from '../line-settings';

/**
 * The contract between a flow and whoever runs it (the dialog workflow, the editor's simulator).
 * The interpreter (`advanceFlow` in interpreter.ts) is pure and deterministic: it walks nodes until
 * the flow needs the outside world, then stops with a `FlowStop`. The runner does what it asks
 * (an effect through an activity, waiting for the client, sleeping) and calls `advanceFlow` again
 * with the matching `FlowInput`. Everything here is JSON, so a session survives continue-as-new.
 */

/** What conditions and templates may read about the dialog. */
export interface FlowFacts {
  channel: ChannelKind;
  contact: {
    name: string | null;
    email: string | null;
    phone: string | null;
    /** Known: the contact had earlier dialogs or has details (not a first-time anonymous visitor). */
    known: boolean;
    responsibleUserId: string | null;
    /** Whether the responsible user can take a dialog now (active; available when the line checks). */
    responsibleAvailable: boolean;
    tags: string[];
    language: string | null;
  };
  /** The client's latest message (keywords conditions; updated on every reply). */
  lastMessage: string;
  /** Workflow time, ISO. */
  now: string;
  /** "HH:MM" in the line's time zone. */
  localTime: string;
  withinWorkingHours: boolean;
}

/** Where a running flow is. Starts at the start node; `at` is the node the flow waits on. */
export interface FlowSession {
  flowId: number;
  version: number;
  at: string;
  variables: Record<string, string>;
  /** Wrong answers given to the current ask node. */
  retries: number;
  /** Nodes executed so far (a guard against runaway flows). */
  steps: number;
  /**
   * What the flow waits for at `at`: the stop `advanceFlow` last returned (absent: not started yet).
   * It tells an ask node's sub-states apart (question or retry text being sent: effect; waiting for
   * the answer: await_reply) and lets an input that does not fit be ignored with the same stop.
   */
  stop?: FlowStop;
}

export type FlowEffect =
  | { kind: 'send_message'; text: string; buttons: { id: string; label: string }[]; attachments: { url: string; name: string }[] }
  | { kind: 'set_contact_field'; field: 'name' | 'email' | 'phone'; value: string }
  | {
      kind: 'http_request';
      method: string;
      url: string;
      headers: Record<string, string>;
      body: string;
      timeoutSeconds: number;
      /** The node says repeating the request is safe (absent in effects recorded before it existed). */
      idempotent?: boolean;
    }
  | { kind: 'create_lead'; title: string }
  | { kind: 'set_priority'; priority: number }
  | { kind: 'set_tag'; tag: string };

/** What an effect gave back; only HTTP and lead creation return something the flow uses. */
export type FlowEffectResult =
  | { kind: 'http_response'; ok: true; status: number; body: unknown }
  | { kind: 'http_response'; ok: false; error: string }
  | { kind: 'lead_created'; leadId: number }
  | { kind: 'done' };

/** How a flow ends: what happens to the dialog next. */
export type FlowOutcome =
  /** To a line's queue (null: this dialog's line), optionally with another distribution mode. */
  | { kind: 'handoff'; lineId: number | null; mode: DistributionMode | null }
  /** Straight to one user (transfer to a user, route to operator, route to responsible). */
  | { kind: 'assign'; userId: string }
  | { kind: 'close' }
  /** Continue in another flow (jump to flow, run bot). */
  | { kind: 'switch_flow'; flowId: number }
  /** Ran off the end of the graph: the runner's default (a bot hands off; routing distributes). */
  | { kind: 'finished' }
  /** Could not go on (missing variable in a template with no failure branch, runaway flow…). */
  | { kind: 'failed'; nodeId: string; reason: string };

export type FlowStop =
  | { kind: 'effect'; effect: FlowEffect }
  | { kind: 'await_reply'; timeoutMinutes: number | null }
  | { kind: 'sleep'; minutes: number }
  | { kind: 'end'; outcome: FlowOutcome };

export type FlowInput =
  | { kind: 'start' }
  | { kind: 'effect_done'; result: FlowEffectResult }
  | { kind: 'reply'; text: string }
  | { kind: 'timeout' };

/** Nodes one `advanceFlow` call may execute before it gives up (validation forbids loops without waits). */
export const MAX_STEPS_PER_ADVANCE = 1000;
