import { describe, expect, it } from 'vitest';
import {
  acceptRefusal,
  inviteRefusal,
  isGoodRating,
  openRefusal,
  pinRefusal,
  ratingRefusal,
  refusals,
  replyRefusal,
  skipRefusal,
  takeOverRefusal,
  transferRefusal,
  type DialogHands,
} from '../../../domain/dialog-lifecycle/preconditions';

const offered: DialogHands = { status: 'offered', operatorId: null, offeredTo: ['anna'], participants: [] };
const withAnna: DialogHands = { status: 'in_work', operatorId: 'anna', offeredTo: [], participants: ['expert'] };
const closed: DialogHands = { ...withAnna, status: 'closed' };

describe('open', () => {
  it('refuses a closed dialog, and one the workflow is already closing', () => {
    expect(openRefusal(closed)).toBe('This dialog is already closed.');
    expect(openRefusal({ ...withAnna, closing: true })).toBe(refusals.closed);
    expect(openRefusal(withAnna)).toBeNull();
  });
});

describe('accepting', () => {
  it('lets the operator it is offered to take it', () => {
    expect(acceptRefusal(offered, 'anna')).toBeNull();
  });

  it('tells anyone else it is not offered to them', () => {
    expect(acceptRefusal(offered, 'boris')).toBe('This dialog is not offered to you (the offer may have passed to the next operator).');
  });

  it('does not judge "offered to you" while an offer is being recorded', () => {
    expect(acceptRefusal({ ...offered, offeredTo: [] }, 'boris', { offerKnown: false })).toBeNull();
  });

  it('tells a second taker that another operator has it', () => {
    expect(acceptRefusal(withAnna, 'boris')).toBe('Another operator has already taken this dialog.');
    expect(acceptRefusal(withAnna, 'anna')).toBeNull();
  });

  it('refuses a closed dialog first', () => {
    expect(acceptRefusal({ ...offered, status: 'closed' }, 'anna')).toBe(refusals.closed);
  });
});

describe('replying', () => {
  it('refuses an empty text before anything else', () => {
    expect(replyRefusal(closed, 'anna', '   ')).toBe('text: must not be empty: write a text or attach a file.');
  });

  it('accepts an empty text when files are attached', () => {
    expect(replyRefusal(withAnna, 'anna', '  ', { attachmentCount: 1 })).toBeNull();
    expect(replyRefusal(withAnna, 'anna', '  ', { attachmentCount: 0 })).toBe(refusals.emptyReply);
  });

  it('lets the operator and an invited colleague answer, and anyone else only by accepting', () => {
    expect(replyRefusal(withAnna, 'anna', 'hi')).toBeNull();
    expect(replyRefusal(withAnna, 'expert', 'hi')).toBeNull();
    expect(replyRefusal(withAnna, 'boris', 'hi')).toBe(refusals.takenByAnother);
    expect(replyRefusal(offered, 'anna', 'hi')).toBeNull();
  });
});

describe('skip, transfer, take over, invite, pin', () => {
  it('skips only an offer made to you', () => {
    expect(skipRefusal(offered, 'anna')).toBeNull();
    expect(skipRefusal(offered, 'boris')).toBe('This dialog is not offered to you, so there is nothing to skip.');
  });

  it('refuses a transfer to where the dialog already is', () => {
    expect(transferRefusal({ ...withAnna, lineId: 1 }, { kind: 'operator', operatorId: 'anna' })).toBe('to.operatorId: the dialog is already with this operator.');
    expect(transferRefusal({ ...offered, lineId: 1 }, { kind: 'line', lineId: 1 })).toBe('to.lineId: the dialog is already waiting in this line’s queue.');
    expect(transferRefusal({ ...withAnna, lineId: 1 }, { kind: 'line', lineId: 1 })).toBeNull();
    expect(transferRefusal({ ...offered, lineId: undefined }, { kind: 'line', lineId: 1 })).toBeNull();
  });

  it('refuses taking over one’s own dialog', () => {
    expect(takeOverRefusal(withAnna, 'anna')).toBe('You already have this dialog.');
    expect(takeOverRefusal(withAnna, 'director')).toBeNull();
    expect(takeOverRefusal(closed, 'director')).toBe(refusals.closed);
  });

  it('refuses inviting someone already in the dialog', () => {
    expect(inviteRefusal(withAnna, 'anna')).toBe('inviteeId: this colleague is already in the dialog.');
    expect(inviteRefusal(withAnna, 'expert')).toBe(refusals.alreadyInvited);
    expect(inviteRefusal(withAnna, 'boris')).toBeNull();
  });

  it('pins only a dialog with an operator, and always lets it be unpinned', () => {
    expect(pinRefusal(offered, true)).toBe('This dialog has no operator yet; pin it once someone has taken it.');
    expect(pinRefusal(offered, false)).toBeNull();
    expect(pinRefusal(withAnna, true)).toBeNull();
  });
});

describe('the client’s rating', () => {
  const asked = { ratingRequested: true, rating: null };
  const stars = () => 'five_stars' as const;

  it('takes a rating only when one was asked for, and only once', () => {
    expect(ratingRefusal({ ratingRequested: false, rating: null }, stars, 5)).toBe('No rating was requested for this dialog.');
    expect(ratingRefusal({ ratingRequested: true, rating: 4 }, stars, 5)).toBe('This dialog has already been rated.');
    expect(ratingRefusal(asked, stars, 5)).toBeNull();
  });

  it('takes only the line’s scale', () => {
    expect(ratingRefusal(asked, stars, 'like')).toBe('rating: this line asks for a number from 1 to 5.');
    expect(ratingRefusal(asked, () => 'like_dislike', 3)).toBe('rating: this line asks for "like" or "dislike".');
    expect(ratingRefusal(asked, stars, 6)).toBe('rating: must be "like", "dislike" or a whole number from 1 to 5.');
  });

  it('does not read the scale when the rating is refused anyway', () => {
    const unknownLine = () => {
      throw new Error('the line is not loaded yet');
    };
    expect(ratingRefusal({ ratingRequested: false, rating: null }, unknownLine, 5)).toBe(refusals.ratingNotRequested);
  });

  it('thanks for a like or four and five stars, and apologises otherwise', () => {
    expect([isGoodRating('like'), isGoodRating(4), isGoodRating(5)]).toEqual([true, true, true]);
    expect([isGoodRating('dislike'), isGoodRating(3), isGoodRating(1)]).toEqual([false, false, false]);
  });
});
