'use client';

import { useMutation } from '@tanstack/react-query';
import { Paperclip, RotateCcw, Send, SkipForward } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { httpRequestNodeSchema, type FlowDocument } from '../../../../domain/flows/document';
import type { FlowEffectResult } from '../../../../domain/flows/runtime';
import { useTRPC } from '../../trpc/client';
import { errorMessage } from '../../trpc/errors';
import { Alert, Button, Choices, cx, Field, Input, Textarea } from '../../ui';
import editorStyles from '../editor.module.css';
import { useFlowNames } from '../flow-names';
import { nodeTitle } from '../node-kinds';
import { PaneHeader } from '../PaneHeader';
import { FactsForm } from './FactsForm';
import styles from './simulator.module.css';
import { defaultSimulatorFacts, describeOutcome, parseChosenResponse, type SimulatorFacts } from './simulation';
import { useSimulation, type HttpRequestEffect } from './useSimulation';

/**
 * The "Test" pane: chat with the current draft (not the published version). Bot messages come
 * with their buttons, the admin answers as the client, and the canvas highlights where the flow is.
 */
export function Simulator({ document, flowId, onActiveNodeChange, onClose, onShowNode }: {
  document: FlowDocument;
  flowId: number;
  onActiveNodeChange: (nodeId: string | null) => void;
  onClose: () => void;
  onShowNode: (nodeId: string) => void;
}) {
  const trpc = useTRPC();
  const names = useFlowNames();
  const t = useTranslations('flows');
  const [facts, setFacts] = useState<SimulatorFacts>(defaultSimulatorFacts);
  const [httpMode, setHttpMode] = useState<'real' | 'chosen'>('chosen');
  const simulateHttp = useMutation(trpc.flows.simulateHttp.mutationOptions());
  const callHttp = async (request: HttpRequestEffect): Promise<FlowEffectResult> => {
    const response = await simulateHttp.mutateAsync({ method: httpRequestNodeSchema.shape.method.parse(request.method), url: request.url, headers: request.headers, body: request.body, timeoutSeconds: request.timeoutSeconds });
    return response.ok ? { kind: 'http_response', ok: true, status: response.status, body: response.body } : { kind: 'http_response', ok: false, error: response.error };
  };
  const { state, outcome, restart, reply, skipWait, respondHttp } = useSimulation({ document, flowId, facts, httpMode, callHttp, t });

  // Start on opening; the highlight goes when the pane closes.
  useEffect(() => {
    restart();
  }, [restart]);
  const activeNodeId = state.session && !state.blocked ? (outcome?.kind === 'failed' ? outcome.nodeId : state.session.at) : null;
  useEffect(() => onActiveNodeChange(activeNodeId), [activeNodeId, onActiveNodeChange]);
  useEffect(() => () => onActiveNodeChange(null), [onActiveNodeChange]);

  const log = useRef<HTMLOListElement>(null);
  useEffect(() => {
    log.current?.lastElementChild?.scrollIntoView({ block: 'nearest' });
  }, [state.transcript.length, outcome]);

  const awaitingReply = state.stop?.kind === 'await_reply';
  const lastBotIndex = state.transcript.findLastIndex((entry) => entry.from === 'bot');
  const titleOf = (nodeId: string) => {
    const node = document.nodes.find((n) => n.id === nodeId);
    return node ? nodeTitle(node, t) : nodeId;
  };
  const variables = Object.entries(state.session?.variables ?? {});

  return (
    <section className={styles.simulator} aria-labelledby="simulator-title">
      <PaneHeader id="simulator-title" title={t('simulator.title')} closeLabel={t('simulator.close')} onClose={onClose}>
        <Button size="sm" icon={<RotateCcw size={14} />} onClick={restart}>
          {t('simulator.restart')}
        </Button>
      </PaneHeader>

      <FactsForm facts={facts} flowKind={document.kind} onChange={setFacts} />
      {document.nodes.some((node) => node.kind === 'http_request') && (
        <Choices
          legend={t('simulator.httpMode')}
          name="simulator-http"
          value={httpMode}
          onChange={setHttpMode}
          options={[
            { value: 'chosen', label: t('simulator.httpChosen') },
            { value: 'real', label: t('simulator.httpReal') },
          ]}
        />
      )}

      <ol className={styles.transcript} ref={log} role="log" aria-live="polite" aria-label={t('simulator.conversation')}>
        {state.transcript.map((entry, i) => (
          <li key={i} className={cx(styles.entry, styles[entry.from], entry.from === 'event' && entry.tone === 'error' && styles.error)}>
            {entry.from === 'event' ? (
              entry.text
            ) : (
              <>
                <span className="visually-hidden">{entry.from === 'bot' ? t('simulator.bot') : t('simulator.you')} </span>
                <p className={styles.bubble}>{entry.text}</p>
                {entry.from === 'bot' && entry.attachments.map((file) => (
                  <a key={file.url} className={styles.attachment} href={file.url} target="_blank" rel="noreferrer">
                    <Paperclip size={13} aria-hidden /> {file.name}
                  </a>
                ))}
                {entry.from === 'bot' && entry.buttons.length > 0 && (
                  <div className={styles.buttons}>
                    {entry.buttons.map((button) => (
                      <Button key={button.id} size="sm" disabled={!awaitingReply || i !== lastBotIndex} onClick={() => reply(button.label)}>
                        {button.label}
                      </Button>
                    ))}
                  </div>
                )}
              </>
            )}
          </li>
        ))}
      </ol>

      {state.blocked && (
        <Alert tone="warning" role="alert">
          {state.blocked}
        </Alert>
      )}
      {state.pendingHttp && <ChosenResponseForm request={state.pendingHttp} onRespond={respondHttp} />}
      {state.calling && <p className={styles.status}>{t('simulator.waitingServer')}</p>}
      {state.stop?.kind === 'sleep' && (
        <div className={styles.status}>
          {t('simulator.pausing', { minutes: state.stop.minutes })}
          <Button size="sm" icon={<SkipForward size={14} />} onClick={skipWait}>
            {t('simulator.skipWait')}
          </Button>
        </div>
      )}
      {awaitingReply && (
        <div className={styles.status}>
          {state.stop?.kind === 'await_reply' && state.stop.timeoutMinutes !== null
            ? t('simulator.waitingReplyUpTo', { minutes: state.stop.timeoutMinutes })
            : t('simulator.waitingReply')}
          {state.stop?.kind === 'await_reply' && state.stop.timeoutMinutes !== null && (
            <Button size="sm" icon={<SkipForward size={14} />} onClick={skipWait}>
              {t('simulator.timeOut')}
            </Button>
          )}
        </div>
      )}
      {outcome && (
        <div role="status" className={cx(styles.outcome, outcome.kind === 'failed' && styles.outcomeFailed)}>
          <strong>{t('simulator.outcome')}</strong>
          <p>{describeOutcome(outcome, document.kind, names, titleOf, t)}</p>
          {outcome.kind === 'failed' && (
            <Button size="sm" onClick={() => onShowNode(outcome.nodeId)}>
              {t('simulator.showNode')}
            </Button>
          )}
        </div>
      )}

      <ReplyForm disabled={!awaitingReply} onSend={reply} />

      <details className={styles.variables} open>
        <summary>{t('simulator.variables', { count: variables.length })}</summary>
        {variables.length === 0 ? (
          <p className={styles.muted}>{t('simulator.noVariables')}</p>
        ) : (
          <dl>
            {variables.map(([name, value]) => (
              <div key={name}>
                <dt>{name}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        )}
      </details>
      {simulateHttp.error && (
        <Alert tone="error" role="alert">
          {t('simulator.httpFailed', { error: errorMessage(simulateHttp.error) })}
        </Alert>
      )}
    </section>
  );
}

function ReplyForm({ disabled, onSend }: { disabled: boolean; onSend: (text: string) => void }) {
  const t = useTranslations('flows.simulator');
  const [text, setText] = useState('');
  return (
    <form
      className={styles.reply}
      onSubmit={(event) => {
        event.preventDefault();
        if (disabled || text.trim() === '') return;
        onSend(text.trim());
        setText('');
      }}
    >
      <Input aria-label={t('replyLabel')} placeholder={disabled ? t('notWaiting') : t('replyPlaceholder')} value={text} disabled={disabled} onChange={(e) => setText(e.target.value)} />
      <Button type="submit" variant="primary" iconOnly icon={<Send size={15} />} aria-label={t('send')} disabled={disabled || text.trim() === ''} />
    </form>
  );
}

function ChosenResponseForm({ request, onRespond }: { request: HttpRequestEffect; onRespond: (result: FlowEffectResult) => void }) {
  const t = useTranslations('flows');
  const [status, setStatus] = useState('200');
  const [body, setBody] = useState('{\n  \n}');
  const checked = parseChosenResponse(status, body, t);
  return (
    <form
      className={styles.httpForm}
      aria-label={t('simulator.responseForm')}
      onSubmit={(event) => {
        event.preventDefault();
        if (checked.ok) onRespond(checked.result);
      }}
    >
      <p className={styles.request}>
        <code>
          {request.method} {request.url}
        </code>
        {request.body && <code className={styles.requestBody}>{request.body}</code>}
      </p>
      <Field label={t('simulator.status')} error={checked.ok ? null : checked.statusError}>
        {(control) => <Input {...control} inputMode="numeric" value={status} onChange={(e) => setStatus(e.target.value)} />}
      </Field>
      <Field label={t('simulator.jsonBody')} error={checked.ok ? null : checked.bodyError}>
        {(control) => <Textarea {...control} rows={4} className={editorStyles.mono} value={body} onChange={(e) => setBody(e.target.value)} />}
      </Field>
      <div className={editorStyles.inline}>
        <Button type="submit" variant="primary" size="sm" disabled={!checked.ok}>
          {t('simulator.sendResponse')}
        </Button>
        <Button size="sm" onClick={() => onRespond({ kind: 'http_response', ok: false, error: t('simulator.noAnswer') })}>
          {t('simulator.failRequest')}
        </Button>
      </div>
    </form>
  );
}
