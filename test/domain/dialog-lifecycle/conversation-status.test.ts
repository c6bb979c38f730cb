import { describe, expect, it } from 'vitest';
import { conversationStatus, STATUS_ON_ACCEPT, statusWhenLastWriter } from '../../../domain/dialog-lifecycle/conversation-status';

describe('who wrote last', () => {
  it('shows the operator owes an answer while the client wrote last', () => {
    expect(conversationStatus(12, 10)).toBe('in_work');
    expect(statusWhenLastWriter('client')).toBe('in_work');
  });

  it('shows the dialog waits for the client once the operator answered', () => {
    expect(conversationStatus(10, 12)).toBe('waiting_client');
    expect(statusWhenLastWriter('operator')).toBe('waiting_client');
  });

  it('counts a dialog nobody wrote in yet as waiting for the client', () => {
    expect(conversationStatus(0, 0)).toBe('waiting_client');
  });

  it('puts an accepted offer in work: the client is waiting', () => {
    expect(STATUS_ON_ACCEPT).toBe('in_work');
  });
});
