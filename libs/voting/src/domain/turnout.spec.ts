import { ageBand, turnout, type TurnoutVoter } from './turnout';

describe('who voted (turnout)', () => {
  const closesOn = '2026-06-15';
  const voter = (postcode: string | null, dateOfBirth: string | null, source: 'online' | 'paper' = 'online'): TurnoutVoter => ({ postcode, dateOfBirth, source });
  const many = (n: number, v: TurnoutVoter) => Array.from({ length: n }, () => v);

  it('puts each voter in their age band on the day the vote closes, a birthday counting on the day', () => {
    expect(ageBand('2010-06-15', closesOn, 16)).toBe('16-24');
    expect(ageBand('2010-06-16', closesOn, 12)).toBe('under-16');
    expect(ageBand('2001-06-16', closesOn, 16)).toBe('16-24');
    expect(ageBand('2001-06-15', closesOn, 16)).toBe('25-34');
    expect(ageBand('1991-06-15', closesOn, 16)).toBe('35-44');
    expect(ageBand('1981-06-15', closesOn, 16)).toBe('45-54');
    expect(ageBand('1971-06-15', closesOn, 16)).toBe('55-64');
    expect(ageBand('1961-06-16', closesOn, 16)).toBe('55-64');
    expect(ageBand('1961-06-15', closesOn, 16)).toBe('65+');
    expect(ageBand('1910-01-01', closesOn, 16)).toBe('65+');
  });

  it('does not know the age of a voter with no date of birth, or one too young to have voted (it was changed since)', () => {
    expect(ageBand(null, closesOn, 16)).toBeNull();
    expect(ageBand('2010-06-16', closesOn, 16)).toBeNull();
    expect(ageBand('2026-07-01', closesOn, 12)).toBeNull();
  });

  it('counts ballots online and on paper, by postcode district and by age band', () => {
    const voters = [...many(6, voter('BS5 6XY', '1990-01-01')), ...many(5, voter('bs16 1aa', '1950-01-01', 'paper')), ...many(7, voter('BS2 0AA', '2000-01-01'))];
    expect(turnout(voters, { closesOn, minimumAge: 16, districts: ['BS5'] })).toEqual({
      ballots: 18,
      online: 13,
      paper: 5,
      byDistrict: [
        { district: 'BS2', ballots: 7 },
        { district: 'BS5', ballots: 6 },
        { district: 'BS16', ballots: 5 },
      ],
      byAge: [
        { band: '16-24', ballots: 0 },
        { band: '25-34', ballots: 7 },
        { band: '35-44', ballots: 6 },
        { band: '45-54', ballots: 0 },
        { band: '55-64', ballots: 0 },
        { band: '65+', ballots: 5 },
      ],
      agesOn: closesOn,
      withheldBelow: 5,
    });
  });

  it('shows a district where nobody voted as 0, and voters with no postcode or age as not known, last', () => {
    const voters = [...many(5, voter(null, null)), ...many(5, voter('not a postcode', '1990-01-01'))];
    const t = turnout(voters, { closesOn, minimumAge: 16, districts: ['BS5', 'BS1'] });
    expect(t.byDistrict).toEqual([
      { district: 'BS1', ballots: 0 },
      { district: 'BS5', ballots: 0 },
      { district: null, ballots: 10 },
    ]);
    expect(t.byAge.at(-1)).toEqual({ band: null, ballots: 5 });
  });

  it('has an under-16 band only where the round lets younger people vote', () => {
    expect(turnout([], { closesOn, minimumAge: 16, districts: [] }).byAge.map((a) => a.band)).toEqual(['16-24', '25-34', '35-44', '45-54', '55-64', '65+']);
    const young = turnout(many(5, voter('BS5 6XY', '2012-01-01')), { closesOn, minimumAge: 12, districts: [] });
    expect(young.byAge[0]).toEqual({ band: 'under-16', ballots: 5 });
  });

  it('withholds groups of 1 to 4 ballots (shown as fewer than 5), keeping the total exact', () => {
    const voters = [...many(4, voter('BS5 6XY', '1990-01-01')), voter('BS6 1AA', '2012-01-01', 'paper'), ...many(5, voter('BS7 1AA', '1970-01-01'))];
    const t = turnout(voters, { closesOn, minimumAge: 16, districts: ['BS5', 'BS6', 'BS7', 'BS8'] });
    expect(t).toMatchObject({ ballots: 10, online: 9, paper: null });
    expect(t.byDistrict).toEqual([
      { district: 'BS5', ballots: null },
      { district: 'BS6', ballots: null },
      { district: 'BS7', ballots: 5 },
      { district: 'BS8', ballots: 0 },
    ]);
    expect(t.byAge).toContainEqual({ band: '35-44', ballots: null });
    expect(t.byAge).toContainEqual({ band: '55-64', ballots: 5 });
    expect(t.byAge.at(-1)).toEqual({ band: null, ballots: null });
  });
});
