'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { useToast } from '../ui';

/** After a dialog action: refetch the dialog and the lists; on failure, a toast with the server's reason (and a refetch, as the state moved on). */
export function useDialogFeedback(dialogId: number) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.dialogs.get.queryKey({ dialogId }) });
    void queryClient.invalidateQueries({ queryKey: trpc.inbox.pathKey() });
  };
  const failed = (title: string) => (error: unknown) => {
    toast({ tone: 'error', title, description: errorMessage(error) });
    refresh();
  };
  return { toast, refresh, failed };
}
