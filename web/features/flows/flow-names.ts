'use client';

import { createContext, useContext } from 'react';
import type { FlowNames } from './node-kinds';

const empty: FlowNames = { lines: new Map(), users: new Map(), flows: new Map() };

/** Names of the lines, users and flows that nodes point to, for the cards and pickers. */
export const FlowNamesContext = createContext<FlowNames>(empty);

export function useFlowNames(): FlowNames {
  return useContext(FlowNamesContext);
}
