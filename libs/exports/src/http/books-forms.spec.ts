import { onForm, readPayment, readTranches } from './books-forms';

const tranche = (seq: number, paid: boolean, onAcceptance = false) => ({ seq, amountPence: 500_00, dueOn: '2027-06-01', onAcceptance, paid, payment: null });

describe('the books’ money forms', () => {
  it('reads the filled tranche rows only, and files the ledger’s problems under the rows as the manager numbered them', () => {
    const form = readTranches({ 'tranches-1-amount': '1,500', 'tranches-1-dueOn-day': '1', 'tranches-1-dueOn-month': '6', 'tranches-1-dueOn-year': '2027', 'tranches-2-amount': ' ', 'tranches-3-amount': '500.5', 'tranches-3-dueOn-day': '1', 'tranches-3-dueOn-month': '9', 'tranches-3-dueOn-year': '2027' });
    expect(form.problems).toEqual([]);
    expect(form.tranches).toEqual([
      { amountPence: 1_500_00, dueOn: '2027-06-01' },
      { amountPence: 500_50, dueOn: '2027-09-01' },
    ]);
    const problems = onForm([{ field: 'tranches.1.dueOn', problem: 'ledger.tranches.outOfOrder' }, { field: 'tranches', problem: 'ledger.tranches.sumMismatch' }, { field: 'award', problem: 'ledger.award.withdrawn' }], form.boxes, 'tranches');
    expect(problems.map((p) => p.field)).toEqual(['tranches-3-dueOn-day', 'tranches', 'tranches']);
  });

  it('names each box of a half-filled row, and asks for a tranche when every row is empty', () => {
    expect(readTranches({ 'tranches-2-dueOn-year': '2027' }).problems.map((p) => p.field)).toEqual(['tranches-2-amount', 'tranches-2-dueOn-day']);
    expect(readTranches({}).problems).toEqual([{ field: 'tranches', problem: 'exports.manage.tranches.none' }]);
  });

  it('asks which tranche a payment pays only while scheduled tranches are unpaid, and takes “none of them” as no tranche', () => {
    const body = { amount: '500', 'paidOn-day': '2', 'paidOn-month': '6', 'paidOn-year': '2027', reference: ' BACS-1 ' };
    const scheduled = { tranches: [tranche(1, true), tranche(2, false)] };
    expect(readPayment(body, scheduled).problems).toEqual([{ field: 'trancheSeq', problem: 'exports.manage.payment.trancheMissing' }]);
    // A paid tranche is not one to choose.
    expect(readPayment({ ...body, trancheSeq: '1' }, scheduled).problems.map((p) => p.field)).toEqual(['trancheSeq']);
    expect(readPayment({ ...body, trancheSeq: '2' }, scheduled).fields).toEqual({ amountPence: 500_00, paidOn: '2027-06-02', reference: 'BACS-1', trancheSeq: 2 });
    expect(readPayment({ ...body, trancheSeq: 'none' }, scheduled).fields.trancheSeq).toBeUndefined();
    // The default schedule (the whole award on acceptance) is not a choice.
    expect(readPayment(body, { tranches: [tranche(1, false, true)] })).toMatchObject({ problems: [], fields: { trancheSeq: undefined } });
  });

  it('reads pounds and the three date boxes, naming what is wrong with each', () => {
    const form = readPayment({ amount: '12.345', 'paidOn-day': '30', 'paidOn-month': '2', 'paidOn-year': '2027', reference: '' }, { tranches: [] });
    expect(form.problems).toEqual([
      { field: 'amount', problem: 'exports.manage.amountProblem.tooManyDecimals' },
      { field: 'paidOn-day', problem: 'exports.manage.dateProblem.notReal' },
      { field: 'reference', problem: 'ledger.payment.referenceRequired' },
    ]);
    expect(onForm([{ field: 'paidOn', problem: 'ledger.date.future' }], form.boxes, 'amount')).toEqual([{ field: 'paidOn-day', problem: 'ledger.date.future' }]);
  });
});
