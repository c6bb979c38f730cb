import type { DialogContext } from '../../activities/dialogs';
import type { CloseReason, RatingValue } from '../../domain/dialog';
import type { ConversationClock } from '../../domain/dialog-deadlines';
import { conversationStatus, STATUS_ON_ACCEPT, statusWhenLastWriter, type ConversationStatus } from '../../domain/dialog-lifecycle/conversation-status';
import type { DialogHands } from '../../domain/dialog-lifecycle/preconditions';
import { statusAfterReopen } from '../../domain/dialog-lifecycle/reopen';
import { withCurrentDefaults, type DistributionMode, type LineSettings } from '../../domain/line-settings';
import type { CarriedDialogState, DialogState, DialogWorkflowInput } from '../../domain/messages';
import { nowIso, type Serializer } from './support';

export type WithdrawReason = 'timeout' | 'skipped' | 'unavailable';
export type ReturnReason = 'no_answer' | 'operator_unavailable' | 'left_queue' | 'deactivated';

/** One run of a dialog's workflow: its id, how it began, its state, and its one-at-a-time writer. */
export interface DialogRun {
  dialogId: number;
  resume: DialogWorkflowInput['resume'];
  state: DialogRunState;
  /** Runs state-changing activity sequences one at a time, so the stored status follows the last writer. */
  serialized: Serializer;
}

/**
 * Everything a dialog's run remembers, in one place. The transitions of SPEC §4 are its methods;
 * each one that changes what the deadlines are computed from (the conversation clock, the line's
 * settings, a flow talking, who has the dialog) re-arms the deadline watcher itself.
 */
export class DialogRunState {
  /** What the state query shows; handed to the next run on continue-as-new. */
  readonly view: DialogState;
  /** The clock the deadlines run on (dialog-deadlines.ts); changed only through the methods below. */
  readonly clock: ConversationClock;
  // Message ids share one sequence, so comparing them tells who wrote last (in_work vs waiting_client).
  private lastClientId: number;
  private lastOperatorId: number;
  /** The off period (its next opening) the client was last told about. */
  outOfHoursRepliedFor: string | null;
  // Moves whenever the deadlines may have moved: the watcher re-arms its timer.
  private deadlineVersion = 0;

  // Loaded first thing; handlers that need them before then wait (validators see the line as unknown).
  context = undefined as unknown as DialogContext;
  settings = undefined as unknown as LineSettings;
  /** A routing flow may route to a line with another distribution mode, for this dialog only. */
  distributionModeOverride: DistributionMode | null = null;

  private closing: { requested: boolean; by: string | null; reason: CloseReason; blockContact: boolean } = {
    requested: false,
    by: null,
    reason: 'operator',
    blockContact: false,
  };
  /** When this run closed the dialog (workflow time, ms): the reopen window counts from it. */
  closedAt = 0;
  // A client wrote after the close: inside the reopen window the inbound path sent it here.
  private reopenAsked = false;

  /** Something changed that may let a queued dialog be offered (capacity appeared). */
  routingChanged = false;
  // Moves when the dialog changes line or hands: a running distribution starts over.
  private epoch = 0;
  /** Offers to withdraw (skipped, operator unavailable, hand-off time passed), handled in order. */
  readonly withdrawals: { operatorId: string; why: WithdrawReason }[] = [];
  /** The operator who has the dialog became unavailable or left the queue: the conversation decides. */
  operatorGone: { operatorId: string; why: ReturnReason } | null = null;
  /**
   * The offer's live event reaches inboxes when its activity commits, before the workflow records
   * it: an operator quick enough to take it then must wait for the record, not be refused.
   */
  offerInFlight = false;

  // While a flow runs, the client talks to it: their messages queue here, and the line's
  // deadlines wait (the bot is answering).
  private flowTalking = false;
  readonly flowInbox: string[] = [];
  private lastClientTextSeen = '';
  /** The welcome bot stays (silent) in the dialog until it closes (welcomeBot.leaveAt = close). */
  botStaysUntilClose = false;

  constructor(dialogId: number, carried: CarriedDialogState | undefined) {
    this.view = carried?.state ?? {
      dialogId,
      status: 'queued',
      operatorId: null,
      offeredTo: [],
      missed: false,
      ratingRequested: false,
      rating: null,
      pinned: false,
      participants: [],
    };
    this.lastClientId = carried?.lastClientMessageId ?? 0;
    this.lastOperatorId = carried?.lastOperatorMessageId ?? 0;
    this.clock = carried?.clock ?? {
      noAnswerSince: nowIso(),
      noAnswerHandled: false,
      unansweredSince: nowIso(),
      operatorWroteLastAt: null,
      operatorAnswered: false,
      kpiAlertedFor: null,
    };
    this.outOfHoursRepliedFor = carried?.outOfHoursRepliedFor ?? null;
  }

  /** What the next run needs to go on where this one stops (SPEC §4 rule 9). */
  carried(): CarriedDialogState {
    const { view: state, lastClientId: lastClientMessageId, lastOperatorId: lastOperatorMessageId, clock, outOfHoursRepliedFor } = this;
    return { state, lastClientMessageId, lastOperatorMessageId, clock, outOfHoursRepliedFor };
  }

  // ---- reading ----

  get lastClientMessageId(): number {
    return this.lastClientId;
  }
  get lastClientText(): string {
    return this.lastClientTextSeen;
  }
  get flowRunning(): boolean {
    return this.flowTalking;
  }
  /** Moves whenever the deadlines may have moved. */
  get deadlinesVersion(): number {
    return this.deadlineVersion;
  }
  get queueEpoch(): number {
    return this.epoch;
  }
  get closeRequested(): boolean {
    return this.closing.requested;
  }
  get closeReason(): CloseReason {
    return this.closing.reason;
  }
  get closeRequestedBy(): string | null {
    return this.closing.by;
  }
  get blockContactOnClose(): boolean {
    return this.closing.blockContact;
  }
  get reopenRequested(): boolean {
    return this.reopenAsked;
  }
  /** Who has the dialog, for the lifecycle's preconditions. */
  get hands(): DialogHands {
    return { ...this.view, closing: this.closing.requested };
  }
  /** in_work while the client wrote last, waiting_client once the operator did. */
  conversationStatus(): ConversationStatus {
    return conversationStatus(this.lastClientId, this.lastOperatorId);
  }
  /** The line's distribution mode for this dialog (a routing flow may have chosen another). */
  distributionMode(): DistributionMode {
    return this.distributionModeOverride ?? this.settings.distribution.mode;
  }

  // ---- the line ----

  lineLoaded(context: DialogContext): void {
    this.context = context;
    this.settings = currentSettings(context);
  }

  /** To another line's queue (transfer, a flow's hand-off): its settings apply from now on. */
  movedToLine(context: DialogContext): void {
    this.lineLoaded(context);
    this.view.operatorId = null;
    this.view.offeredTo = [];
    this.view.status = 'queued';
    this.view.pinned = false;
    this.distributionModeOverride = null;
    this.epoch++;
    this.rearmDeadlines();
  }

  // ---- messages ----

  /** A client message; false when it was seen before (the inbound path may signal it again). */
  clientWrote(messageId: number, text: string | undefined): boolean {
    if (messageId <= this.lastClientId) return false;
    this.lastClientId = messageId;
    if (text !== undefined) {
      this.lastClientTextSeen = text;
      if (this.flowTalking) this.flowInbox.push(text);
    }
    this.clock.unansweredSince ??= nowIso();
    this.clock.operatorWroteLastAt = null;
    if (this.view.status === 'closed') this.reopenAsked = true;
    this.rearmDeadlines();
    return true;
  }

  /** The operator's reply `messageId` is stored: the dialog waits for the client unless they wrote since. */
  operatorReplied(messageId: number): void {
    this.lastOperatorId = messageId;
    this.view.status = statusWhenLastWriter('operator');
    if (this.lastClientId < messageId) {
      this.clock.unansweredSince = null;
      this.clock.operatorWroteLastAt = nowIso();
    }
    this.clock.noAnswerSince = null;
    this.clock.operatorAnswered = true;
    this.rearmDeadlines();
  }

  /** The stored status follows who wrote last. */
  conversationStatusStored(status: ConversationStatus): void {
    this.view.status = status;
  }

  // ---- flows ----

  flowStarted(): void {
    this.flowTalking = true;
    this.flowInbox.length = 0;
    this.rearmDeadlines();
  }

  botTalks(): void {
    this.view.status = 'bot';
  }

  flowAt(flow: NonNullable<DialogState['flow']>): void {
    this.view.flow = flow;
  }

  /** From here the client waits for an operator: the line's clocks start now. */
  flowFinished(): void {
    this.flowTalking = false;
    this.view.flow = null;
    this.clock.noAnswerSince = nowIso();
    this.clock.noAnswerHandled = false;
    this.clock.unansweredSince = nowIso();
    this.rearmDeadlines();
  }

  // ---- queue and offers ----

  queued(): void {
    this.view.status = 'queued';
    this.routingChanged = false;
  }

  offered(operatorIds: readonly string[]): void {
    this.view.status = 'offered';
    this.view.offeredTo = [...operatorIds];
    this.withdrawals.length = 0;
  }

  /** Nobody took the offer in time (or answered in time): the dialog counts as missed. */
  missed(): void {
    this.view.missed = true;
  }

  offerWithdrawn(operatorId: string): void {
    this.view.offeredTo = this.view.offeredTo.filter((id) => id !== operatorId);
    if (this.view.offeredTo.length === 0) this.view.status = 'queued';
  }

  // ---- hands ----

  accepted(operatorId: string): void {
    this.view.operatorId = operatorId;
    this.view.offeredTo = [];
    this.view.status = STATUS_ON_ACCEPT;
  }

  /** Transfer, take-over, a flow's assignment: the new operator has it now. */
  handedOver(operatorId: string): void {
    this.view.operatorId = operatorId;
    this.view.offeredTo = [];
    this.view.status = this.conversationStatus();
    this.epoch++;
    this.rearmDeadlines();
  }

  /** Back to the queue: the no-answer time counts again from now, round and round until someone answers. */
  returnedToQueue(): void {
    this.view.operatorId = null;
    this.view.status = 'queued';
    this.view.pinned = false;
    this.clock.noAnswerSince = nowIso();
    this.clock.noAnswerHandled = false;
    this.rearmDeadlines();
  }

  invited(userId: string): void {
    this.view.participants.push(userId);
  }

  pinned(pinned: boolean): void {
    this.view.pinned = pinned;
  }

  // ---- deadlines ----

  noAnswerRuleApplied(): void {
    this.clock.noAnswerHandled = true;
    this.rearmDeadlines();
  }

  kpiAlerted(waitingSince: string): void {
    this.clock.kpiAlertedFor = waitingSince;
    this.rearmDeadlines();
  }

  // ---- closing, rating, reopening ----

  /** The first request wins: a later one (a deadline, a second operator) changes nothing. */
  requestClose(reason: CloseReason, by: string | null, { blockContact = false } = {}): void {
    if (this.closing.requested) return;
    this.closing = { requested: true, by, reason, blockContact };
  }

  /** The client rated before the close the operator asked for: the rating closes it. */
  closedByRating(): void {
    this.closing.reason = 'rating';
  }

  closed(): void {
    this.view.status = 'closed';
    this.view.offeredTo = [];
    this.closedAt = Date.now();
  }

  ratingAsked(): void {
    this.view.ratingRequested = true;
  }

  rated(rating: RatingValue): void {
    this.view.rating = rating;
  }

  /** The client wrote inside the reopen window: the dialog is open again, with its operator if it had one. */
  reopened(): void {
    this.reopenAsked = false;
    this.closing = { requested: false, by: null, reason: 'operator', blockContact: this.closing.blockContact };
    this.view.status = statusAfterReopen(this.view.operatorId);
    this.view.ratingRequested = false;
    this.view.rating = null;
    this.clock.operatorWroteLastAt = null;
    this.clock.unansweredSince ??= nowIso();
    this.rearmDeadlines();
  }

  /** A new run for a dialog the inbound path reopened after its last run had ended. */
  tookUpReopened(reopened: Pick<DialogContext, 'operatorId' | 'operatorAnswered'>): void {
    this.view.operatorId = reopened.operatorId;
    this.view.status = statusAfterReopen(reopened.operatorId);
    this.clock.noAnswerSince = reopened.operatorId === null ? nowIso() : null;
    this.clock.operatorAnswered = reopened.operatorAnswered;
    this.rearmDeadlines();
  }

  private rearmDeadlines(): void {
    this.deadlineVersion++;
  }
}

/**
 * The line's settings with today's defaults filled in: a history recorded before a settings group
 * existed replays with the context it recorded, which lacks that group.
 */
function currentSettings(context: DialogContext): LineSettings {
  return withCurrentDefaults(context.settings);
}
