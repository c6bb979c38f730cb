import { describe, expect, it } from 'vitest';
import { describeKpiAlert, formatLimit, kpiAlertRecipients } from '../../domain/kpi';

describe('KPI alerts', () => {
  it('read as one line naming the dialog, its line, what is overdue and the limit', () => {
    expect(describeKpiAlert({ dialogId: 42, lineName: 'Website', violation: 'first_answer', limitMinutes: 5 })).toBe(
      'Dialog #42 (Website): first answer overdue — limit 5 min',
    );
    expect(describeKpiAlert({ dialogId: 7, lineName: null, violation: 'further_answer', limitMinutes: 120 })).toBe('Dialog #7: further answer overdue — limit 2 h');
  });

  it('show limits the way the line editor does', () => {
    expect([1, 59, 60, 95, 1440].map(formatLimit)).toEqual(['1 min', '59 min', '1 h', '1 h 35 min', '1 day']);
  });

  it('go to the operator first, then each listed user once', () => {
    expect(kpiAlertRecipients('op', ['boss', 'op', 'lead', 'boss'])).toEqual(['op', 'boss', 'lead']);
    expect(kpiAlertRecipients(null, ['boss'])).toEqual(['boss']);
  });
});
