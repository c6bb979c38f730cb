import { describe, expect, it } from 'vitest';
import {
  canAnswerDialog,
  canCloseDialog,
  canSeeDialog,
  canTakeDialog,
  dialogActionPermissions,
  replyBlockedReason,
  type DialogFacts,
} from '../../../domain/dialog-lifecycle/access';

const manager = (id: string) => ({ id, role: 'manager' as const });
const director = { id: 'director', role: 'director' as const };
const queued: DialogFacts = { lineId: 1, operatorId: null, status: 'queued', offeredTo: [], participants: [] };
const offeredToAnna: DialogFacts = { ...queued, status: 'offered', offeredTo: ['anna'] };
const annas: DialogFacts = { ...queued, status: 'in_work', operatorId: 'anna', participants: ['expert'] };

describe('who sees and answers a dialog', () => {
  it('shows a manager their own, offered and invited dialogs, and their lines’ unassigned queue', () => {
    expect(canSeeDialog(manager('anna'), annas, false)).toBe(true);
    expect(canSeeDialog(manager('expert'), annas, false)).toBe(true);
    expect(canSeeDialog(manager('anna'), offeredToAnna, false)).toBe(true);
    expect(canSeeDialog(manager('boris'), queued, true)).toBe(true);
    expect(canSeeDialog(manager('boris'), queued, false)).toBe(false);
    expect(canSeeDialog(manager('boris'), annas, true)).toBe(false);
    expect(canSeeDialog(director, annas, false)).toBe(true);
  });

  it('lets the operator, an invited colleague, a supervisor, or anyone on an unassigned dialog try to answer', () => {
    expect(canAnswerDialog(manager('anna'), annas, true)).toBe(true);
    expect(canAnswerDialog(manager('expert'), annas, false)).toBe(true);
    expect(canAnswerDialog(director, annas, false)).toBe(true);
    expect(canAnswerDialog(manager('boris'), queued, true)).toBe(true);
  });

  it('lets only the operator or a supervisor close', () => {
    expect(canCloseDialog(manager('anna'), annas)).toBe(true);
    expect(canCloseDialog(manager('expert'), annas)).toBe(false);
    expect(canCloseDialog(director, annas)).toBe(true);
  });

  it('offers "take" only to the operator it is offered to, while nobody has it and it is open', () => {
    expect(canTakeDialog(manager('anna'), offeredToAnna)).toBe(true);
    expect(canTakeDialog(manager('boris'), offeredToAnna)).toBe(false);
    expect(canTakeDialog(manager('anna'), { ...offeredToAnna, status: 'closed' })).toBe(false);
    expect(canTakeDialog(manager('anna'), annas)).toBe(false);
  });
});

describe('the dialog view’s buttons', () => {
  it('gives the operator transfer, invite, pin and spam, and no take-over', () => {
    expect(dialogActionPermissions(manager('anna'), annas)).toEqual({
      canTransfer: true,
      canInvite: true,
      canTakeOver: false,
      canPin: true,
      canSpam: true,
      canRateAsSupervisor: false,
    });
  });

  it('lets a supervisor take over and rate, but pin only a dialog with an operator', () => {
    expect(dialogActionPermissions(director, queued)).toMatchObject({ canTakeOver: true, canPin: false, canRateAsSupervisor: true });
    expect(dialogActionPermissions(director, { ...annas, status: 'closed' })).toMatchObject({ canTakeOver: false, canTransfer: false, canRateAsSupervisor: true });
  });
});

describe('why the reply box is off', () => {
  it('names the operator handling it, the bot, the offer or the queue', () => {
    const boris = manager('boris');
    expect(replyBlockedReason(boris, { ...annas, operatorName: 'Anna' }, [])).toBe('Anna is handling this dialog; only they can answer.');
    expect(replyBlockedReason(boris, { ...queued, status: 'bot', operatorName: null }, [])).toMatch(/A bot is talking/);
    expect(replyBlockedReason(boris, { ...offeredToAnna, operatorName: null }, ['Anna'])).toBe('Offered to Anna; you can answer if it comes to you.');
    expect(replyBlockedReason(boris, { ...queued, operatorName: null }, [])).toMatch(/Waiting in the queue/);
    expect(replyBlockedReason(manager('anna'), { ...annas, operatorName: 'Anna' }, [])).toBeNull();
    expect(replyBlockedReason(manager('anna'), { ...annas, status: 'closed', operatorName: 'Anna' }, [])).toMatch(/This dialog is closed/);
  });
});
