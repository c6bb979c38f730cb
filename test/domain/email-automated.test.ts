import { describe, expect, it } from 'vitest';
import { isAutomatedMail } from '../../domain/email-automated';

const person = { fromAddress: 'anna@client.test', contentType: 'text/plain; charset=utf-8' };
const headers = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('isAutomatedMail: auto-replies and bounces open no dialog', () => {
  it('lets a person\'s mail through, including one that says Auto-Submitted: no', () => {
    expect(isAutomatedMail({ ...person, headers: headers({ subject: 'Order 1042' }) })).toBe(false);
    expect(isAutomatedMail({ ...person, headers: headers({ 'auto-submitted': 'no' }) })).toBe(false);
  });

  it('catches out-of-office replies by Auto-Submitted, X-Autoreply and Precedence', () => {
    expect(isAutomatedMail({ ...person, headers: headers({ 'auto-submitted': 'auto-replied' }) })).toBe(true);
    expect(isAutomatedMail({ ...person, headers: headers({ 'auto-submitted': 'auto-generated' }) })).toBe(true);
    expect(isAutomatedMail({ ...person, headers: headers({ 'x-autoreply': 'yes' }) })).toBe(true);
    expect(isAutomatedMail({ ...person, headers: headers({ precedence: 'auto_reply' }) })).toBe(true);
    expect(isAutomatedMail({ ...person, headers: headers({ precedence: 'bulk' }) })).toBe(true);
  });

  it('catches bounces: a delivery-status report, MAILER-DAEMON, the null return path', () => {
    expect(isAutomatedMail({ fromAddress: 'anna@client.test', contentType: 'multipart/report; report-type=delivery-status; boundary="b1"', headers: headers({}) })).toBe(true);
    expect(isAutomatedMail({ ...person, fromAddress: 'MAILER-DAEMON@mx.client.test', headers: headers({}) })).toBe(true);
    expect(isAutomatedMail({ ...person, headers: headers({ 'return-path': '< >' }) })).toBe(true);
  });
});
