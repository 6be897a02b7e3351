// The tally engine (libs/voting/src/domain): how fast it counts, against the least any count
// must do, a plain loop over the ballots adding up each project's approvals, timed in the same run.
// (1) Warszawa 2026 (pabulib, ../shared/pb): 61,668 approval ballots over 83 projects, by plain
// equal shares and by its add1 completion (equal shares run again for each endowment k = 1, 2, ...
// until the outcome costs more than the budget), the completion the cities use; for scale, the
// equalshares.net tool needs about 1 s and 70–110 s, pabutools about 30 s and 670 s (ALGORITHMS.md).
// (2) 1,000,000 synthetic approval ballots over 200 projects (seeded; popularity skewed as in real
// votes), by greedy and by equal shares. Every time is allocate() from the parsed ballots to the
// explained result: grouping identical ballots included, reading the file not.
'use strict';

const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const WARSZAWA = join(__dirname, '..', '..', 'shared', 'pb', 'Poland_Warszawa_2026.pb');
const SAMPLES = { mes: 10, add1: 3, synthetic: 3, baseline: 10 };
const SYNTHETIC = { voters: 1_000_000, projects: 200, maxApprovals: 5, budgetShare: 0.25 };
const TARGET_MS = { mes: 200, add1: 2000, synthetic: 5000 };

/** A seeded generator (mulberry32), for the synthetic election. */
function generator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** 1,000,000 voters approving 1–5 of 200 projects, a project's popularity falling with its rank. */
function syntheticElection() {
  const next = generator(2026);
  const { voters, projects: count, maxApprovals, budgetShare } = SYNTHETIC;
  const ids = Array.from({ length: count }, (_, j) => `p${j + 1}`);
  const costs = ids.map(() => 1000 * Math.round(20 + next() * 1980));
  const cumulative = [];
  let total = 0;
  for (let j = 0; j < count; j++) cumulative.push((total += 1 / (j + 1) ** 0.8));
  const pick = () => {
    const x = next() * total;
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const ballots = new Array(voters);
  for (let v = 0; v < voters; v++) {
    const length = 1 + Math.floor(next() * maxApprovals);
    const chosen = new Set();
    while (chosen.size < length) chosen.add(pick());
    ballots[v] = { voterId: String(v + 1), projects: [...chosen].map((j) => ids[j]) };
  }
  const budget = String(Math.round(budgetShare * costs.reduce((a, b) => a + b, 0)));
  return {
    meta: { budget, vote_type: 'approval' },
    budget,
    voteType: 'approval',
    projects: ids.map((id, j) => ({ id, cost: String(costs[j]) })),
    ballots,
  };
}

/** The baseline: one pass over the ballots counting each project's approvals. */
function countApprovals(election) {
  const votes = new Map(election.projects.map((p) => [p.id, 0]));
  for (const ballot of election.ballots) for (const id of ballot.projects) votes.set(id, votes.get(id) + 1);
  return votes;
}

const under = (limit) => (ms) => (ms < limit ? 'within target' : 'ABOVE target');
const count = (n) => n.toLocaleString('en-GB');

module.exports = {
  description: 'tally engine: equal shares and its add1 completion on Warszawa 2026 (61,668 voters), greedy and equal shares on 1,000,000 synthetic ballots; baseline a plain count of the approvals',
  budgetSeconds: 240,

  async run({ sample, report }) {
    const { allocate, TALLY_ALGORITHM } = require('../dist/libs/voting/src/domain/tally');
    const { parsePabulib } = require('../dist/libs/voting/src/domain/pabulib');

    if (!existsSync(WARSZAWA)) console.log(`tally: ${WARSZAWA} not found; the Warszawa figures are left out\n`);
    else {
      const started = performance.now();
      const election = parsePabulib(readFileSync(WARSZAWA));
      const parseMs = performance.now() - started;
      const baseline = await sample(SAMPLES.baseline, () => countApprovals(election));
      const describe = `Poland_Warszawa_2026: ${count(election.ballots.length)} approval ballots, ${election.projects.length} projects, budget ${count(Number(election.budget))}; file read in ${parseMs.toFixed(0)} ms (not timed below); ${TALLY_ALGORITHM}`;

      let last;
      const mes = await sample(SAMPLES.mes, () => (last = allocate(election, 'equalshares')));
      report({
        title: 'tally: equalshares, Warszawa 2026',
        details: [describe, `${last.selected.length} projects selected, total cost ${count(Number(last.totalCost))}`],
        measured: { label: 'allocate equalshares', times: mes, samples: `${SAMPLES.mes} (after 1 warm-up)` },
        baseline: { label: 'count the approvals', times: baseline, samples: String(SAMPLES.baseline) },
        target: { text: `under ${TARGET_MS.mes} ms (equalshares.net: about 1 s)`, verdict: under(TARGET_MS.mes) },
      });
      console.log('');

      const add1 = await sample(SAMPLES.add1, () => (last = allocate(election, 'equalshares/add1')));
      const { acceptedK, endowment, rejectedK } = last.completion;
      report({
        title: 'tally: equalshares/add1, Warszawa 2026',
        details: [describe, `add1 ran equal shares ${rejectedK + 1} times (k = 0 … ${rejectedK}): accepted k = ${acceptedK} (${endowment} per voter); ${last.selected.length} projects, total cost ${count(Number(last.totalCost))}`],
        measured: { label: 'allocate equalshares/add1', times: add1, samples: `${SAMPLES.add1} (after 1 warm-up)` },
        baseline: { label: 'count the approvals', times: baseline, samples: String(SAMPLES.baseline) },
        target: { text: `under ${TARGET_MS.add1} ms (equalshares.net: 70–110 s; pabutools: about 670 s)`, verdict: under(TARGET_MS.add1) },
      });
      console.log('');
    }

    const made = performance.now();
    const synthetic = syntheticElection();
    const madeMs = performance.now() - made;
    const baseline = await sample(SAMPLES.synthetic, () => countApprovals(synthetic));
    const describe = `${count(SYNTHETIC.voters)} synthetic approval ballots (1–${SYNTHETIC.maxApprovals} each), ${SYNTHETIC.projects} projects, budget ${SYNTHETIC.budgetShare * 100}% of their total cost; made in ${madeMs.toFixed(0)} ms (not timed)`;
    for (const rule of ['greedy', 'equalshares']) {
      let last;
      const times = await sample(SAMPLES.synthetic, () => (last = allocate(synthetic, rule)));
      report({
        title: `tally: ${rule}, 1,000,000 synthetic ballots`,
        details: [describe, `${last.selected.length} projects selected, total cost ${count(Number(last.totalCost))}`],
        measured: { label: `allocate ${rule}`, times, samples: `${SAMPLES.synthetic} (after 1 warm-up)` },
        baseline: { label: 'count the approvals', times: baseline, samples: String(SAMPLES.synthetic) },
        target: { text: `under ${TARGET_MS.synthetic} ms`, verdict: under(TARGET_MS.synthetic) },
      });
      if (rule === 'greedy') console.log('');
    }
  },
};
