'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
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
      toast({ tone: 'error', title, description: problems ? 'Fix the problems listed on the right (marked red on the canvas).' : errorMessage(error) });
    },
    [onServerCheck, showProblems, toast],
  );

  const save = useCallback(async (): Promise<boolean> => {
    const sending = { document, name: name.trim() };
    if (sending.name === '') {
      setNameError('Give the flow a name.');
      toast({ tone: 'error', title: 'The draft was not saved', description: 'Give the flow a name.' });
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
      refused('The draft was not saved', error, sending.document);
      return false;
    }
  }, [document, flowId, name, onSaved, onServerCheck, refreshLists, refused, saveMutation, toast]);

  const saveWithNotice = useCallback(async () => {
    if (await save()) toast({ tone: 'success', title: 'Draft saved' });
  }, [save, toast]);

  const validate = useCallback(async () => {
    showProblems();
    setValidating(true);
    const checked = document;
    try {
      const { problems } = await client.flows.validate.mutate({ flowId, document: checked });
      onServerCheck({ document: checked, problems });
      if (problems.length === 0) toast({ tone: 'success', title: 'No problems found', description: 'The draft is ready to publish.' });
    } catch (error) {
      toast({ tone: 'error', title: 'Only checked in the browser', description: `The server could not check lines, users and flows: ${errorMessage(error)}` });
    } finally {
      setValidating(false);
    }
  }, [client, document, flowId, onServerCheck, showProblems, toast]);

  const publish = useCallback(async () => {
    if (dirty && !(await save())) return;
    try {
      const { version } = await publishMutation.mutateAsync({ flowId });
      onPublished(version);
      setPublishedDocument(document);
      toast({ tone: 'success', title: `Version ${version} published`, description: 'New dialogs use it from now on; running ones keep theirs.' });
      void refreshLists();
    } catch (error) {
      refused('Not published', error, document);
    }
  }, [dirty, document, flowId, onPublished, publishMutation, refreshLists, refused, save, toast]);

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
      toast({ tone: 'error', title: 'Could not export the flow', description: errorMessage(error) });
    }
  }, [client, dirty, flowId, save, toast]);

  const importJson = useCallback(
    async (file: File) => {
      try {
        const { problems } = await importMutation.mutateAsync({ flowId, json: await file.text() });
        const fresh = await reloadDraft();
        void refreshLists();
        if (problems.length > 0) showProblems();
        toast({
          tone: 'success',
          title: `Imported “${file.name}” as the draft`,
          description: problems.length ? `It has ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} to fix before publishing.` : `${fresh.draft.nodes.length} nodes, ready to publish.`,
        });
      } catch (error) {
        refused(`Could not import “${file.name}”`, error, document);
      }
    },
    [document, flowId, importMutation, refreshLists, refused, reloadDraft, showProblems, toast],
  );

  const rollback = useCallback(
    async (version: number) => {
      try {
        const result = await rollbackMutation.mutateAsync({ flowId, version });
        setPublishedDocument((await reloadDraft()).draft);
        onPublished(result.version);
        void refreshLists();
        toast({ tone: 'success', title: `Rolled back to version ${version}`, description: `Published again as version ${result.version}; the draft is that version now.` });
        return true;
      } catch (error) {
        refused(`Could not roll back to version ${version}`, error, document);
        return false;
      }
    },
    [document, flowId, onPublished, refreshLists, refused, reloadDraft, rollbackMutation, toast],
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
