import { describe, expect, it } from 'vitest';
import { stripQuotedReply } from '../../domain/email-quotes';

describe('stripQuotedReply: what the operator sees of a reply', () => {
  it('drops Gmail\'s "On … wrote:" and the quoted history under it', () => {
    const mail = [
      'Yes, the parcel arrived yesterday. Thank you!',
      '',
      'On Tue, 1 Dec 2026 at 14:03, Acme Support <support@acme.test> wrote:',
      '> Hello Anna,',
      '> has your parcel arrived?',
      '>',
      '> Best regards, Tom',
    ].join('\n');
    expect(stripQuotedReply(mail)).toBe('Yes, the parcel arrived yesterday. Thank you!');
  });

  it('recognises an attribution line that the mail program wrapped over two lines', () => {
    const mail = ['Works now.', '', 'On Tue, Dec 1, 2026 at 2:03 PM Acme Support <', 'support@acme.test> wrote:', '', '> Try again please'].join('\n');
    expect(stripQuotedReply(mail)).toBe('Works now.');
  });

  it('drops Outlook\'s "-----Original Message-----" block', () => {
    const mail = [
      'Please cancel order 1042.',
      '',
      '-----Original Message-----',
      'From: Acme Support <support@acme.test>',
      'Sent: Tuesday, December 1, 2026 2:03 PM',
      'To: Anna <anna@client.test>',
      'Subject: Your order 1042',
      '',
      'Your order has shipped.',
    ].join('\r\n');
    expect(stripQuotedReply(mail)).toBe('Please cancel order 1042.');
  });

  it('drops Outlook\'s header block under a rule line, and one without the rule', () => {
    const ruled = ['Thanks!', '', '________________________________', 'From: Acme Support', 'Sent: 01 December 2026 14:03', 'To: Anna', 'Subject: Re: order', '', 'old text'].join('\n');
    expect(stripQuotedReply(ruled)).toBe('Thanks!');
    const bare = ['Thanks again!', '', 'From: Acme Support <support@acme.test>', 'Date: Tue, 1 Dec 2026 14:03', 'To: Anna', 'Subject: Re: order', '', 'old text'].join('\n');
    expect(stripQuotedReply(bare)).toBe('Thanks again!');
  });

  it('drops the "-- " signature and a phone\'s "Sent from my …"', () => {
    expect(stripQuotedReply('Where is my refund?\n\n-- \nAnna Petrova\nHead of Purchasing\n+1 555 0100')).toBe('Where is my refund?');
    expect(stripQuotedReply('Where is my refund?\n\nSent from my iPhone')).toBe('Where is my refund?');
  });

  it('keeps the client\'s own lines between inline quotes, and drops the quotes', () => {
    const mail = ['> What is your order number?', '1042', '> And the delivery address?', 'Main St 5, Springfield'].join('\n');
    expect(stripQuotedReply(mail)).toBe('1042\nMain St 5, Springfield');
  });

  it('keeps a text that only mentions "from:" or starts with "On" and is not an attribution', () => {
    const mail = 'On Monday I ordered two lamps.\nFrom: the shop page, item 7.\nOne is broken.';
    expect(stripQuotedReply(mail)).toBe(mail);
  });

  it('keeps the whole text when nothing but quotes is left (a forward without a word)', () => {
    const mail = '> Your order has shipped.\n> Tom';
    expect(stripQuotedReply(mail)).toBe(mail);
  });

  it('recognises German, French and Russian attributions', () => {
    expect(stripQuotedReply('Danke.\n\nAm 01.12.2026 um 14:03 schrieb Acme Support <support@acme.test>:\n> Hallo')).toBe('Danke.');
    expect(stripQuotedReply('Merci.\n\nLe mar. 1 déc. 2026 à 14:03, Acme <support@acme.test> a écrit :\n> Bonjour')).toBe('Merci.');
    expect(stripQuotedReply('Спасибо.\n\n01.12.2026 14:03, Acme Support пишет:\n> Здравствуйте')).toBe('Спасибо.');
  });
});
