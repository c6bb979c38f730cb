import { useCallback, useMemo, useReducer } from 'react';
import type { FlowDocument } from '../../../domain/flows/document';

/**
 * Undo and redo over whole-document snapshots. Snapshots share every node an edit did not touch,
 * so a long history costs little. Typing into one field makes many commits: those with the same
 * `coalesceKey` within COALESCE_MS replace each other, so one undo takes back the whole word.
 */
export const HISTORY_LIMIT = 200;
const COALESCE_MS = 1200;

export interface HistoryState {
  past: FlowDocument[];
  present: FlowDocument;
  future: FlowDocument[];
  lastCommit: { key: string; at: number } | null;
}

export type HistoryAction =
  | { type: 'commit'; document: FlowDocument; coalesceKey?: string; at: number }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'reset'; document: FlowDocument };

export function initialHistory(document: FlowDocument): HistoryState {
  return { past: [], present: document, future: [], lastCommit: null };
}

export function historyReducer(state: HistoryState, action: HistoryAction): HistoryState {
  switch (action.type) {
    case 'commit': {
      if (action.document === state.present) return state;
      const { coalesceKey, at } = action;
      const coalesce = coalesceKey !== undefined && state.lastCommit?.key === coalesceKey && at - state.lastCommit.at < COALESCE_MS && state.past.length > 0;
      return {
        past: coalesce ? state.past : [...state.past, state.present].slice(-HISTORY_LIMIT),
        present: action.document,
        future: [],
        lastCommit: coalesceKey === undefined ? null : { key: coalesceKey, at },
      };
    }
    case 'undo': {
      const previous = state.past.at(-1);
      if (!previous) return state;
      return { past: state.past.slice(0, -1), present: previous, future: [state.present, ...state.future], lastCommit: null };
    }
    case 'redo': {
      const [next, ...rest] = state.future;
      if (!next) return state;
      return { past: [...state.past, state.present], present: next, future: rest, lastCommit: null };
    }
    case 'reset':
      return initialHistory(action.document);
  }
}

export interface DocumentHistory {
  document: FlowDocument;
  canUndo: boolean;
  canRedo: boolean;
  commit(document: FlowDocument, options?: { coalesceKey?: string }): void;
  undo(): void;
  redo(): void;
  reset(document: FlowDocument): void;
}

export function useDocumentHistory(initial: FlowDocument): DocumentHistory {
  const [state, dispatch] = useReducer(historyReducer, initial, initialHistory);
  const commit = useCallback((document: FlowDocument, options?: { coalesceKey?: string }) => dispatch({ type: 'commit', document, coalesceKey: options?.coalesceKey, at: Date.now() }), []);
  const undo = useCallback(() => dispatch({ type: 'undo' }), []);
  const redo = useCallback(() => dispatch({ type: 'redo' }), []);
  const reset = useCallback((document: FlowDocument) => dispatch({ type: 'reset', document }), []);
  return useMemo(
    () => ({ document: state.present, canUndo: state.past.length > 0, canRedo: state.future.length > 0, commit, undo, redo, reset }),
    [state.present, state.past.length, state.future.length, commit, undo, redo, reset],
  );
}
