import { nextDay, parseDayMonthYear, startOfUkDay, ukDay } from './calendar-date';
import { areaIncludes, parseAreas, slugify, uniqueSlug } from './fund-area';
import { parsePounds } from './money';
import { checkOrganisationIdentifier } from './organisation-identifier';

describe('checkOrganisationIdentifier', () => {
  it.each([
    ['GB-LAE-BST', 'GB-LAE-BST'],
    ['gb-lae-trf', 'GB-LAE-TRF'],
    [' GB-CHC-1110767 ', 'GB-CHC-1110767'],
    ['GB-CHC-220949', 'GB-CHC-220949'],
    ['GB-COH-01234567', 'GB-COH-01234567'],
    ['GB-COH-SC123456', 'GB-COH-SC123456'],
    ['GB-SC-SC012345', 'GB-SC-SC012345'],
    ['GB-LANI-BFS', 'GB-LANI-BFS'],
    ['360G-bristolcc-group-42', '360G-bristolcc-group-42'],
  ])('accepts %s', (input, identifier) => {
    expect(checkOrganisationIdentifier(input)).toMatchObject({ ok: true, identifier });
  });

  it.each([
    ['GB-XYZ-123', 'unknownPrefix'],
    ['Bristol City Council', 'unknownPrefix'],
    ['GB-CHC-12345', 'badNumber'],
    ['GB-CHC-12345678', 'badNumber'],
    ['GB-COH-1234567', 'badNumber'],
    ['GB-LAE-B1', 'badNumber'],
    ['GB-SC-012345', 'badNumber'],
  ])('refuses %s (%s)', (input, problem) => {
    expect(checkOrganisationIdentifier(input)).toMatchObject({ ok: false, problem });
  });
});

describe('parsePounds', () => {
  it.each([
    ['£1,250.50', 125050],
    ['1250.5', 125050],
    ['1250', 125000],
    ['0.01', 1],
    ['£2,000,000', 200000000],
  ])('reads %s as %i pence', (input, pence) => {
    expect(parsePounds(input)).toEqual({ ok: true, pence });
  });

  it.each([
    ['', 'notAnAmount'],
    ['ten pounds', 'notAnAmount'],
    ['-5', 'notAnAmount'],
    ['1.234', 'tooManyDecimals'],
    ['0', 'notPositive'],
    ['0.00', 'notPositive'],
    ['999999999999', 'tooLarge'],
  ])('refuses %s (%s)', (input, problem) => {
    expect(parsePounds(input)).toEqual({ ok: false, problem });
  });
});


describe('parseAreas', () => {
  it('reads wards with names and postcode districts, dropping repeats', () => {
    const result = parseAreas('E05001979 Ashley\ne05001980  Avonmouth and Lawrence Weston\nE05001979', 'bs1, BS2 bs16,CF10');
    expect(result).toEqual({
      ok: true,
      areas: [
        { kind: 'ward', code: 'E05001979', name: 'Ashley' },
        { kind: 'ward', code: 'E05001980', name: 'Avonmouth and Lawrence Weston' },
        { kind: 'postcode_district', code: 'BS1', name: null },
        { kind: 'postcode_district', code: 'BS2', name: null },
        { kind: 'postcode_district', code: 'BS16', name: null },
        { kind: 'postcode_district', code: 'CF10', name: null },
      ],
    });
  });

  it('names the bad entry', () => {
    expect(parseAreas('X05001979', '')).toEqual({ ok: false, field: 'wards', problem: 'funds.areas.badWard', value: 'X05001979' });
    expect(parseAreas('', 'BS1 5TR')).toEqual({ ok: false, field: 'postcodeDistricts', problem: 'funds.areas.badDistrict', value: '5TR' });
    expect(parseAreas(' ', ' ')).toEqual({ ok: false, field: 'areas', problem: 'funds.areas.none' });
  });
});

describe('areaIncludes', () => {
  const districts = [{ kind: 'postcode_district' as const, code: 'BS2', name: null }];
  it('takes in postcodes of its districts only', () => {
    expect(areaIncludes(districts, 'bs2 9aa')).toBe(true);
    expect(areaIncludes(districts, 'BS1 5TR')).toBe(false);
    expect(areaIncludes(districts, 'rubbish')).toBe(false);
  });

  it('cannot tell for a ward it has no lookup for', () => {
    expect(areaIncludes([...districts, { kind: 'ward', code: 'E05001979', name: 'Ashley' }], 'BS1 5TR')).toBeUndefined();
  });
});

describe('slugify', () => {
  it('makes a readable address from a name', () => {
    expect(slugify('Bristol Community Fund 2026')).toBe('bristol-community-fund-2026');
    expect(slugify('Cronfa Gymunedol Caerdydd – Ŵyl')).toBe('cronfa-gymunedol-caerdydd-wyl');
    expect(slugify('***')).toBe('fund');
  });
});

describe('parseDayMonthYear', () => {
  it('reads a real date', () => {
    expect(parseDayMonthYear('1', '4', '2026')).toEqual({ ok: true, date: '2026-04-01' });
    expect(parseDayMonthYear(' 29', '02 ', '2028')).toEqual({ ok: true, date: '2028-02-29' });
  });

  it('refuses an empty or impossible date', () => {
    expect(parseDayMonthYear('', '4', '2026')).toEqual({ ok: false, problem: 'missing' });
    expect(parseDayMonthYear('31', '4', '2026')).toEqual({ ok: false, problem: 'notReal' });
    expect(parseDayMonthYear('29', '2', '2026')).toEqual({ ok: false, problem: 'notReal' });
  });
});

describe('uniqueSlug', () => {
  it('numbers a slug that is taken', () => {
    expect(uniqueSlug('spring', [])).toBe('spring');
    expect(uniqueSlug('spring', ['spring', 'spring-2'])).toBe('spring-3');
  });
});

describe('UK days', () => {
  it('starts a winter day at midnight GMT and a summer day at midnight BST', () => {
    expect(startOfUkDay('2026-01-15').toISOString()).toBe('2026-01-15T00:00:00.000Z');
    expect(startOfUkDay('2026-07-15').toISOString()).toBe('2026-07-14T23:00:00.000Z');
  });

  it('names the UK day an instant falls on, GMT in winter and BST in summer, call after call', () => {
    expect(ukDay(new Date('2026-01-15T23:30:00Z'))).toBe('2026-01-15');
    expect(ukDay(new Date('2026-07-15T23:30:00Z'))).toBe('2026-07-16');
    expect(ukDay(new Date('2026-07-15T22:59:59Z'))).toBe('2026-07-15');
    expect(ukDay(new Date('2026-12-31T23:59:59Z'))).toBe('2026-12-31');
  });

  it('finds the next day across months and years', () => {
    expect(nextDay('2026-04-30')).toBe('2026-05-01');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
  });
});
