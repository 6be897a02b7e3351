import { batchStatus, compareKeyings, keyedSheets, parseSheetLines, type KeyedSheet } from './paper-batch';

const projects = [
  { id: 'p1', reference: 'WW-001' },
  { id: 'p2', reference: 'WW-002' },
  { id: 'p3', reference: 'WW-003' },
  { id: 'p4', reference: null },
];

/** Lines read and checked against the paper, as a keyer's form would be. */
function keyed(method: Parameters<typeof keyedSheets>[0], text: string) {
  const { sheets, problems } = parseSheetLines(text);
  expect(problems).toEqual([]);
  const result = keyedSheets(method, projects, sheets);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.sheets;
}

describe('keying a batch of paper ballots', () => {
  it('reads one sheet a line, however the items are separated, skipping blank lines', () => {
    const { sheets, problems } = parseSheetLines('1, jo@example.org, WW-001 WW-003\n\n  2;Sam@Example.org;ww-002\t\r\n3 ali@example.org\n');
    expect(problems).toEqual([]);
    expect(sheets).toEqual([
      { line: 1, sheet: 1, email: 'jo@example.org', choices: [{ reference: 'WW-001', points: null }, { reference: 'WW-003', points: null }] },
      { line: 3, sheet: 2, email: 'Sam@Example.org', choices: [{ reference: 'ww-002', points: null }] },
      { line: 4, sheet: 3, email: 'ali@example.org', choices: [] },
    ]);
  });

  it('names the line that does not start with a sheet number, and reads the rest', () => {
    const { sheets, problems } = parseSheetLines('one, jo@example.org, WW-001\n0, jo@example.org\n3\n5, al@example.org, WW-002:x');
    expect(problems).toEqual([
      { line: 1, problem: 'sheetNumber' },
      { line: 2, problem: 'sheetNumber' },
    ]);
    expect(sheets).toEqual([
      { line: 3, sheet: 3, email: '', choices: [] },
      { line: 4, sheet: 5, email: 'al@example.org', choices: [{ reference: 'WW-002', points: NaN }] },
    ]);
  });

  it('finds each reference on the ballot paper in any case, keeping the order typed, and keeps the line as typed', () => {
    expect(keyed('ranked', '7, Jo@Example.org, ww-003 WW-001')).toEqual([{ line: 1, sheet: 7, email: 'jo@example.org', choices: [{ projectId: 'p3' }, { projectId: 'p1' }], text: '7, Jo@Example.org, WW-003 WW-001' }]);
    expect(keyed('cumulative', '1, jo@example.org, WW-001:3, WW-002:0')[0].choices).toEqual([
      { projectId: 'p1', points: 3 },
      { projectId: 'p2', points: 0 },
    ]);
  });

  it('names every line whose references or points are wrong, and a sheet number used twice', () => {
    const { sheets } = parseSheetLines('1, a@example.org, WW-009\n2, b@example.org, WW-001 ww-001\n1, c@example.org, WW-002\n3, d@example.org, WW-002:2\n4, WW-001\n5, e@example');
    expect(keyedSheets('approval', projects, sheets)).toEqual({
      ok: false,
      problems: [
        { line: 1, problem: 'projectUnknown', reference: 'WW-009' },
        { line: 2, problem: 'projectTwice', reference: 'WW-001' },
        { line: 3, problem: 'sheetTwice', sheet: 1, first: 1 },
        { line: 4, problem: 'pointsNotAsked', reference: 'WW-002' },
        { line: 5, problem: 'email' },
        { line: 6, problem: 'email' },
      ],
    });
    const points = parseSheetLines('1, a@example.org, WW-001 WW-002:x\n2, b@example.org, WW-003:2').sheets;
    expect(keyedSheets('cumulative', projects, points)).toEqual({
      ok: false,
      problems: [
        { line: 1, problem: 'pointsMissing', reference: 'WW-001' },
        { line: 1, problem: 'pointsNotWhole', reference: 'WW-002' },
      ],
    });
  });

  it('refuses a project without a reference: staff cannot type what the paper does not print', () => {
    expect(keyedSheets('approval', projects, [{ line: 1, sheet: 1, email: 'a@example.org', choices: [{ reference: 'p4', points: null }] }])).toMatchObject({ ok: false, problems: [{ problem: 'projectUnknown' }] });
  });
});

describe('comparing two keyings', () => {
  it('agrees on the same sheets, emails in any case and ticks in any order', () => {
    const first = keyed('approval', '1, jo@example.org, WW-001 WW-003\n2, sam@example.org, WW-002');
    const second = keyed('approval', '2, SAM@example.org, WW-002\n1, jo@example.org, WW-003, WW-001');
    expect(compareKeyings('approval', first, second)).toEqual([]);
    expect(batchStatus('approval', false, [{ sheets: first }, { sheets: second }])).toBe('agreed');
  });

  it('lists each sheet that differs, in sheet order, with what each keyer typed', () => {
    const first = keyed('approval', '1, jo@example.org, WW-001\n2, sam@example.org, WW-002\n3, al@example.org, WW-003\n4, mo@example.org, WW-001');
    const second = keyed('approval', '1, jo@example.org, WW-001\n4, mo@example.org, WW-001\n3, al@example.com, WW-003\n2, sam@example.org, WW-003\n5, zed@example.org, WW-001');
    const mismatches = compareKeyings('approval', first, second);
    expect(mismatches.map((m) => [m.sheet, m.first?.text ?? null, m.second?.text ?? null])).toEqual([
      [2, '2, sam@example.org, WW-002', '2, sam@example.org, WW-003'],
      [3, '3, al@example.org, WW-003', '3, al@example.com, WW-003'],
      [5, null, '5, zed@example.org, WW-001'],
    ]);
    expect(batchStatus('approval', false, [{ sheets: first }, { sheets: second }])).toBe('mismatched');
  });

  it('counts the order on ranked ballots only, and points on cumulative ones', () => {
    const one = (method: 'ranked' | 'approval' | 'cumulative', text: string): KeyedSheet[] => keyed(method, text);
    expect(compareKeyings('ranked', one('ranked', '1, a@example.org, WW-001 WW-002'), one('ranked', '1, a@example.org, WW-002 WW-001'))).toHaveLength(1);
    expect(compareKeyings('approval', one('approval', '1, a@example.org, WW-001 WW-002'), one('approval', '1, a@example.org, WW-002 WW-001'))).toHaveLength(0);
    expect(compareKeyings('cumulative', one('cumulative', '1, a@example.org, WW-001:3'), one('cumulative', '1, a@example.org, WW-001:4'))).toHaveLength(1);
    expect(compareKeyings('cumulative', one('cumulative', '1, a@example.org, WW-001:3 WW-002:0'), one('cumulative', '1, a@example.org, WW-001:3'))).toHaveLength(0);
  });

  it('says where a batch stands', () => {
    const sheets = keyed('approval', '1, jo@example.org, WW-001');
    expect(batchStatus('approval', false, [])).toBe('unkeyed');
    expect(batchStatus('approval', false, [{ sheets }])).toBe('waitingForSecond');
    expect(batchStatus('approval', true, [{ sheets }, { sheets }])).toBe('committed');
  });
});
