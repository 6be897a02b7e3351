import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from './grant-role.command';
import { tally } from './tally.command';

describe('tally', () => {
  let dir: string;
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const pb = (rule: string | null, votes = ['1;a', '2;a,b', '3;']) =>
    ['META', 'key;value', 'budget;100', 'vote_type;approval', ...(rule ? [`rule;${rule}`] : []), 'PROJECTS', 'project_id;cost', 'a;60', 'b;50', 'VOTES', 'voter_id;vote', ...votes].join('\n');

  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'tally-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints one JSON object: the rule, the winners, the total cost and every explanation, first', () => {
    const out = JSON.parse(tally([write('greedy.pb', pb('greedy'))]));
    expect(Object.keys(out).slice(0, 4)).toEqual(['rule', 'selected', 'totalCost', 'explanations']);
    expect(out).toMatchObject({ rule: 'greedy', selected: ['a'], totalCost: '60', budget: '100', voters: 3 });
    expect(out.explanations).toEqual([expect.objectContaining({ projectId: 'a', reason: 'greedy' }), expect.objectContaining({ projectId: 'b', reason: 'budget-exhausted', needed: '10' })]);
    expect(out.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('takes --rule over the file’s META rule, in either spelling', () => {
    const file = write('either.pb', pb('greedy'));
    expect(JSON.parse(tally([file, '--rule', 'equalshares'])).rule).toBe('equalshares');
    expect(JSON.parse(tally(['--rule=equalshares/add1', file])).completion).toBeDefined();
  });

  it('refuses bad arguments, unknown or missing rules, and malformed files with the line and the problem', () => {
    const problem = (args: string[]) => {
      try {
        tally(args);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      throw new Error('no error');
    };
    expect(problem([])).toMatch(/^usage: tally FILE.pb/);
    expect(problem([join(dir, 'missing.pb')])).toMatch(/missing\.pb: cannot be read \(ENOENT\)/);
    expect(problem([write('a.pb', pb('greedy')), '--rule'])).toMatch(/--rule needs a rule/);
    expect(problem([write('b.pb', pb('greedy')), '--fast'])).toMatch(/unknown option "--fast"/);
    expect(problem([write('c.pb', pb('greedy')), '--rule', 'phragmen'])).toMatch(/unknown rule "phragmen": the rules are greedy, greedy-threshold, /);
    expect(problem([write('d.pb', pb('unknown'))])).toMatch(/unknown rule "unknown" \(META rule of .*d\.pb; give one with --rule\)/);
    expect(problem([write('e.pb', pb(null))])).toMatch(/e\.pb names no rule in META; give one with --rule/);
    const malformed = write('f.pb', pb('greedy', ['1;a', '2;c']));
    expect(problem([malformed])).toBe(`${malformed}: line 13: voter "2" votes for project "c", which is not in PROJECTS`);
    expect(problem([write('g.pb', pb('greedy-threshold'))])).toMatch(/g\.pb: greedy-threshold needs a threshold/);
  });
});
