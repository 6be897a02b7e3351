import { createHash } from 'node:crypto';
import { Translator } from '@commonpurse/kernel';
import { GRANT_CONDITIONS, GRANT_CONDITIONS_VERSION, grantOfferText, offerTerms, type GrantOfferTerms } from './grant-offer';
import { LedgerException } from './ledger.exception';
import { checkTranches, MAX_TRANCHES, trancheSchedule } from './tranches';

const AWARD = { amountPence: 1_500_00, awardedOn: '2027-03-01' };

/** The refusal's one field problem, or a failure if nothing was refused. */
function refusal(run: () => unknown): { field: string; problem: string; params?: Record<string, string | number> } {
  try {
    run();
  } catch (error) {
    if (error instanceof LedgerException) return error.details[0] as { field: string; problem: string; params?: Record<string, string | number> };
    throw error;
  }
  throw new Error('not refused');
}

describe('tranche schedules', () => {
  it('number the tranches in order when they add up to the award, fall due in order and none before it', () => {
    expect(checkTranches(AWARD, [{ amountPence: 1_000_00, dueOn: '2027-03-01' }, { amountPence: 500_00, dueOn: '2027-09-01' }])).toEqual([
      { seq: 1, amountPence: 1_000_00, dueOn: '2027-03-01', onAcceptance: false },
      { seq: 2, amountPence: 500_00, dueOn: '2027-09-01', onAcceptance: false },
    ]);
  });

  it('refuse a schedule that does not add up to exactly the award, saying both sums', () => {
    expect(refusal(() => checkTranches(AWARD, [{ amountPence: 1_000_00, dueOn: '2027-04-01' }, { amountPence: 499_99, dueOn: '2027-05-01' }]))).toEqual({
      field: 'tranches',
      problem: 'ledger.tranches.sumMismatch',
      params: { total: '£1,499.99', award: '£1,500' },
    });
    expect(refusal(() => checkTranches(AWARD, [{ amountPence: 1_500_01, dueOn: '2027-04-01' }])).field).toBe('tranches');
  });

  it('name the tranche at fault: its amount, a day that is not real, out of order, or before the award', () => {
    for (const amountPence of [0, -100, 1.5, Number.MAX_SAFE_INTEGER + 1]) {
      expect(refusal(() => checkTranches(AWARD, [{ amountPence: 1_500_00, dueOn: '2027-04-01' }, { amountPence, dueOn: '2027-05-01' }]))).toMatchObject({ field: 'tranches.1.amountPence', problem: 'ledger.amountInvalid' });
    }
    expect(refusal(() => checkTranches(AWARD, [{ amountPence: 1_500_00, dueOn: '2027-02-30' }]))).toMatchObject({ field: 'tranches.0.dueOn', problem: 'ledger.date.notReal' });
    expect(refusal(() => checkTranches(AWARD, [{ amountPence: 1_500_00, dueOn: '2027-02-28' }]))).toEqual({ field: 'tranches.0.dueOn', problem: 'ledger.date.tooEarly', params: { notBefore: '2027-03-01' } });
    const outOfOrder = [{ amountPence: 500_00, dueOn: '2027-06-01' }, { amountPence: 500_00, dueOn: '2027-09-01' }, { amountPence: 500_00, dueOn: '2027-09-01' }];
    expect(refusal(() => checkTranches(AWARD, outOfOrder))).toEqual({ field: 'tranches.2.dueOn', problem: 'ledger.tranches.outOfOrder', params: { previous: '2027-09-01' } });
  });

  it('have at least one tranche and at most MAX_TRANCHES', () => {
    expect(refusal(() => checkTranches(AWARD, []))).toMatchObject({ field: 'tranches', problem: 'ledger.tranches.count' });
    const many = Array.from({ length: MAX_TRANCHES + 1 }, (_, i) => ({ amountPence: 100, dueOn: `2027-04-${String(i + 1).padStart(2, '0')}` }));
    expect(refusal(() => checkTranches({ amountPence: 100 * many.length, awardedOn: AWARD.awardedOn }, many))).toMatchObject({ field: 'tranches', problem: 'ledger.tranches.count' });
    expect(checkTranches({ amountPence: 100 * MAX_TRANCHES, awardedOn: AWARD.awardedOn }, many.slice(0, MAX_TRANCHES))).toHaveLength(MAX_TRANCHES);
  });

  it('default to the whole award due on acceptance, dated once it is accepted', () => {
    expect(trancheSchedule(AWARD, [], null)).toEqual([{ seq: 1, amountPence: 1_500_00, dueOn: null, onAcceptance: true }]);
    expect(trancheSchedule(AWARD, [], '2027-03-05')).toEqual([{ seq: 1, amountPence: 1_500_00, dueOn: '2027-03-05', onAcceptance: true }]);
    expect(trancheSchedule(AWARD, [{ seq: 2, amountPence: 500_00, dueOn: '2027-09-01' }, { seq: 1, amountPence: 1_000_00, dueOn: '2027-04-01' }], '2027-03-05').map((t) => t.seq)).toEqual([1, 2]);
  });
});

describe('the grant offer', () => {
  const translator = Translator.instance();
  const terms: GrantOfferTerms = {
    awardId: '00000000-0000-4000-8000-0000000000bb',
    amountPence: 1_500_00,
    tranches: checkTranches(AWARD, [{ amountPence: 1_000_00, dueOn: '2027-04-01' }, { amountPence: 500_00, dueOn: '2027-09-01' }]),
    funders: ['Bristol City Council', 'Harbour Trust'],
    organisationName: 'Easton Young Gardeners',
    projectTitle: 'Grow your own',
  };

  it('says the amount, the project, the funders, each tranche and every condition, in order, and hashes exactly that text', () => {
    const offer = grantOfferText(terms, 'en', translator.forLanguage('en'));
    expect(offer.text.split('\n')).toEqual([
      'Easton Young Gardeners is offered a grant of £1,500 for the project “Grow your own”.',
      `Award reference: ${terms.awardId}`,
      'Who the money comes from',
      'Bristol City Council',
      'Harbour Trust',
      'When the money is paid',
      '£1,000, due on 1 April 2027',
      '£500, due on 1 September 2027',
      'The conditions of the grant (version 1)',
      ...GRANT_CONDITIONS[1].map((key) => translator.translate('en', `ledger.offer.conditions.v1.${key}`)),
    ]);
    expect(offer.sha256).toBe(createHash('sha256').update(offer.text, 'utf8').digest('hex'));
    expect(offer).toMatchObject({ language: 'en', conditionsVersion: GRANT_CONDITIONS_VERSION });
    // The page shows the parts; joined, they are the text hashed.
    expect([offer.summary, offer.reference, ...offer.sections.flatMap((s) => [s.heading, ...s.lines])].join('\n')).toBe(offer.text);
  });

  it('has the text of every condition in English and Welsh', () => {
    for (const [version, keys] of Object.entries(GRANT_CONDITIONS)) {
      for (const key of keys) {
        const path = `ledger.offer.conditions.v${version}.${key}`;
        expect(translator.translate('en', path)).not.toBe(path);
        expect(translator.translate('cy', path)).not.toBe(translator.translate('en', path));
      }
    }
    expect(GRANT_CONDITIONS[GRANT_CONDITIONS_VERSION]).toHaveLength(6);
  });

  it('reads differently in Welsh, dates and all, so its hash does too', () => {
    const en = grantOfferText(terms, 'en', translator.forLanguage('en'));
    const cy = grantOfferText(terms, 'cy', translator.forLanguage('cy'));
    expect(cy.text).toContain('1 Ebrill 2027');
    expect(cy.text).toContain('Easton Young Gardeners');
    expect(cy.sha256).not.toBe(en.sha256);
  });

  it('changes its hash with any term, and keeps it for the default tranche once accepted', () => {
    const t = translator.forLanguage('en');
    const hash = (changed: Partial<GrantOfferTerms>) => grantOfferText({ ...terms, ...changed }, 'en', t).sha256;
    const base = hash({});
    expect(hash({ amountPence: 1_500_01 })).not.toBe(base);
    expect(hash({ projectTitle: 'Grow your own!' })).not.toBe(base);
    expect(hash({ funders: ['Bristol City Council'] })).not.toBe(base);
    expect(hash({ tranches: checkTranches(AWARD, [{ amountPence: 1_000_00, dueOn: '2027-04-02' }, { amountPence: 500_00, dueOn: '2027-09-01' }]) })).not.toBe(base);
    const offered = hash({ tranches: trancheSchedule(AWARD, [], null) });
    expect(hash({ tranches: trancheSchedule(AWARD, [], '2027-03-05') })).toBe(offered);
    expect(grantOfferText({ ...terms, tranches: trancheSchedule(AWARD, [], null) }, 'en', t).text).toContain('£1,500, due when the offer is accepted');
  });

  it('keeps each line on one line, whatever the names hold', () => {
    const offer = grantOfferText({ ...terms, organisationName: ' Easton\nYoung   Gardeners ', funders: ['Bristol\r\nCity Council'] }, 'en', translator.forLanguage('en'));
    expect(offer.text.split('\n')[0]).toBe('Easton Young Gardeners is offered a grant of £1,500 for the project “Grow your own”.');
    expect(offer.text.split('\n')).toContain('Bristol City Council');
  });

  it('lists only the funders whose money the award is, in the order given', () => {
    const wording = { organisationName: 'Org', projectTitle: 'P', funders: [{ organisationId: 'council', name: 'Council' }, { organisationId: 'trust', name: 'Trust' }, { organisationId: 'bank', name: 'Bank' }] };
    const award = { id: 'a', amountPence: 100, tranches: trancheSchedule({ amountPence: 100 }, [], null), fundedBy: [{ organisationId: 'bank' }, { organisationId: 'council' }] };
    expect(offerTerms(award, wording)).toMatchObject({ awardId: 'a', funders: ['Council', 'Bank'], organisationName: 'Org', projectTitle: 'P' });
  });
});
