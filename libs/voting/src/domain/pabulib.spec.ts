import { type Election } from './election';
import { parsePabulib, writePabulib } from './pabulib';
import { PabulibFormatError, VotingErrorCode } from './voting.exception';

const file = (...lines: string[]) => lines.join('\n');

const APPROVAL = file(
  'META',
  'key;value',
  'description;A "test" district',
  'budget;1000.50',
  'vote_type;approval',
  'rule;greedy',
  'PROJECTS',
  'project_id;cost;votes;name;selected',
  '10;500;2;"Park; with ""benches""";1',
  'M/01/X;500.5;1;Library;0',
  'VOTES',
  'voter_id;vote;age',
  '1;10,M/01/X;34',
  '2; 10 ;',
  '3;;61',
);

/** The problem parsePabulib reports for `text`, or undefined when it reads it. */
function problemOf(text: string | Uint8Array): { line: number; problem: string } | undefined {
  try {
    parsePabulib(text);
    return undefined;
  } catch (error) {
    if (!(error instanceof PabulibFormatError)) throw error;
    expect(error.code).toBe(VotingErrorCode.MalformedFile);
    expect(error.message).toBe(`line ${error.line}: ${error.problem}`);
    return { line: error.line, problem: error.problem };
  }
}

describe('parsePabulib', () => {
  it('reads META, PROJECTS and VOTES: ids as text, amounts as written, other columns kept', () => {
    const election = parsePabulib(APPROVAL);
    expect(election.budget).toBe('1000.50');
    expect(election.voteType).toBe('approval');
    expect(election.meta).toEqual({ description: 'A "test" district', budget: '1000.50', vote_type: 'approval', rule: 'greedy' });
    expect(election.projects).toEqual([
      { id: '10', cost: '500', fields: { votes: '2', name: 'Park; with "benches"', selected: '1' } },
      { id: 'M/01/X', cost: '500.5', fields: { votes: '1', name: 'Library', selected: '0' } },
    ]);
    expect(election.ballots).toEqual([
      { voterId: '1', projects: ['10', 'M/01/X'], fields: { age: '34' } },
      { voterId: '2', projects: ['10'], fields: { age: '' } },
      // An empty ballot is still a voter.
      { voterId: '3', projects: [], fields: { age: '61' } },
    ]);
  });

  it('strips a byte order mark, takes CRLF line ends and bytes as well as text', () => {
    const crlf = `\uFEFF${APPROVAL.replace(/\n/g, '\r\n')}\r\n`;
    expect(parsePabulib(crlf)).toEqual(parsePabulib(APPROVAL));
    expect(parsePabulib(new TextEncoder().encode(crlf))).toEqual(parsePabulib(APPROVAL));
  });

  it('reads quoted fields that run over several lines, and counts lines right after them', () => {
    const text = APPROVAL.replace('"Park; with ""benches"""', '"Park,\nwith\nbenches"').replace('3;;61', '3;nope;61');
    expect(problemOf(text)).toEqual({ line: 17, problem: 'voter "3" votes for project "nope", which is not in PROJECTS' });
    expect(parsePabulib(APPROVAL.replace('"Park; with ""benches"""', '"Park,\nwith\nbenches"')).projects[0].fields?.name).toBe('Park,\nwith\nbenches');
  });

  it('reads points for cumulative ballots', () => {
    const text = file('META', 'key;value', 'budget;100', 'vote_type;cumulative', 'PROJECTS', 'project_id;cost', 'a;10', 'b;20', 'VOTES', 'voter_id;vote;points', 'x;a,b;2,1', 'y;;');
    expect(parsePabulib(text).ballots).toEqual([
      { voterId: 'x', projects: ['a', 'b'], points: ['2', '1'] },
      { voterId: 'y', projects: [], points: [] },
    ]);
  });

  describe('names the line and the problem in a malformed file', () => {
    const lines = APPROVAL.split('\n');
    const edit = (at: number, line: string | null) => lines.flatMap((l, i) => (i === at - 1 ? (line === null ? [] : [line]) : [l])).join('\n');
    const cases: Array<[string, string | Uint8Array, number, string | RegExp]> = [
      ['text before META', `hello\n${APPROVAL}`, 1, 'text before the META section'],
      ['no budget', edit(4, null), 1, 'META has no "budget"'],
      ['a budget that is not a number', edit(4, 'budget;1 000'), 4, 'the budget "1 000" is not a non-negative decimal number'],
      ['no vote type', edit(5, null), 1, 'META has no "vote_type"'],
      ['a META key twice', edit(6, 'budget;5'), 6, 'META "budget" given twice (first on line 4)'],
      ['a row with too few fields', edit(10, 'M/01/X;500.5;1;Library'), 10, 'a PROJECTS row with 4 fields where the header has 5'],
      ['a project twice', edit(10, '10;500;1;Again;0'), 10, 'project "10" listed twice (first on line 9)'],
      ['a cost that is not a number', edit(10, 'M/01/X;-5;1;Library;0'), 10, 'project "M/01/X" has cost "-5", not a non-negative decimal number'],
      ['no cost column', edit(8, 'project_id;price;votes;name;selected'), 8, 'the PROJECTS header has no "cost" column'],
      ['a column twice', edit(12, 'voter_id;vote;vote'), 12, 'column "vote" twice in the VOTES header'],
      ['a vote for an unknown project', edit(14, '2;11;'), 14, 'voter "2" votes for project "11", which is not in PROJECTS'],
      ['a project twice on a ballot', edit(14, '2;10,10;'), 14, 'voter "2" votes for project "10" twice'],
      ['a voter twice', edit(15, '1;;61'), 15, 'voter "1" voted twice (first on line 13)'],
      ['no VOTES section', lines.slice(0, 10).join('\n'), 10, 'no VOTES section'],
      ['a section without its header', lines.slice(0, 11).join('\n'), 11, 'the VOTES section has no header row'],
      ['sections out of order', file('META', 'key;value', 'budget;1', 'vote_type;approval', 'VOTES', 'voter_id;vote'), 5, 'VOTES section where PROJECTS was expected (the order is META, PROJECTS, VOTES)'],
      ['a section twice', `${APPROVAL}\nPROJECTS`, 16, 'a second PROJECTS section'],
      ['a section without a header', file('META', 'key;value', 'budget;1', 'vote_type;approval', 'PROJECTS'), 5, 'the PROJECTS section has no header row'],
      ['a quote never closed', edit(9, '10;500;2;"Park;1'), 9, 'a quoted field is never closed'],
      ['text after a closing quote', edit(9, '10;500;2;"Park"s;1'), 9, /text after the closing quote/],
      ['not UTF-8', new Uint8Array([...new TextEncoder().encode(file('META', 'key;value', 'description;caf')), 0xe9, 0x0a]), 3, 'not valid UTF-8'],
    ];
    it.each(cases)('%s', (_, text, line, problem) => {
      const found = problemOf(text);
      expect(found?.line).toBe(line);
      if (typeof problem === 'string') expect(found?.problem).toBe(problem);
      else expect(found?.problem).toMatch(problem);
    });

    it('points that do not match the projects', () => {
      const text = file('META', 'key;value', 'budget;100', 'vote_type;cumulative', 'PROJECTS', 'project_id;cost', 'a;10', 'VOTES', 'voter_id;vote;points', 'x;a;2,1', 'y;a;two');
      expect(problemOf(text)).toEqual({ line: 10, problem: 'voter "x" has 1 projects but 2 points' });
      expect(problemOf(text.replace('x;a;2,1', 'x;a;2'))).toEqual({ line: 11, problem: 'voter "y" gives "two" points, not a non-negative number' });
      expect(problemOf(text.replace('voter_id;vote;points', 'voter_id;vote'))).toMatchObject({ line: 9, problem: 'the VOTES header has no "points" column' });
    });
  });
});

describe('writePabulib', () => {
  it('writes what parsePabulib reads back the same, quoting only where it must', () => {
    const election = parsePabulib(APPROVAL);
    const written = writePabulib(election);
    expect(written).toContain('10;500;2;"Park; with ""benches""";1\n');
    expect(written).toContain('3;;61\n');
    expect(parsePabulib(written)).toEqual(election);
  });

  it('round-trips awkward text: separators, quotes, line breaks, section names as data, cumulative points', () => {
    const election: Election = {
      meta: { budget: '50', vote_type: 'cumulative', description: 'line one\nline "two"; and three', note: 'VOTES' },
      budget: '50',
      voteType: 'cumulative',
      projects: [
        { id: 'META', cost: '10.25', fields: { name: 'projects' } },
        { id: 'p;2', cost: '0', fields: { name: ' spaced ' } },
      ],
      ballots: [
        { voterId: 'votes', projects: ['META', 'p;2'], points: ['3', '1.5'], fields: { area: 'north;east' } },
        { voterId: 'b', projects: [], points: [], fields: { area: '' } },
      ],
    };
    expect(parsePabulib(writePabulib(election))).toEqual(election);
  });
});
