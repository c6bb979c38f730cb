'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useCallback, useState } from 'react';
import type { FlowDocument } from '../../../domain/flows/document';
import { useTRPC, useTRPCClient } from '../trpc/client';
import { errorMessage, fieldErrorsOf } from '../trpc/errors';
import { useToast } from '../ui';
import { problemsOfError, type ServerCheck } from './problems';
import type { DocumentHistory } from './useDocumentHistory';

export interface SavedDraft {
  document: FlowDocument;
  name: string;
}

/**
 * What the toolbar does with the server: save, validate, publish, export, import and roll back.
 * Each keeps the editor's idea of "saved" and of the server's problems up to date; refusals that
 * carry problems open the problems list.
 */
export function useDraftActions({ flowId, history, name, saved, onSaved, onServerCheck, onPublished, showProblems }: {
  flowId: number;
  history: DocumentHistory;
  name: string;
  saved: SavedDraft;
  onSaved: (saved: SavedDraft) => void;
  onServerCheck: (check: ServerCheck) => void;
  onPublished: (version: number) => void;
  showProblems: () => void;
}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const toast = useToast();
  const t = useTranslations('flows.actions');
  const [validating, setValidating] = useState(false);
  const [nameError, setNameError] = useState<string | null>(null);
  /** The draft as last published from this editor: publishing it again would only repeat the version. */
  const [publishedDocument, setPublishedDocument] = useState<FlowDocument | null>(null);
  const { document } = history;
  const dirty = document !== saved.document || name !== saved.name;

  const saveMutation = useMutation(trpc.flows.saveDraft.mutationOptions());
  const publishMutation = useMutation(trpc.flows.publish.mutationOptions());
  const importMutation = useMutation(trpc.flows.importJson.mutationOptions());
  const rollbackMutation = useMutation(trpc.flows.rollback.mutationOptions());

  // Not flows.get: the editor holds the draft itself, and refetching a big draft after every save is waste.
  const refreshLists = useCallback(
    () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.flows.list.queryKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.flows.versions.queryKey({ flowId }) }),
        queryClient.invalidateQueries({ queryKey: trpc.flows.published.queryKey() }),
      ]),
    [flowId, queryClient, trpc],
  );

  const refused = useCallback(
    (title: string, error: unknown, checked: FlowDocument) => {
      const problems = problemsOfError(error);
      if (problems) {
        onServerCheck({ document: checked, problems });
        showProblems();
      }
      toast({ tone: 'error', title, description: problems ? t('refusedHint') : errorMessage(error) });
    },
    [onServerCheck, showProblems, t, toast],
  );

  const save = useCallback(async (): Promise<boolean> => {
    const sending = { document, name: name.trim() };
    if (sending.name === '') {
      setNameError(t('nameRequired'));
      toast({ tone: 'error', title: t('notSaved'), description: t('nameRequired') });
      return false;
    }
    try {
      const result = await saveMutation.mutateAsync({ flowId, name: sending.name, document: sending.document });
      setNameError(null);
      onSaved({ document: sending.document, name });
      onServerCheck({ document: sending.document, problems: result.problems });
      void refreshLists();
      return true;
    } catch (error) {
      setNameError(fieldErrorsOf(error).name?.[0] ?? null);
      refused(t('notSaved'), error, sending.document);
      return false;
    }
  }, [document, flowId, name, onSaved, onServerCheck, refreshLists, refused, saveMutation, t, toast]);

  const saveWithNotice = useCallback(async () => {
    if (await save()) toast({ tone: 'success', title: t('saved') });
  }, [save, t, toast]);

  const validate = useCallback(async () => {
    showProblems();
    setValidating(true);
    const checked = document;
    try {
      const { problems } = await client.flows.validate.mutate({ flowId, document: checked });
      onServerCheck({ document: checked, problems });
      if (problems.length === 0) toast({ tone: 'success', title: t('noProblems'), description: t('readyToPublish') });
    } catch (error) {
      toast({ tone: 'error', title: t('browserOnly'), description: t('serverCheckFailed', { error: errorMessage(error) }) });
    } finally {
      setValidating(false);
    }
  }, [client, document, flowId, onServerCheck, showProblems, t, toast]);

  const publish = useCallback(async () => {
    if (dirty && !(await save())) return;
    try {
      const { version } = await publishMutation.mutateAsync({ flowId });
      onPublished(version);
      setPublishedDocument(document);
      toast({ tone: 'success', title: t('published', { version: String(version) }), description: t('publishedHint') });
      void refreshLists();
    } catch (error) {
      refused(t('notPublished'), error, document);
    }
  }, [dirty, document, flowId, onPublished, publishMutation, refreshLists, refused, save, t, toast]);

  /** The server's draft replaced the editor's (import, rollback): start over from it. */
  const reloadDraft = useCallback(async () => {
    const fresh = await queryClient.fetchQuery({ ...trpc.flows.get.queryOptions({ flowId }), staleTime: 0 });
    history.reset(fresh.draft);
    onSaved({ document: fresh.draft, name: fresh.name });
    onServerCheck({ document: fresh.draft, problems: fresh.problems });
    if (fresh.publishedVersion !== null) onPublished(fresh.publishedVersion);
    return fresh;
  }, [flowId, history, onPublished, onSaved, onServerCheck, queryClient, trpc]);

  const exportJson = useCallback(async () => {
    if (dirty && !(await save())) return;
    try {
      const file = await client.flows.exportJson.query({ flowId });
      const url = URL.createObjectURL(new Blob([file.json], { type: 'application/json' }));
      const link = Object.assign(window.document.createElement('a'), { href: url, download: file.fileName });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      toast({ tone: 'error', title: t('exportFailed'), description: errorMessage(error) });
    }
  }, [client, dirty, flowId, save, t, toast]);

  const importJson = useCallback(
    async (file: File) => {
      try {
        const { problems } = await importMutation.mutateAsync({ flowId, json: await file.text() });
        const fresh = await reloadDraft();
        void refreshLists();
        if (problems.length > 0) showProblems();
        toast({
          tone: 'success',
          title: t('imported', { file: file.name }),
          description: problems.length ? t('importedProblems', { count: problems.length }) : t('importedReady', { count: fresh.draft.nodes.length }),
        });
      } catch (error) {
        refused(t('importFailed', { file: file.name }), error, document);
      }
    },
    [document, flowId, importMutation, refreshLists, refused, reloadDraft, showProblems, t, toast],
  );

  const rollback = useCallback(
    async (version: number) => {
      try {
        const result = await rollbackMutation.mutateAsync({ flowId, version });
        setPublishedDocument((await reloadDraft()).draft);
        onPublished(result.version);
        void refreshLists();
        toast({ tone: 'success', title: t('rolledBack', { version: String(version) }), description: t('rolledBackHint', { published: String(result.version) }) });
        return true;
      } catch (error) {
        refused(t('rollbackFailed', { version: String(version) }), error, document);
        return false;
      }
    },
    [document, flowId, onPublished, refreshLists, refused, reloadDraft, rollbackMutation, t, toast],
  );

  return {
    dirty,
    publishedAsIs: !dirty && publishedDocument === saved.document,
    nameError,
    saving: saveMutation.isPending,
    publishing: publishMutation.isPending,
    importing: importMutation.isPending,
    rollingBack: rollbackMutation.isPending,
    validating,
    save: saveWithNotice,
    validate,
    publish,
    exportJson,
    importJson,
    rollback,
  };
}
