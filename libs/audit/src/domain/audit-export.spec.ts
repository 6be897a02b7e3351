import { AuditException } from './audit.exception';
import { auditCsvRow, csvField } from './audit-export';
import { auditFilter } from './audit-filter';

describe('audit log files', () => {
  it('writes CSV fields a spreadsheet reads as text (RFC 4180, no formulas)', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'].map(csvField)).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", '"\'\rx"']);
    expect(csvField('a "quoted", line\nbreak')).toBe('"a ""quoted"", line\nbreak"');
    expect(csvField(null)).toBe('');
    expect(csvField('funds.create')).toBe('funds.create');
  });

  it('writes before and after as their JSON text, an absent one as nothing', () => {
    const row = { id: '7', at: new Date(Date.UTC(2026, 0, 5, 9, 30)), actorId: null, action: 'funds.update', entityType: 'fund', entityId: 'f', before: null, after: { name: 'A, "B"' }, requestId: null, prevHash: null, hash: 'h' };
    expect(auditCsvRow(row)).toBe('7,2026-01-05T09:30:00.000Z,,funds.update,fund,f,,"{""name"":""A, \\""B\\""""}",,,h\r\n');
  });

  it('checks a filter before it is asked', () => {
    expect(auditFilter({ from: '2026-01-01', to: '', action: 'ledger.', actorId: 'ABCDEF01-0000-4000-8000-000000000001' })).toEqual({ from: '2026-01-01', to: null, action: 'ledger.', entityType: null, entityId: null, actorId: 'abcdef01-0000-4000-8000-000000000001' });
    const refused = (input: Record<string, unknown>) => {
      try {
        auditFilter(input);
      } catch (error) {
        return (error as AuditException).details;
      }
      throw new Error('accepted');
    };
    expect(refused({ from: '2026-02-29' })).toEqual([{ field: 'from', problem: 'audit.filter.dayNotReal' }]);
    expect(refused({ from: '2026-03-02', to: '2026-03-01' })).toEqual([{ field: 'to', problem: 'audit.filter.endsBeforeStart' }]);
    expect(refused({ action: 'funds%' })).toEqual([{ field: 'action', problem: 'audit.filter.actionInvalid' }]);
    expect(refused({ action: ['a', 'b'] })).toEqual([{ field: 'action', problem: 'audit.filter.actionInvalid' }]);
    expect(refused({ actorId: 'me' })).toEqual([{ field: 'actorId', problem: 'audit.filter.actorInvalid' }]);
  });
});
