import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { resultDigest } from './digest';
import { type Election, isRule, RULES } from './election';
import { equalShares } from './equal-shares';
import { parsePabulib, writePabulib } from './pabulib';
import { profileOf } from './profile';
import { parseDecimal, Rational } from './rational';
import { allocate } from './tally';

/**
 * Every real election in ../shared/pb (pabulib files; see ALGORITHMS.md there) whose META rule is
 * one of ours must come out with exactly the winners the city published (the `selected` column).
 */

/**
 * The shared material's pb folder: COMMONPURSE_SHARED_DIR when set; else `shared/` beside any folder
 * above this one (the checkout sits beside it: ../shared); else this machine's /work/shared. A
 * checkout with none of these fails here, saying where it looked, rather than passing on nothing.
 */
function sharedPb(): { dir: string | undefined; looked: string[] } {
  const candidates: string[] = [];
  if (process.env.COMMONPURSE_SHARED_DIR) candidates.push(join(process.env.COMMONPURSE_SHARED_DIR, 'pb'));
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) candidates.push(join(dir, 'shared', 'pb'));
  candidates.push('/work/shared/pb');
  return { dir: candidates.find((c) => existsSync(join(c, 'ALGORITHMS.md'))), looked: candidates };
}

const { dir: DIR, looked: LOOKED } = sharedPb();
const FILES = DIR ? readdirSync(DIR).filter((f) => f.endsWith('.pb')).sort() : [];
const elections = new Map(FILES.map((file) => [file, parsePabulib(readFileSync(join(DIR!, file)))]));
/** Small enough for the slow exact reference (every price in fractions, every round). */
const EXACT_ENTRIES = 10_000;

const value = (text: string) => {
  const d = parseDecimal(text)!;
  return Rational.of(d.units, 10n ** BigInt(d.scale));
};
const published = (e: Election) => e.projects.filter((p) => p.fields?.selected?.trim() === '1').map((p) => p.id);
const hasSelected = (e: Election) => e.projects.length > 0 && e.projects.every((p) => p.fields?.selected !== undefined);

describe('the real elections in ../shared/pb', () => {
  it('finds the real elections', () => {
    expect({ found: DIR, looked: DIR ? [] : LOOKED }).toEqual({ found: expect.any(String), looked: [] });
    expect(FILES.length).toBeGreaterThanOrEqual(9);
  });

  describe('reproduce the published winners', () => {
    for (const [file, election] of elections) {
      const rule = election.meta.rule?.trim();
      // Files the rules cannot be checked against are named as such (their budgets are still checked below).
      if (!isRule(rule)) it(`${file}: its META rule "${rule}" is not one of ours, so there are no winners to reproduce`, () => expect(isRule(rule)).toBe(false));
      else if (!hasSelected(election)) it(`${file}: PROJECTS has no "selected" column, so there are no published winners to reproduce`, () => expect(hasSelected(election)).toBe(false));
      else {
        it(`${file}: ${rule} selects the ${published(election).length} published winners`, () => {
          const result = allocate(election, rule);
          expect([...result.selected].sort()).toEqual(published(election).sort());
          expect(value(result.totalCost).cmp(value(election.budget))).toBeLessThanOrEqual(0);
          // Re-running gives the same digest.
          expect(resultDigest(election, allocate(election, rule)).sha256).toBe(resultDigest(election, result).sha256);
        });
      }
    }
  });

  it.each(FILES)('%s: every rule stays within the budget and explains every project once', (file) => {
    const election = elections.get(file)!;
    for (const rule of RULES) {
      if (rule === 'greedy-threshold' && election.meta.min_project_score_threshold === undefined) continue;
      const result = allocate(election, rule);
      expect(value(result.totalCost).cmp(value(election.budget))).toBeLessThanOrEqual(0);
      expect(result.explanations.map((e) => e.projectId).sort()).toEqual(election.projects.map((p) => p.id).sort());
    }
  });

  const small = FILES.filter((file) => profileOf(elections.get(file)!).projects.reduce((sum, p) => sum + p.groups.length, 0) <= EXACT_ENTRIES);
  it.each(small)('%s: equal shares in doubles decides as equal shares in exact fractions', (file) => {
    const profile = profileOf(elections.get(file)!);
    const unit = 10n ** BigInt(profile.scale);
    const share = Rational.of(profile.budget, BigInt(profile.voters));
    for (const endowment of [share, Rational.of((share.floor() / unit + 25n) * unit)]) {
      expect(equalShares(profile, endowment).winners).toEqual(equalShares(profile, endowment, { exactOnly: true }).winners);
    }
  });

  it.each(FILES)('%s: is written out and read back the same', (file) => {
    const election = elections.get(file)!;
    // Compared as JSON: the same test as toEqual here (both sides built the same way), and far quicker on 90,000 ballots.
    expect(JSON.stringify(parsePabulib(writePabulib(election)))).toBe(JSON.stringify(election));
  });
});
