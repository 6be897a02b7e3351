// A voting evening through the real HTTP stack: one API process as it ships (node
// dist/apps/api/src/main.js, NODE_ENV=production) and C concurrent clients, each with its own
// keep-alive connection, confirming N voters' ballots through POST /api/v1/funds/:fund/rounds/:round/ballot
// with a personal access token and an Idempotency-Key, one in ten sent twice at once (a double
// submit) to exercise idempotency. Measured: confirmed ballots per second, p50/p99 latency, and
// afterwards, counted in Postgres, lost and duplicated ballots. Baseline, same run, same Postgres,
// same concurrency: N single-row INSERTs, one per ballot, through a pg Pool of C connections.
//
// Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth) and Redis on 127.0.0.1:6379. It
// creates its own database (cp_bench_<random>) and queue prefix, and drops / deletes both at the
// end, also when it fails or is stopped. BENCH_VOTE_VOTERS overrides N (default 2,000),
// BENCH_VOTE_CONCURRENCY overrides C (default 32). BENCH_VOTE_CPU_PROFILE=<dir> writes the API's CPU
// profile there (bench/cpu-profile.js).
//
// BENCH_VOTE_MODE=web (or both: the API first, then the web, each in a round of its own) measures
// the web pages instead, as a signed-in resident with JS off uses them: each voter signs in through
// the form (a session cookie), saves a draft and opens the check page before the clock starts; the
// measured request is the check page's confirm form (its CSRF token, its key), answered with the
// receipt page; one in ten pressed twice at once. Counted and reported the same way.
'use strict';

const { randomBytes, randomUUID } = require('node:crypto');

const { cpus } = require('node:os');
const { performance } = require('node:perf_hooks');

const { ScratchRun, codeVersion: builtCodeVersion, cleanupMode, procCpuMs, quantile, readPositiveInt, table } = require('./support/services');
const codeVersion = () => builtCodeVersion('dist/apps/api/src/main.js');
const VOTERS = readPositiveInt('BENCH_VOTE_VOTERS', 2000);
const CONCURRENCY = readPositiveInt('BENCH_VOTE_CONCURRENCY', 32);
const REPEAT_EVERY = 10; // one voter in ten sends the same confirmation twice, at once
const PROJECTS = 8;
const WARMUP_REQUESTS = 200; // GETs of the ballot (read-only), so the JIT has seen the path before the clock starts
const TARGET_PER_SECOND = 1000;
const TARGET_P99_MS = 100;
const BUDGET_SECONDS = 300;
const BOOT_DEADLINE_MS = 60_000;
const LOAD_DEADLINE_MS = 150_000;
const REQUEST_TIMEOUT_MS = 30_000;
const DAY = 86_400_000;
const FUND_SLUG = 'bench-easton';
const WEB_PASSWORD = 'a long bench password, the same for every voter';
// What the confirmation page says to a confirmation sent again (voting.confirmed.repeated, in English).
const WEB_REPEATED = 'This vote had already been confirmed';
// Which ways in are measured: the JSON API (as the bench always has), the web pages, or both, in that order.
const MODES = { api: ['api'], web: ['web'], both: ['api', 'web'] }[process.env.BENCH_VOTE_MODE ?? 'api'];
if (!MODES) throw new Error(`BENCH_VOTE_MODE must be api, web or both (got "${process.env.BENCH_VOTE_MODE}")`);

module.exports = {
  description: `${VOTERS.toLocaleString('en-GB')} voters confirm ballots through the ${MODES.map((m) => (m === 'api' ? 'API' : 'web pages')).join(', then the ')} (${CONCURRENCY} keep-alive clients); baseline single-row INSERTs, same count, same Postgres, same concurrency`,
  budgetSeconds: BUDGET_SECONDS,

  run: (helpers) => new Bench(helpers).runCleanly(),
};

// ---------------------------------------------------------------- the benchmark

class Bench extends ScratchRun {
  constructor(helpers) {
    super('vote-load', __filename, helpers);
  }

  async run() {
    const pg = require('pg');
    const { hashSecret } = require('../dist/libs/identity/src/domain/secret-token');
    const { TOKEN_PREFIX } = require('../dist/libs/identity/src/usecases/create-access-token/create-access-token.usecase');
    const { PasswordHasher } = require('../dist/libs/identity/src/usecases/password-hasher');
    const { Permission } = require('../dist/libs/kernel/src/auth/permission');
    const { dataSourceOptions } = require('../dist/libs/kernel/src/database/data-source-options');
    const { freePort } = require('../dist/libs/kernel/src');
    this.poolMax = dataSourceOptions('postgres://x@localhost/x').extra?.max;
    this.tokenPrefix = TOKEN_PREFIX;
    this.scope = Permission.VotingVote;

    // ------------------------------------------------------------ setup (not measured)
    await this.createDatabase();
    const setupStarted = performance.now();
    const fundId = await this.createFund();
    // A round of its own for each mode: every voter votes once in each.
    const rounds = {};
    if (MODES.includes('api')) rounds.api = await this.createRound(fundId, 'voting-evening', 'Voting evening');
    if (MODES.includes('web')) rounds.web = await this.createRound(fundId, 'voting-evening-online', 'Voting evening online');
    // Web voters sign in with a password: one argon2id hash (made as the app makes one) serves them all.
    const passwordHash = MODES.includes('web') ? await new PasswordHasher().hash(WEB_PASSWORD) : null;
    const voters = await this.createVoters(hashSecret, TOKEN_PREFIX, Permission.VotingVote, passwordHash);
    this.setupMs = performance.now() - setupStarted;

    // ------------------------------------------------------------ baseline: single-row INSERTs, C connections
    this.baselineResult = await this.baseline(pg, (rounds.api ?? rounds.web).projectIds[0]);

    // ------------------------------------------------------------ the API, as it ships
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const api = this.spawnApi(port, {
      profile: process.env.BENCH_VOTE_CPU_PROFILE,
      // Web sessions: the cookie is Secure in production, so the web clients come as a TLS-ending
      // proxy sends them (X-Forwarded-Proto: https), which the API then trusts.
      env: MODES.includes('web') ? { TRUST_PROXY: 'true' } : {},
    });
    const bootStarted = performance.now();
    await this.waitForHealth(base, api, BOOT_DEADLINE_MS);
    this.bootMs = performance.now() - bootStarted;
    this.api = api;

    if (rounds.api) await this.apiMode(base, fundId, rounds.api, voters);
    if (rounds.web) await this.webMode(base, rounds.web, voters);
  }

  /** The JSON API: bearer tokens and an Idempotency-Key, as the app's own clients confirm a ballot. */
  async apiMode(base, fundId, round, voters) {
    const path = `/api/v1/funds/${fundId}/rounds/${round.roundId}/ballot`;
    const clients = Array.from({ length: CONCURRENCY }, () => new HttpClient(base));
    // Warm-up: read-only GETs of the ballot (auth, round, ballot context), nothing confirmed.
    const warmup = await runQueue(
      clients,
      Array.from({ length: WARMUP_REQUESTS }, (_, i) => ({ method: 'GET', path, token: voters[i % voters.length].secret })),
      LOAD_DEADLINE_MS,
    );
    const warmupBad = warmup.results.filter((r) => r.status !== 200);
    if (warmupBad.length) throw new Error(`warm-up GET ${path}: ${warmupBad.length} of ${WARMUP_REQUESTS} not 200; the first: ${describe(warmupBad[0])}\n${this.api.tail.join('\n')}`);
    const notEligible = warmup.results.filter((r) => r.json?.standing !== 'eligible' || r.json?.open !== true || r.json?.papers?.[0]?.projects?.length !== PROJECTS);
    if (notEligible.length) throw new Error(`warm-up GET ${path}: ${notEligible.length} voters not able to vote on ${PROJECTS} projects; the first: ${describe(notEligible[0])}`);

    // ------------------------------------------------------------ measured: N confirmations, 10 % sent twice at once
    const jobs = [];
    voters.forEach((t, i) => {
      const choices = ballotOf(round.projectIds, i);
      const body = JSON.stringify({ choices: choices.map((projectId) => ({ projectId })) });
      const job = { method: 'POST', path, token: t.secret, key: randomUUID(), body, voter: i };
      jobs.push(job);
      if (i % REPEAT_EVERY === 0) jobs.push({ ...job, repeat: true }); // next in the queue: another client sends it at once
    });
    const outcome = (r) => (r.status === 201 ? 'created' : r.status === 200 && r.json?.repeated === true ? 'repeated' : 'failed');
    const measured = await this.measure(clients, jobs, outcome, (r) => r.json?.receipt);
    const floor = await this.floor(base);
    await this.verifyAndReport({
      title: 'vote-load',
      label: `POST …/ballot (HTTP, ${CONCURRENCY} clients)`,
      what: 'confirmed ballots (HTTP)',
      round,
      voters,
      jobs,
      measured,
      details: [
        `setup     ${fmt(VOTERS)} verified residents (postcode BS5, declared born 1980-01-01, resident role, a ${this.tokenPrefix}… token with scope ${this.scope} each, SHA-256 stored), written in SQL in ${secs(this.setupMs)};`,
        `          round '${round.roundId}': approval vote open now, no panel, ${PROJECTS} eligible projects on the ballot; each voter approves 1–2`,
        `api       1 process (node dist/apps/api/src/main.js, NODE_ENV=production, LOG_LEVEL=warn), Postgres pool max ${this.poolMax ?? '?'}, ready in ${secs(this.bootMs)}; warmed with ${WARMUP_REQUESTS} GETs of the ballot`,
        `load      ${CONCURRENCY} clients in this process, each one keep-alive connection (http.Agent, maxSockets 1), working through one queue of ${fmt(jobs.length)} POSTs:`,
        `          ${fmt(voters.length)} confirmations + ${fmt(jobs.length - voters.length)} sent again with the same Idempotency-Key straight after (a double submit, in flight together)`,
      ],
      createdLabel: '201 with a receipt',
      repeatedLabel: 'repeated (200, repeated: true)',
      floor,
    });
  }

  /**
   * What this API process answers at most on this machine, whatever a request does: as many GETs
   * of /health (no sign-in, no database) as there were POSTs, from as many clients.
   */
  async floor(base) {
    const clients = Array.from({ length: CONCURRENCY }, () => new HttpClient(base));
    const cpu0 = procCpuMs(this.api.process.pid);
    const load = await runQueue(clients, Array.from({ length: VOTERS + Math.ceil(VOTERS / REPEAT_EVERY) }, () => ({ method: 'GET', path: '/health' })), LOAD_DEADLINE_MS);
    const cpu = procCpuMs(this.api.process.pid) - cpu0;
    for (const c of clients) c.close();
    const bad = load.results.filter((r) => r.status !== 200).length;
    const sorted = load.results.map((r) => r.ms).sort((a, b) => a - b);
    return { count: load.results.length, wallMs: load.wallMs, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), cpuPerRequest: cpu / load.results.length, bad };
  }

  /**
   * The web pages, as a person with a browser (and JS off) uses them: signed in through the form
   * (a session cookie), the ballot saved as a draft and the check page read (for its CSRF token and
   * the confirmation's key) beforehand, then measured: the check page's confirm form posted, which
   * confirms the draft and answers with the receipt page. One voter in ten presses twice.
   */
  async webMode(base, round, voters) {
    const vote = `/funds/${FUND_SLUG}/rounds/${round.slug}/vote`;
    const clients = Array.from({ length: CONCURRENCY }, () => new HttpClient(base));
    const signInStarted = performance.now();
    const sessions = new Array(voters.length);
    const failures = [];
    let next = 0;
    await Promise.all(
      clients.map(async (client) => {
        while (next < voters.length) {
          const i = next++;
          try {
            sessions[i] = await this.signInAndSaveDraft(client, vote, voters[i], ballotOf(round.projectIds, i));
          } catch (error) {
            failures.push(error instanceof Error ? error.message : String(error));
          }
        }
      }),
    );
    if (failures.length) throw new Error(`web sign-in and draft: ${failures.length} of ${voters.length} failed; the first: ${failures[0]}\n${this.api.tail.join('\n')}`);
    const signInMs = performance.now() - signInStarted;

    const jobs = [];
    voters.forEach((_, i) => {
      const { cookie, csrf, key } = sessions[i];
      const body = new URLSearchParams({ _csrf: csrf, lot: '', key }).toString();
      const job = { method: 'POST', path: `${vote}/confirm`, cookie, key, body, form: true, voter: i };
      jobs.push(job);
      if (i % REPEAT_EVERY === 0) jobs.push({ ...job, repeat: true });
    });
    const receiptIn = (r) => r.text?.match(/id="receipt">([0-9A-Z-]{19})</)?.[1];
    const outcome = (r) => (r.status !== 200 ? 'failed' : receiptIn(r) ? 'created' : r.text?.includes(WEB_REPEATED) ? 'repeated' : 'failed');
    const measured = await this.measure(clients, jobs, outcome, receiptIn);
    await this.verifyAndReport({
      title: 'vote-load (web)',
      label: `POST …/vote/confirm (HTTP form, ${CONCURRENCY} clients)`,
      what: 'confirmed ballots (web form)',
      round,
      voters,
      jobs,
      measured,
      details: [
        `setup     the same ${fmt(VOTERS)} residents, each with a password (one argon2id hash for all); round '${round.roundId}' (${round.slug}): as the API's, a round of its own`,
        `          through the pages, before the clock starts (${secs(signInMs)}): GET /sign-in, POST it (argon2id, a new session), GET the ballot, POST it (a draft), GET the check page (its CSRF token, a key)`,
        `api       the same process (sessions in Postgres: connect-pg-simple, rolling; TRUST_PROXY=true, each request sent as from a TLS-ending proxy)`,
        `load      ${CONCURRENCY} clients, each one keep-alive connection, one queue of ${fmt(jobs.length)} POSTs of the check page's confirm form (_csrf, lot, key; the session cookie),`,
        `          ${fmt(voters.length)} confirmations + ${fmt(jobs.length - voters.length)} sent again straight after (a double press); each answered with the receipt page (HTML)`,
      ],
      createdLabel: '200 with a receipt',
      repeatedLabel: "repeated (200, 'already been confirmed')",
    });
  }

  /** One voter through the pages: signed in, their choices saved as a draft, the check page read. */
  async signInAndSaveDraft(client, vote, voter, choices) {
    const jar = new CookieJar();
    const step = async (job, expected) => {
      const r = await client.request({ ...job, cookie: jar.header() });
      jar.take(r.setCookie);
      if (r.status !== expected) throw new Error(`${job.method} ${job.path} → ${r.status || r.error} (expected ${expected}): ${(r.text ?? '').slice(0, 200)}`);
      return r;
    };
    const signIn = await step({ method: 'GET', path: '/sign-in' }, 200);
    await step({ method: 'POST', path: '/sign-in', form: true, body: new URLSearchParams({ _csrf: csrfIn(signIn.text), email: voter.email, password: WEB_PASSWORD }).toString() }, 303);
    const page = await step({ method: 'GET', path: vote }, 200);
    const form = new URLSearchParams({ _csrf: csrfIn(page.text), lot: '' });
    for (const id of choices) form.append('choice', id);
    await step({ method: 'POST', path: vote, form: true, body: form.toString() }, 303);
    const check = await step({ method: 'GET', path: `${vote}/check` }, 200);
    const key = check.text.match(/name="key" value="([^"]+)"/)?.[1];
    if (!key) throw new Error('the check page has no confirmation key');
    return { cookie: jar.header(), csrf: csrfIn(check.text), key };
  }

  /** The measured queue, with the API's and this process's CPU time across it. */
  async measure(clients, jobs, outcome, receiptOf) {
    const cpu0 = { self: process.cpuUsage(), api: procCpuMs(this.api.process.pid) };
    const load = await runQueue(clients, jobs, LOAD_DEADLINE_MS);
    const cpu1 = { self: process.cpuUsage(cpu0.self), api: procCpuMs(this.api.process.pid) };
    for (const c of clients) c.close();
    for (const r of load.results) {
      r.outcome = outcome(r);
      r.receipt = r.outcome === 'created' ? receiptOf(r) : undefined;
    }
    return { load, apiCpu: cpu1.api !== null && cpu0.api !== null ? cpu1.api - cpu0.api : NaN, selfCpu: (cpu1.self.user + cpu1.self.system) / 1000 };
  }

  /** Counted in Postgres afterwards (lost, duplicated, keys), then the figures beside the baseline. */
  async verifyAndReport({ title, label, what, round, voters, jobs, measured, details, createdLabel, repeatedLabel, floor }) {
    const { load, apiCpu, selfCpu } = measured;
    const roundId = round.roundId;
    const { rows: [counted] } = await this.db.query(
      `SELECT count(*)::int AS rows, count(DISTINCT voter_id)::int AS voters, count(*) FILTER (WHERE confirmed_at IS NOT NULL)::int AS confirmed,
              count(DISTINCT published_id)::int AS receipts, count(*) FILTER (WHERE confirm_key IS NULL)::int AS keyless
         FROM ballots WHERE round_id = $1`,
      [roundId],
    );
    const { rows: [perVoter] } = await this.db.query(
      `SELECT count(*)::int AS lost FROM unnest($2::uuid[]) AS v(voter_id)
        WHERE NOT EXISTS (SELECT 1 FROM ballots b WHERE b.round_id = $1 AND b.voter_id = v.voter_id AND b.confirmed_at IS NOT NULL)`,
      [roundId, voters.map((v) => v.accountId)],
    );
    const { rows: [{ mismatched }] } = await this.db.query(
      `SELECT count(*)::int AS mismatched FROM ballots b JOIN unnest($2::uuid[], $3::text[]) AS sent(voter_id, key) ON sent.voter_id = b.voter_id
        WHERE b.round_id = $1 AND b.confirm_key IS DISTINCT FROM sent.key`,
      [roundId, voters.map((v) => v.accountId), jobs.filter((j) => !j.repeat).map((j) => j.key)],
    );

    const ms = (n) => (Number.isFinite(n) ? this.helpers.formatMs(n) : '–');
    const repeats = jobs.length - voters.length;
    const byStatus = new Map();
    for (const r of load.results) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
    const created = load.results.filter((r) => r.outcome === 'created');
    const repeated = load.results.filter((r) => r.outcome === 'repeated');
    const failed = load.results.filter((r) => r.outcome === 'failed');
    const receiptsGiven = new Set(created.map((r) => r.receipt).filter(Boolean)).size;
    // Per voter sent twice: exactly one created and one repeated.
    const outcomes = new Map();
    for (const r of load.results) {
      const o = outcomes.get(r.job.voter) ?? { created: 0, repeated: 0 };
      if (r.outcome === 'created') o.created += 1;
      else if (r.outcome === 'repeated') o.repeated += 1;
      outcomes.set(r.job.voter, o);
    }
    const twiceCreated = [...outcomes.values()].filter((o) => o.created > 1).length;
    const lost = perVoter.lost;
    const duplicated = counted.rows - counted.voters + twiceCreated;
    const rate = created.length / (load.wallMs / 1000);
    const latencies = load.results.map((r) => r.ms).sort((a, b) => a - b);
    const firstLatencies = load.results.filter((r) => !r.job.repeat).map((r) => r.ms).sort((a, b) => a - b);
    const p50 = quantile(latencies, 0.5);
    const p99 = quantile(latencies, 0.99);
    const baseline = this.baselineResult;
    const baseRate = baseline.rows / (baseline.wallMs / 1000);
    const baseSorted = [...baseline.times].sort((a, b) => a - b);

    const ok = rate >= TARGET_PER_SECOND && p99 < TARGET_P99_MS && lost === 0 && duplicated === 0 && failed.length === 0;
    const why = [
      rate < TARGET_PER_SECOND ? `${fmt(rate)} ballots/s is below ${fmt(TARGET_PER_SECOND)}/s` : null,
      !(p99 < TARGET_P99_MS) ? `p99 ${ms(p99)} is not under ${TARGET_P99_MS} ms` : null,
      lost ? `${fmt(lost)} lost` : null,
      duplicated ? `${fmt(duplicated)} duplicated` : null,
      failed.length ? `${fmt(failed.length)} requests failed` : null,
    ].filter(Boolean);

    this.helpers.report({
      title,
      details: [
        `code      ${codeVersion()}`,
        ...details,
        `machine   ${cpus().length} cores; the load generator shares them with the API, Postgres and Redis`,
        `(per second below is 1000 / median latency: one client's pace; throughput, at ${CONCURRENCY} at once, follows the table)`,
      ],
      measured: { label, times: load.results.map((r) => r.ms), samples: fmt(load.results.length) },
      baseline: { label: `INSERT one row (pg Pool of ${CONCURRENCY})`, times: baseline.times, samples: fmt(baseline.times.length) },
    });
    const rows = [
      ['', 'count', 'wall', 'per second', 'p50', 'p99', 'max'],
      [`measured  ${what}`, fmt(created.length), secs(load.wallMs), fmt(rate), ms(p50), ms(p99), ms(latencies[latencies.length - 1])],
      [`baseline  single-row INSERTs`, fmt(baseline.rows), secs(baseline.wallMs), fmt(baseRate), ms(quantile(baseSorted, 0.5)), ms(quantile(baseSorted, 0.99)), ms(baseSorted[baseSorted.length - 1])],
    ];
    const out = [''];
    out.push(...table(rows).map((l) => `  ${l}`));
    out.push(`            (measured latencies are over all ${fmt(latencies.length)} POSTs; first confirmations alone: p50 ${ms(quantile(firstLatencies, 0.5))}, p99 ${ms(quantile(firstLatencies, 0.99))})`);
    out.push('');
    out.push(`  ratio     throughput ${(rate / baseRate).toFixed(3)}× the baseline's (${(baseRate / Math.max(rate, 1e-9)).toFixed(1)}× slower); p50 ${(p50 / quantile(baseSorted, 0.5)).toFixed(1)}×, p99 ${(p99 / quantile(baseSorted, 0.99)).toFixed(1)}× the baseline's`);
    out.push(`  responses ${[...byStatus.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s === 0 ? 'no response' : s} × ${fmt(n)}`).join(', ')}; ${createdLabel}: ${fmt(receiptsGiven)} distinct receipts; ${repeatedLabel}: ${fmt(repeated.length)} of ${fmt(repeats)} sent twice`);
    if (failed.length) out.push(`            the first failure: ${describe(failed[0])}`);
    out.push(`  outcome   in Postgres: ${fmt(counted.rows)} ballot rows for ${fmt(counted.voters)} voters, ${fmt(counted.confirmed)} confirmed, ${fmt(counted.receipts)} distinct published ids, ${fmt(mismatched)} with a confirm key other than the one sent;`);
    out.push(`            lost ${fmt(lost)} (voters with no confirmed ballot), duplicated ${fmt(duplicated)} (extra rows, or voters confirmed afresh twice: ${fmt(twiceCreated)})${load.outcome === 'done' ? '' : `  (stopped: ${load.outcome})`}`);
    out.push(`  cpu       during the load (${secs(load.wallMs)}): API process ${(apiCpu / 1000).toFixed(1)} s (${(apiCpu / Math.max(1, created.length)).toFixed(2)} ms/ballot), load generator ${(selfCpu / 1000).toFixed(1)} s`);
    if (floor) {
      out.push(`  floor     GET /health, ${fmt(floor.count)} from the same ${CONCURRENCY} clients straight after (no sign-in, no database): ${fmt(floor.count / (floor.wallMs / 1000))}/s, p50 ${ms(floor.p50)}, p99 ${ms(floor.p99)},`);
      out.push(`            API ${floor.cpuPerRequest.toFixed(2)} ms CPU/request${floor.bad ? ` (${fmt(floor.bad)} not 200)` : ''}: the most this one process answers here, whatever a request does`);
    }
    if (this.api.warningCount > (this.warningsSeen ?? 0)) out.push(`  api logged ${fmt(this.api.warningCount - (this.warningsSeen ?? 0))} lines (LOG_LEVEL=warn), the first: ${this.api.warnings[0].slice(0, 300)}`);
    this.warningsSeen = this.api.warningCount;
    out.push(`  target    ≥ ${fmt(TARGET_PER_SECOND)} confirmed ballots/s with p99 under ${TARGET_P99_MS} ms on this ${cpus().length}-core machine, zero duplicate or lost: ${ok ? 'within target' : `MISSED (${why.join('; ')})`}`);
    console.log(out.join('\n'));
  }

  /** Migrations as an operator runs them: the built CLI. */

  /** A fund for BS5. */
  async createFund() {
    const { rows: [{ id: fundId }] } = await this.db.query(
      `INSERT INTO funds (slug, name, purpose) VALUES ($1, 'Easton Community Fund', 'Small grants for Easton, chosen by its residents') RETURNING id`,
      [FUND_SLUG],
    );
    await this.db.query(`INSERT INTO fund_areas (fund_id, kind, code, name) VALUES ($1, 'postcode_district', 'BS5', 'Easton')`, [fundId]);
    return fundId;
  }

  /** A round of the fund whose approval vote is open now (applications closed before it), PROJECTS eligible applications. */
  async createRound(fundId, slug, name) {
    const now = Date.now();
    const at = (offset) => new Date(now + offset).toISOString();
    const { rows: [{ id: roundId }] } = await this.db.query(
      `INSERT INTO rounds (fund_id, slug, name, budget_pence, grant_min_pence, grant_max_pence, voting_method, allocation_rule)
       VALUES ($1, $2, $3, 10000000, 100000, 2500000, 'approval', 'greedy') RETURNING id`,
      [fundId, slug, name],
    );
    // Phases in order, never overlapping: applications closed last month, the public vote open
    // from an hour ago for a week, results after it; the others off.
    const phases = [
      ['co-design', false, null, null],
      ['applications', true, at(-30 * DAY), at(-20 * DAY)],
      ['screening', false, null, null],
      ['panel-review', false, null, null],
      ['public-vote', true, at(-3600_000), at(7 * DAY)],
      ['results', true, at(7 * DAY + 3600_000), at(14 * DAY)],
      ['awards', false, null, null],
    ];
    for (const [phase, enabled, opensAt, closesAt] of phases) {
      await this.db.query(`INSERT INTO round_phases (round_id, phase, enabled, opens_at, closes_at) VALUES ($1, $2, $3, $4, $5)`, [roundId, phase, enabled, opensAt, closesAt]);
    }
    const { rows } = await this.db.query(
      `INSERT INTO applications (round_id, created_by, status, reference, title, summary, amount_pence, area_code, submitted_at)
       SELECT $1, gen_random_uuid(), 'eligible', 'VE-' || lpad(g::text, 3, '0'), 'Project ' || g, 'A project for Easton', 250000 + g * 50000, 'BS5', now() - interval '25 days'
         FROM generate_series(1, $2::int) AS g
       RETURNING id`,
      [roundId, PROJECTS],
    );
    return { roundId, slug, projectIds: rows.map((r) => r.id) };
  }

  /**
   * N residents able to vote, each with a personal access token made as CreateAccessTokenUseCase
   * makes one (its hash stored, the secret kept here) and, for the web, `passwordHash` (else no password).
   */
  async createVoters(hashSecret, prefix, scope, passwordHash) {
    const voters = Array.from({ length: VOTERS }, (_, i) => {
      const secret = `${prefix}${randomBytes(32).toString('base64url')}`;
      const postcode = `BS5 ${i % 10}${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + (Math.floor(i / 26) % 26))}`;
      return { accountId: randomUUID(), secret, hash: hashSecret(secret), tokenPrefix: secret.slice(0, prefix.length + 6), postcode, email: `voter-${i + 1}@bench.invalid` };
    });
    const ids = voters.map((v) => v.accountId);
    await this.db.query('BEGIN');
    await this.db.query(
      `INSERT INTO accounts (id, email, display_name, password_hash, email_verified_at, postcode)
       SELECT id, email, 'Voter ' || n, $4, now(), postcode FROM unnest($1::uuid[], $2::text[], $3::text[]) WITH ORDINALITY AS v(id, email, postcode, n)`,
      [ids, voters.map((v) => v.email), voters.map((v) => v.postcode), passwordHash ?? '!bench: no password'],
    );
    await this.db.query(`INSERT INTO role_assignments (account_id, role, scope_type) SELECT id, 'resident', 'global' FROM unnest($1::uuid[]) AS id`, [ids]);
    await this.db.query(`INSERT INTO voter_declarations (account_id, date_of_birth) SELECT id, '1980-01-01' FROM unnest($1::uuid[]) AS id`, [ids]);
    await this.db.query(
      `INSERT INTO personal_access_tokens (account_id, name, token_hash, prefix, scopes)
       SELECT id, 'voting evening', hash, prefix, ARRAY[$4::text] FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(id, hash, prefix)`,
      [ids, voters.map((v) => v.hash), voters.map((v) => v.tokenPrefix), scope],
    );
    await this.db.query('COMMIT');
    await this.db.query('ANALYZE');
    return voters;
  }

  /** N single-row INSERTs of a ballot-shaped row into a scratch table, C at a time through a pg Pool of C connections. */
  async baseline(pg, projectId) {
    await this.db.query(`
      CREATE TABLE bench_baseline_ballots (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        round_id      uuid NOT NULL,
        voter_id      uuid NOT NULL,
        choices       jsonb NOT NULL,
        confirm_key   text,
        confirmed_at  timestamptz NOT NULL DEFAULT now(),
        UNIQUE (round_id, voter_id)
      )`);
    const pool = new pg.Pool({ connectionString: this.databaseUrl, max: CONCURRENCY, application_name: 'cp-bench-baseline' });
    this.pool = pool;
    const roundId = randomUUID();
    const choices = JSON.stringify([{ projectId, points: 1 }]);
    const sql = `INSERT INTO bench_baseline_ballots (round_id, voter_id, choices, confirm_key) VALUES ($1, $2, $3, $4)`;
    // Open the C connections first (untimed), as the API's pool is open before its first vote.
    const held = await Promise.all(Array.from({ length: CONCURRENCY }, () => pool.connect()));
    for (const c of held) c.release();
    const times = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < VOTERS) {
          next += 1;
          const t0 = performance.now();
          await pool.query(sql, [roundId, randomUUID(), choices, randomUUID()]);
          times.push(performance.now() - t0);
        }
      }),
    );
    const wallMs = performance.now() - started;
    const { rows: [{ n }] } = await this.db.query(`SELECT count(*)::int AS n FROM bench_baseline_ballots`);
    await pool.end();
    this.pool = undefined;
    return { times, wallMs, rows: n };
  }
}

// ---------------------------------------------------------------- the clients

/** One client: one keep-alive connection of its own, one request at a time. */
class HttpClient {
  constructor(base) {
    const http = require('node:http');
    this.http = http;
    this.url = new URL(base);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  }

  request(job) {
    const headers = job.form || job.cookie !== undefined ? { accept: 'text/html', 'x-forwarded-proto': 'https' } : { ...(job.token ? { authorization: `Bearer ${job.token}` } : {}), accept: 'application/json' };
    if (job.cookie) headers.cookie = job.cookie;
    if (job.key && !job.form) headers['idempotency-key'] = job.key;
    if (job.body) {
      headers['content-type'] = job.form ? 'application/x-www-form-urlencoded' : 'application/json';
      headers['content-length'] = Buffer.byteLength(job.body);
    }
    return new Promise((resolve) => {
      const t0 = performance.now();
      const req = this.http.request({ host: this.url.hostname, port: this.url.port, path: job.path, method: job.method, headers, agent: this.agent }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const ms = performance.now() - t0;
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ job, status: res.statusCode, ms, json, text: json ? undefined : job.form || job.cookie !== undefined ? text : text.slice(0, 300), setCookie: res.headers['set-cookie'] });
        });
        res.on('error', (error) => resolve({ job, status: 0, ms: performance.now() - t0, error: error.message }));
      });
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer in ${REQUEST_TIMEOUT_MS / 1000} s`)));
      req.on('error', (error) => resolve({ job, status: 0, ms: performance.now() - t0, error: error.message }));
      if (job.body) req.write(job.body);
      req.end();
    });
  }

  close() {
    this.agent.destroy();
  }
}

/** The cookies a server has set (name=value only), sent back as a browser would. */
class CookieJar {
  constructor() {
    this.cookies = new Map();
  }

  take(setCookie) {
    for (const line of setCookie ?? []) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
  }

  header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** The CSRF token a page's form carries. */
function csrfIn(html) {
  const match = html?.match(/name="_csrf" value="([^"]+)"/);
  if (!match) throw new Error(`the page has no form with a CSRF token: ${(html ?? '').slice(0, 200)}`);
  return match[1];
}

/** The clients take jobs from one queue in order until it is empty (or the deadline passes). */
async function runQueue(clients, jobs, deadlineMs) {
  const results = [];
  let next = 0;
  let outcome = 'done';
  const started = performance.now();
  await Promise.all(
    clients.map(async (client) => {
      while (next < jobs.length) {
        if (performance.now() - started > deadlineMs) {
          outcome = `deadline of ${deadlineMs / 1000} s reached at ${results.length} of ${jobs.length}`;
          return;
        }
        const job = jobs[next++];
        results.push(await client.request(job));
      }
    }),
  );
  return { results, wallMs: performance.now() - started, outcome };
}

// ---------------------------------------------------------------- child processes

// ---------------------------------------------------------------- small helpers

/** Voter i's choices: one or two of the projects, spread over them all. */
function ballotOf(projectIds, i) {
  return [projectIds[i % projectIds.length], projectIds[(i * 7 + 3) % projectIds.length]].filter((id, k, all) => all.indexOf(id) === k);
}

const fmt = (n) => Math.round(n).toLocaleString('en-GB');
const secs = (n) => `${(n / 1000).toFixed(2)} s`;

function describe(result) {
  if (!result) return '–';
  const body = result.json ? JSON.stringify(result.json) : (result.text ?? result.error ?? '');
  return `${result.job.method} → ${result.status || 'no response'} ${body.slice(0, 300)}`;
}

if (require.main === module) {
  const [mode, ...args] = process.argv.slice(2);
  if (mode === '--cleanup') {
    cleanupMode('vote-load', args);
  } else {
    console.error('Run it with: npm run bench -- vote-load');
    process.exit(2);
  }
}
