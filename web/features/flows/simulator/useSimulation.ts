'use client';

import { useCallback, useRef, useState } from 'react';
import { flowDocumentSchema, type FlowDocument } from '../../../../domain/flows/document';
import { advanceFlow, startSession } from '../../../../domain/flows/interpreter';
import type { FlowEffect, FlowEffectResult, FlowInput, FlowOutcome, FlowSession, FlowStop } from '../../../../domain/flows/runtime';
import type { FlowsTranslator } from '../node-kinds';
import { describeHttpResult, noContactChanges, simulateEffect, toFlowFacts, type ContactChanges, type SimulatorFacts, type TranscriptEntry } from './simulation';

export type HttpRequestEffect = Extract<FlowEffect, { kind: 'http_request' }>;

export interface SimulationState {
  session: FlowSession | null;
  stop: FlowStop | null;
  transcript: TranscriptEntry[];
  changes: ContactChanges;
  lastMessage: string;
  /** An HTTP request waiting for the response the admin chooses. */
  pendingHttp: HttpRequestEffect | null;
  /** A real HTTP call is on its way. */
  calling: boolean;
  /** The draft cannot run: its fields do not match the schema. */
  blocked: string | null;
}

const initialState: SimulationState = { session: null, stop: null, transcript: [], changes: noContactChanges, lastMessage: '', pendingHttp: null, calling: false, blocked: null };

/** Effects a single step may chain (messages in a row); validation forbids loops without a wait. */
const MAX_EFFECTS_PER_STEP = 500;

/**
 * Runs the current draft with the real interpreter, in the browser. Each step reads the latest
 * document, so edits made while testing apply from the next step on. HTTP requests go to the
 * server (`callHttp`) or wait for a response the admin picks, as `httpMode` says.
 */
export function useSimulation(options: {
  document: FlowDocument;
  flowId: number;
  facts: SimulatorFacts;
  httpMode: 'real' | 'chosen';
  callHttp: (request: HttpRequestEffect) => Promise<FlowEffectResult>;
  /** The transcript's own lines (events) in the admin's language. */
  t: FlowsTranslator;
}) {
  const [state, setState] = useState<SimulationState>(initialState);
  const latest = useRef({ state, options });
  latest.current.options = options;
  const runId = useRef(0);

  const publish = useCallback((next: SimulationState) => {
    latest.current.state = next;
    setState(next);
  }, []);

  const drive = useCallback(
    async (input: FlowInput, from: SimulationState) => {
      const run = ++runId.current;
      const parsed = flowDocumentSchema.safeParse(latest.current.options.document);
      if (!parsed.success) {
        publish({ ...from, blocked: latest.current.options.t('simulator.events.blocked') });
        return;
      }
      const document = parsed.data;
      const t = latest.current.options.t;
      let state: SimulationState = { ...from, blocked: null, pendingHttp: null };
      const factsOf = (s: SimulationState) => toFlowFacts(latest.current.options.facts, s.changes, s.lastMessage);
      let step = advanceFlow(document, state.session ?? startSession(latest.current.options.flowId, 0, document), input, factsOf(state));
      for (let effects = 0; step.stop.kind === 'effect' && effects < MAX_EFFECTS_PER_STEP; effects++) {
        const effect = step.stop.effect;
        state = { ...state, session: step.session, stop: step.stop };
        let result: FlowEffectResult;
        if (effect.kind === 'http_request') {
          const request = `${effect.method} ${effect.url}`;
          if (latest.current.options.httpMode === 'chosen') {
            publish({ ...state, pendingHttp: effect, transcript: [...state.transcript, { from: 'event', text: t('simulator.events.chooseResponse', { request }) }] });
            return;
          }
          publish({ ...state, calling: true, transcript: [...state.transcript, { from: 'event', text: t('simulator.events.calling', { request }) }] });
          result = await latest.current.options.callHttp(effect).catch((error: unknown) => ({ kind: 'http_response' as const, ok: false as const, error: error instanceof Error ? error.message : String(error) }));
          if (run !== runId.current) return; // restarted meanwhile
          state = { ...latest.current.state, calling: false };
          state = { ...state, transcript: [...state.transcript, describeHttpResult(result, t)] };
        } else {
          const simulated = simulateEffect(effect, state.changes, t);
          state = { ...state, changes: simulated.changes, transcript: [...state.transcript, simulated.entry] };
          result = simulated.result;
        }
        step = advanceFlow(document, step.session, { kind: 'effect_done', result }, factsOf(state));
      }
      publish({ ...state, session: step.session, stop: step.stop });
    },
    [publish],
  );

  const restart = useCallback(() => {
    runId.current++;
    void drive({ kind: 'start' }, initialState);
  }, [drive]);

  const reply = useCallback(
    (text: string) => {
      const current = latest.current.state;
      void drive({ kind: 'reply', text }, { ...current, lastMessage: text, transcript: [...current.transcript, { from: 'client', text }] });
    },
    [drive],
  );

  const skipWait = useCallback(() => {
    const current = latest.current.state;
    const { t } = latest.current.options;
    const text = current.stop?.kind === 'sleep' ? t('simulator.events.pauseSkipped') : t('simulator.events.timedOut');
    void drive({ kind: 'timeout' }, { ...current, transcript: [...current.transcript, { from: 'event', text }] });
  }, [drive]);

  const respondHttp = useCallback(
    (result: FlowEffectResult) => {
      const current = latest.current.state;
      void drive({ kind: 'effect_done', result }, { ...current, pendingHttp: null, transcript: [...current.transcript, describeHttpResult(result, latest.current.options.t)] });
    },
    [drive],
  );

  const outcome: FlowOutcome | null = state.stop?.kind === 'end' ? state.stop.outcome : null;
  return { state, outcome, restart, reply, skipWait, respondHttp };
}
