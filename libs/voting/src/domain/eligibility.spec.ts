import { ageOn, checkDateOfBirth, lotsOpenTo, standing } from './eligibility';

describe('who may vote', () => {
  const voter = { postcode: 'BS5 6XY', dateOfBirth: '2010-06-15', confirmed: false };

  it('counts age in whole years, a birthday counting on the day', () => {
    expect(ageOn('2010-06-15', '2026-06-14')).toBe(15);
    expect(ageOn('2010-06-15', '2026-06-15')).toBe(16);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });

  it('lets in a resident old enough by the day the vote closes', () => {
    expect(standing(voter, true, 16, '2026-06-15', 'declaration')).toBe('eligible');
    expect(standing(voter, true, 16, '2026-06-14', 'declaration')).toBe('tooYoung');
  });

  it('says what is missing, in the order a person would put it right', () => {
    expect(standing({ ...voter, postcode: null }, false, 16, '2027-01-01', 'declaration')).toBe('noPostcode');
    expect(standing(voter, false, 16, '2027-01-01', 'declaration')).toBe('outsideArea');
    expect(standing({ ...voter, dateOfBirth: null }, true, 16, '2027-01-01', 'declaration')).toBe('noDateOfBirth');
    expect(standing(voter, true, 16, '2027-01-01', 'council-list')).toBe('notConfirmed');
    expect(standing({ ...voter, confirmed: true }, true, 16, '2027-01-01', 'council-list')).toBe('eligible');
  });

  it('refuses a date of birth in the future or past any lifetime', () => {
    expect(checkDateOfBirth('2027-01-01', '2026-12-01')).toBe('inFuture');
    expect(checkDateOfBirth('1900-01-01', '2026-12-01')).toBe('tooOld');
    expect(checkDateOfBirth('1990-05-05', '2026-12-01')).toBeNull();
  });
});

describe('one lot or every lot', () => {
  const lots = ['north', 'south', 'east'];
  it('opens every lot where the round allows every lot', () => {
    expect(lotsOpenTo('every', lots, 'north', ['south'])).toEqual(lots);
  });
  it('keeps a resident to the lot they voted in, else to their own area’s, else lets them choose', () => {
    expect(lotsOpenTo('one', lots, 'east', ['south'])).toEqual(['east']);
    expect(lotsOpenTo('one', lots, null, ['south'])).toEqual(['south']);
    expect(lotsOpenTo('one', lots, null, [])).toEqual(lots);
    // Placed in two areas at once (overlapping lots), or in one that is not a lot: their choice.
    expect(lotsOpenTo('one', lots, null, ['south', 'north'])).toEqual(lots);
    expect(lotsOpenTo('one', lots, null, ['west'])).toEqual(lots);
  });
});
