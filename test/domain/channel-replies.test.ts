import { describe, expect, it } from 'vitest';
import { parseRatingReply, withChoicesAsText } from '../../domain/channel-replies';
import { validateAnswer } from '../../domain/flows';
import { lineSettingsSchema } from '../../domain/line-settings';

const externalRequestText = lineSettingsSchema.parse({}).rating.externalRequestText;

describe('a message on a channel without buttons', () => {
  it('carries a bot question’s choices as a numbered list under its text', () => {
    const sent = withChoicesAsText(
      { text: 'What can we help with?', buttons: [{ id: 'order', label: 'My order' }, { id: 'refund', label: 'A refund' }] },
      externalRequestText,
    );
    expect(sent.text).toBe('What can we help with?\n\n1. My order\n2. A refund');
    expect(sent.buttons).toBeUndefined();
  });

  it('lets the client answer a choice with its number or its label, as the flow reads it', () => {
    const choices = [{ id: 'order', label: 'My order' }, { id: 'refund', label: 'A refund' }];
    expect(validateAnswer({ answer: 'choice', choices }, '2')).toEqual({ ok: true, value: 'A refund' });
    expect(validateAnswer({ answer: 'choice', choices }, 'my order')).toEqual({ ok: true, value: 'My order' });
  });

  it('asks for the rating with the line’s text request instead of the widget’s buttons', () => {
    const sent = withChoicesAsText(
      { text: 'Please rate how we did.', buttons: [{ id: 'like', label: '👍' }, { id: 'dislike', label: '👎' }], ratingRequest: { scale: 'like_dislike' as const } },
      'Rate us: 1 to 5, or yes / no.',
    );
    expect(sent.text).toBe('Rate us: 1 to 5, or yes / no.');
    expect(sent.buttons).toBeUndefined();
    expect(sent.ratingRequest).toEqual({ scale: 'like_dislike' });
  });

  it('still says what to answer when the line’s text request is blank', () => {
    expect(withChoicesAsText({ text: 'Please rate how we did.', ratingRequest: { scale: 'five_stars' as const } }, '  ').text).toBe(
      'Please rate how we did.\n\nPlease reply with a number from 1 (bad) to 5 (excellent).',
    );
    expect(withChoicesAsText({ text: 'Rate us.', ratingRequest: { scale: 'like_dislike' as const } }, '').text).toBe('Rate us.\n\nPlease reply yes or no.');
  });

  it('leaves a plain text as it is', () => {
    expect(withChoicesAsText({ text: 'Hello' }, externalRequestText).text).toBe('Hello');
  });
});

describe('a typed answer to the rating request', () => {
  it('is a number of stars on a five-star line, yes and no its ends', () => {
    expect(parseRatingReply('5', 'five_stars')).toBe(5);
    expect(parseRatingReply(' 3. ', 'five_stars')).toBe(3);
    expect(parseRatingReply('★★', 'five_stars')).toBe(2);
    expect(parseRatingReply('Yes!', 'five_stars')).toBe(5);
    expect(parseRatingReply('no', 'five_stars')).toBe(1);
  });

  it('is a like or a dislike on a thumbs line, numbers read as the thanks texts read them', () => {
    expect(parseRatingReply('YES', 'like_dislike')).toBe('like');
    expect(parseRatingReply('👎', 'like_dislike')).toBe('dislike');
    expect(parseRatingReply('like', 'like_dislike')).toBe('like');
    expect(parseRatingReply('4', 'like_dislike')).toBe('like');
    expect(parseRatingReply('3', 'like_dislike')).toBe('dislike');
  });

  it('understands the Russian yes and no that a Russian line’s request offers', () => {
    expect(parseRatingReply('Да!', 'like_dislike')).toBe('like');
    expect(parseRatingReply('нет', 'like_dislike')).toBe('dislike');
    expect(parseRatingReply('ДА', 'five_stars')).toBe(5);
  });

  it('is read from the same answers on either scale', () => {
    for (const text of ['1', '5', '★', 'yes', 'No', '👍', '-', '6', 'ok', 'thanks']) {
      expect(parseRatingReply(text, 'five_stars') === null, text).toBe(parseRatingReply(text, 'like_dislike') === null);
    }
  });

  it('is nothing when it is an ordinary message', () => {
    for (const text of ['6', '0', '10', 'yes please, one more question', 'thanks', '', '1 2']) {
      expect(parseRatingReply(text, 'five_stars'), text).toBeNull();
      expect(parseRatingReply(text, 'like_dislike'), text).toBeNull();
    }
  });
});
