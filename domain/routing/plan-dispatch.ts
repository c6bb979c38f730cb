import { responsibleRouting } from '../crm';
import type { DistributionMode } from '../line-settings';
import { chooseOperators } from './choose-operators';
import type { QueueCandidate } from './pick-evenly';

/** Someone a dialog may be offered to, as the dispatcher's snapshot saw them. */
export interface DispatchOperator {
  userId: string;
  active: boolean;
  /** Online, working day started, not on a break or absent (domain/availability.ts). */
  available: boolean;
  /** Open dialogs they hold across every line: the hard ceiling counts these. */
  openDialogs: number;
}

/** A member of the line's queue. */
export interface DispatchMember extends DispatchOperator {
  /** Position in the line's queue, 0 = first. */
  position: number;
  /** ISO time of the last dialog offered to them on this line, or null if never. */
  lastAssignedAt: string | null;
  /** Dialogs of this line they hold (as the line's limit counts them) or are offered. */
  lineLoad: number;
}

/** A dialog waiting on the line, in queue order (priority, then age, then id). */
export interface WaitingDialog {
  dialogId: number;
  /** A routing flow's override of the line's distribution mode, for this dialog. */
  mode: DistributionMode | null;
  /** Operators who already let it pass (hand-off time, skip, became unavailable). */
  passedBy: readonly string[];
  /** Operators it is offered to now: only a dialog offered to all asks again, to reach operators who became eligible since. */
  offeredTo: readonly string[];
  /** The client's responsible user (CRM "route to responsible"), or null. */
  responsibleId: string | null;
  /**
   * Its workflow has asked to be offered. One that has not yet (just started, or back in the
   * queue a moment ago) is not offered, but the capacity it would take is kept for it: newer
   * dialogs never overtake it (SPEC §3 priority, then age). Absent: asking.
   */
  asking?: boolean;
}

export interface LineDispatchInput {
  mode: DistributionMode;
  limit: { enabled: boolean; maxOpenDialogs: number };
  availabilityCheck: boolean;
  routeToResponsible: boolean;
  /** Hard ceiling of open dialogs per operator, across all lines. */
  ceiling: number;
  members: readonly DispatchMember[];
  /** Responsible users of waiting dialogs' clients (members or not). */
  responsibles: readonly DispatchOperator[];
  waiting: readonly WaitingDialog[];
  now: Date;
}

export interface PlannedOffer {
  dialogId: number;
  /** Who it is offered to now (for a dialog already offered to all: the operators added). */
  operatorIds: string[];
  mode: DistributionMode;
  /** Offered to the client's responsible user, outside the queue's order and limit. */
  responsible: boolean;
  /** Everyone eligible had let it pass: it went round the queue again, its passes forgotten. */
  roundAgain: boolean;
}

export interface DispatchPlan {
  offers: PlannedOffer[];
  /** Queue members' new "last assigned" times (ISO): the evenly mode's idle order. */
  lastAssigned: { userId: string; at: string }[];
  /** Dialogs not asking yet that capacity is kept for. */
  reserved: number[];
}

/**
 * One dispatch pass of a line (SPEC §3): as many waiting dialogs offered as there is capacity,
 * in queue order. Per dialog, the mode decides among the operators eligible at that point of the
 * pass (chooseOperators: evenly → idle longest, strictly → queue order, all → every one);
 * eligible = active, available when the line checks, below the ceiling (open dialogs held plus
 * offers of this pass) and, with the line's limit on, below it (dialogs held or offered on the
 * line). Each offer counts at once, so the next dialog sees it: limits and ceiling are never
 * exceeded and evenly spreads the dialogs round the queue. A dialog every eligible operator has
 * let pass goes round again. A dialog nobody can take now is skipped; later ones may still fit.
 */
export function planDispatch(input: LineDispatchInput): DispatchPlan {
  const members = input.members.map((m) => ({ ...m }));
  const offeredThisPass = new Map<string, number>();
  const lastAssigned = new Map<string, string>();
  const offers: PlannedOffer[] = [];
  const reserved: number[] = [];
  let tick = 0;

  const belowCeiling = (o: DispatchOperator) => isBelowCeiling(input.ceiling, o, offeredThisPass.get(o.userId) ?? 0);
  const eligible = (m: DispatchMember) => memberHasRoom(input, m, offeredThisPass.get(m.userId) ?? 0);
  const count = (userId: string, offered = true) => {
    offeredThisPass.set(userId, (offeredThisPass.get(userId) ?? 0) + 1);
    const member = members.find((m) => m.userId === userId);
    if (!member) return;
    member.lineLoad++;
    // Strictly later than every earlier offer of the pass, so "idle longest" moves round the queue.
    member.lastAssignedAt = new Date(input.now.getTime() + tick++).toISOString();
    if (offered) lastAssigned.set(userId, member.lastAssignedAt);
  };
  const responsibles = new Map(input.responsibles.map((r) => [r.userId, r]));

  for (const dialog of input.waiting) {
    const mode = dialog.mode ?? input.mode;
    const responsible = dialog.offeredTo.length === 0 ? responsibleToOffer(input, responsibles, dialog, belowCeiling) : null;
    if (responsible !== null) {
      count(responsible);
      offers.push({ dialogId: dialog.dialogId, operatorIds: [responsible], mode, responsible: true, roundAgain: false });
      continue;
    }
    const candidates: QueueCandidate[] = members.filter(eligible);
    if (candidates.length === 0) continue;
    if (dialog.asking === false) {
      // Kept for it, not offered: it asks in a moment and its pass offers it then.
      const keptFor = chooseOperators(mode, candidates, new Set(dialog.passedBy));
      for (const userId of keptFor) count(userId, false);
      if (keptFor.length > 0) reserved.push(dialog.dialogId);
      continue;
    }
    let chosen: string[];
    let roundAgain = false;
    if (dialog.offeredTo.length > 0) {
      // Offered already: only "to all" reaches further, to those not offered yet.
      chosen = mode === 'all' ? chooseOperators('all', candidates, new Set([...dialog.passedBy, ...dialog.offeredTo])) : [];
    } else {
      chosen = chooseOperators(mode, candidates, new Set(dialog.passedBy));
      if (chosen.length === 0 && dialog.passedBy.length > 0) {
        chosen = chooseOperators(mode, candidates);
        roundAgain = true;
      }
    }
    if (chosen.length === 0) continue;
    for (const userId of chosen) count(userId);
    offers.push({ dialogId: dialog.dialogId, operatorIds: chosen, mode, responsible: false, roundAgain });
  }
  return { offers, lastAssigned: [...lastAssigned].map(([userId, at]) => ({ userId, at })), reserved };
}

/**
 * A queue member may be offered one more dialog of the line: active, available when the line
 * checks, below the ceiling (open dialogs held plus `offeredThisPass`) and, with the line's limit
 * on, below it (dialogs held or offered on the line, this pass's offers counted in `lineLoad`).
 */
function memberHasRoom(input: LineRoomInput, member: DispatchMember, offeredThisPass: number): boolean {
  return (
    member.active &&
    (member.available || !input.availabilityCheck) &&
    isBelowCeiling(input.ceiling, member, offeredThisPass) &&
    (!input.limit.enabled || member.lineLoad < input.limit.maxOpenDialogs)
  );
}

/** The hard ceiling: open dialogs held across every line plus this pass's offers stay below it. */
function isBelowCeiling(ceiling: number, operator: DispatchOperator, offeredThisPass: number): boolean {
  return operator.openDialogs + offeredThisPass < ceiling;
}

/** What decides whether the line's queue has room, without its waiting dialogs. */
export type LineRoomInput = Pick<LineDispatchInput, 'limit' | 'availabilityCheck' | 'routeToResponsible' | 'ceiling' | 'members'>;

/**
 * Whether a pass could offer anything, whatever is waiting: some queue member has room, or the line
 * routes clients to their responsible users (who may have room outside the queue). When it cannot,
 * the pass plans nothing, so the dispatcher need not read the waiting dialogs — on a full line under
 * a burst, that read is most of each arrival's pass.
 */
export function lineHasRoom(input: LineRoomInput): boolean {
  return input.routeToResponsible || input.members.some((m) => memberHasRoom(input, m, 0));
}

/** The client's responsible user when the dialog goes straight to them (domain/crm.ts responsibleRouting), else null. */
function responsibleToOffer(
  input: LineDispatchInput,
  responsibles: ReadonlyMap<string, DispatchOperator>,
  dialog: WaitingDialog,
  belowCeiling: (o: DispatchOperator) => boolean,
): string | null {
  if (!input.routeToResponsible || dialog.responsibleId === null) return null;
  const facts = responsibles.get(dialog.responsibleId);
  if (!facts) return null;
  const route = responsibleRouting(
    { routeToResponsible: true, availabilityCheck: input.availabilityCheck },
    { userId: facts.userId, active: facts.active, atCeiling: !belowCeiling(facts), available: facts.available, letItPass: dialog.passedBy.includes(facts.userId) },
  );
  return route === 'responsible' ? facts.userId : null;
}
