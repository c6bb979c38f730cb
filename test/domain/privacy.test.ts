import { describe, expect, it } from 'vitest';
import { contactExportFileName, eraseConfirmed, exportedFilePath, isRetentionEligible, retentionCutoff, retentionDaysSchema } from '../../domain/privacy';

describe('retention rules', () => {
  const now = new Date('2026-12-05T12:00:00Z');

  it('cuts off N whole days before now', () => {
    expect(retentionCutoff(now, 30).toISOString()).toBe('2026-11-05T12:00:00.000Z');
  });

  it('deletes only closed dialogs closed before the cut-off, never an open one', () => {
    const cutoff = retentionCutoff(now, 7);
    expect(isRetentionEligible({ status: 'closed', closed_at: new Date('2026-11-01T00:00:00Z') }, cutoff)).toBe(true);
    expect(isRetentionEligible({ status: 'closed', closed_at: new Date('2026-12-01T00:00:00Z') }, cutoff)).toBe(false);
    expect(isRetentionEligible({ status: 'in_work', closed_at: null }, cutoff)).toBe(false);
    expect(isRetentionEligible({ status: 'waiting', closed_at: new Date('2026-11-01T00:00:00Z') }, cutoff)).toBe(false);
  });

  it('takes a whole number of days, at least 1', () => {
    expect(retentionDaysSchema.parse(1)).toBe(1);
    expect(retentionDaysSchema.safeParse(0).error?.issues[0]?.message).toBe('must be at least 1');
    expect(retentionDaysSchema.safeParse(2.5).error?.issues[0]?.message).toBe('must be a whole number');
  });

  it('takes at most 36500 days (a hundred years), as the database does', () => {
    expect(retentionDaysSchema.parse(36_500)).toBe(36_500);
    expect(retentionDaysSchema.safeParse(40_000).error?.issues[0]?.message).toBe('must be at most 36500');
  });
});

describe('erase confirmation', () => {
  it('matches the contact label whatever the case and spacing', () => {
    expect(eraseConfirmed('Anna Petrova', '  anna   PETROVA ')).toBe(true);
    expect(eraseConfirmed('Anna Petrova', 'Anna')).toBe(false);
    expect(eraseConfirmed('Anna Petrova', '')).toBe(false);
  });
});

describe('export names', () => {
  it('names the archive by contact id and day only', () => {
    expect(contactExportFileName(42, new Date('2026-12-05T23:00:00Z'))).toBe('contact-42-2026-12-05.zip');
  });

  it('keeps file paths inside the archive and unique', () => {
    expect(exportedFilePath({ id: 7, name: '../../etc/passwd' })).toBe('files/7-__.._etc_passwd');
    expect(exportedFilePath({ id: 8, name: 'scan:1.pdf' })).toBe('files/8-scan_1.pdf');
    expect(exportedFilePath({ id: 9, name: '' })).toBe('files/9-file');
  });
});
