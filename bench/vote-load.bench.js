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
// BENCH_VOTE_CONCURRENCY overrides C (default 32).
'use strict';

const { randomBytes, randomUUID } = require('node:crypto');

const { cpus } = require('node:os');
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');

const ROOT = join(__dirname, '..');
const { ScratchRun, PG_ADMIN_URL, REDIS_URL, codeVersion: builtCodeVersion, emergencyCleanup, procCpuMs, quantile, readPositiveInt, table } = require('./support/services');
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

module.exports = {
  description: `${VOTERS.toLocaleString('en-GB')} voters confirm ballots through the API (${CONCURRENCY} keep-alive clients); baseline single-row INSERTs, same count, same Postgres, same concurrency`,
  budgetSeconds: BUDGET_SECONDS,

  async run(helpers) {
    const bench = new Bench(helpers);
    bench.installEmergencyCleanup();
    try {
      await bench.run();
    } finally {
      await bench.cleanup();
    }
  },
};

// ---------------------------------------------------------------- the benchmark

class Bench extends ScratchRun {
  constructor(helpers) {
    super('vote-load', __filename);
    this.helpers = helpers;
  }

  async run() {
    const pg = require('pg');
    const { hashSecret } = require('../dist/libs/identity/src/domain/secret-token');
    const { TOKEN_PREFIX } = require('../dist/libs/identity/src/usecases/create-access-token/create-access-token.usecase');
    const { Permission } = require('../dist/libs/kernel/src/auth/permission');
    const { dataSourceOptions } = require('../dist/libs/kernel/src/database/data-source-options');
    const { freePort } = require('../dist/libs/kernel/src');
    const poolMax = dataSourceOptions('postgres://x@localhost/x').extra?.max;

    // ------------------------------------------------------------ setup (not measured)
    const admin = new pg.Client(PG_ADMIN_URL);
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${this.dbName}`);
      this.created.database = true;
    } finally {
      await admin.end();
    }
    await this.migrate();
    this.db = new pg.Client({ connectionString: this.databaseUrl, application_name: 'cp-bench' });
    await this.db.connect();
    const setupStarted = performance.now();
    const { fundId, roundId, projectIds } = await this.createRound();
    const tokens = await this.createVoters(hashSecret, TOKEN_PREFIX, Permission.VotingVote);
    const setupMs = performance.now() - setupStarted;

    // ------------------------------------------------------------ baseline: single-row INSERTs, C connections
    const baseline = await this.baseline(pg, projectIds[0]);

    // ------------------------------------------------------------ the API, as it ships
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const api = this.spawnChild('api', [join(ROOT, 'dist/apps/api/src/main.js')], {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      DATABASE_URL: this.databaseUrl,
      REDIS_URL,
      QUEUE_PREFIX: this.prefix,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      PORT: String(port),
      // Production requires an https public address, an SMTP server and a storage directory. The
      // API only writes email to the outbox (the worker sends it), so the SMTP address is never dialled.
      PUBLIC_URL: 'https://vote.bench.invalid',
      SMTP_URL: 'smtp://127.0.0.1:9',
      STORAGE_DIR: this.storageDir,
      LOG_LEVEL: 'warn',
    });
    const bootStarted = performance.now();
    await this.waitForHealth(base, api, BOOT_DEADLINE_MS);
    const bootMs = performance.now() - bootStarted;

    const path = `/api/v1/funds/${fundId}/rounds/${roundId}/ballot`;
    const clients = Array.from({ length: CONCURRENCY }, () => new HttpClient(base));
    // Warm-up: read-only GETs of the ballot (auth, round, ballot context), nothing confirmed.
    const warmup = await runQueue(
      clients,
      Array.from({ length: WARMUP_REQUESTS }, (_, i) => ({ method: 'GET', path, token: tokens[i % tokens.length].secret })),
      LOAD_DEADLINE_MS,
    );
    const warmupBad = warmup.results.filter((r) => r.status !== 200);
    if (warmupBad.length) throw new Error(`warm-up GET ${path}: ${warmupBad.length} of ${WARMUP_REQUESTS} not 200; the first: ${describe(warmupBad[0])}\n${api.tail.join('\n')}`);
    const notEligible = warmup.results.filter((r) => r.json?.standing !== 'eligible' || r.json?.open !== true || r.json?.papers?.[0]?.projects?.length !== PROJECTS);
    if (notEligible.length) throw new Error(`warm-up GET ${path}: ${notEligible.length} voters not able to vote on ${PROJECTS} projects; the first: ${describe(notEligible[0])}`);

    // ------------------------------------------------------------ measured: N confirmations, 10 % sent twice at once
    const jobs = [];
    tokens.forEach((t, i) => {
      const choices = [projectIds[i % projectIds.length], projectIds[(i * 7 + 3) % projectIds.length]].filter((id, k, all) => all.indexOf(id) === k);
      const body = JSON.stringify({ choices: choices.map((projectId) => ({ projectId })) });
      const job = { method: 'POST', path, token: t.secret, key: randomUUID(), body, voter: i };
      jobs.push(job);
      if (i % REPEAT_EVERY === 0) jobs.push({ ...job, repeat: true }); // next in the queue: another client sends it at once
    });
    const repeats = jobs.length - tokens.length;
    const cpu0 = { self: process.cpuUsage(), api: procCpuMs(api.process.pid) };
    const load = await runQueue(clients, jobs, LOAD_DEADLINE_MS);
    const cpu1 = { self: process.cpuUsage(cpu0.self), api: procCpuMs(api.process.pid) };
    for (const c of clients) c.close();

    // ------------------------------------------------------------ verified: counted in Postgres
    const { rows: [counted] } = await this.db.query(
      `SELECT count(*)::int AS rows, count(DISTINCT voter_id)::int AS voters, count(*) FILTER (WHERE confirmed_at IS NOT NULL)::int AS confirmed,
              count(DISTINCT published_id)::int AS receipts, count(*) FILTER (WHERE confirm_key IS NULL)::int AS keyless
         FROM ballots WHERE round_id = $1`,
      [roundId],
    );
    const { rows: [perVoter] } = await this.db.query(
      `SELECT count(*)::int AS lost FROM personal_access_tokens t
        WHERE NOT EXISTS (SELECT 1 FROM ballots b WHERE b.round_id = $1 AND b.voter_id = t.account_id AND b.confirmed_at IS NOT NULL)`,
      [roundId],
    );
    const { rows: [{ mismatched }] } = await this.db.query(
      `SELECT count(*)::int AS mismatched FROM ballots b JOIN unnest($2::uuid[], $3::text[]) AS sent(voter_id, key) ON sent.voter_id = b.voter_id
        WHERE b.round_id = $1 AND b.confirm_key IS DISTINCT FROM sent.key`,
      [roundId, tokens.map((t) => t.accountId), jobs.filter((j) => !j.repeat).map((j) => j.key)],
    );

    // ------------------------------------------------------------ the figures
    const fmt = (n) => Math.round(n).toLocaleString('en-GB');
    const ms = (n) => (Number.isFinite(n) ? this.helpers.formatMs(n) : '–');
    const secs = (n) => `${(n / 1000).toFixed(2)} s`;
    const byStatus = new Map();
    for (const r of load.results) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
    const created = load.results.filter((r) => r.status === 201);
    const repeated = load.results.filter((r) => r.status === 200 && r.json?.repeated === true);
    const failed = load.results.filter((r) => r.status !== 201 && !(r.status === 200 && r.json?.repeated === true));
    const receiptsGiven = new Set(created.map((r) => r.json?.receipt).filter(Boolean)).size;
    // Per voter sent twice: exactly one 201 and one repeated 200.
    const outcomes = new Map();
    for (const r of load.results) {
      const o = outcomes.get(r.job.voter) ?? { created: 0, repeated: 0 };
      if (r.status === 201) o.created += 1;
      else if (r.status === 200 && r.json?.repeated) o.repeated += 1;
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
    const baseRate = baseline.rows / (baseline.wallMs / 1000);
    const baseSorted = [...baseline.times].sort((a, b) => a - b);
    const apiCpu = cpu1.api !== null && cpu0.api !== null ? cpu1.api - cpu0.api : NaN;
    const selfCpu = (cpu1.self.user + cpu1.self.system) / 1000;

    const ok = rate >= TARGET_PER_SECOND && p99 < TARGET_P99_MS && lost === 0 && duplicated === 0 && failed.length === 0;
    const why = [
      rate < TARGET_PER_SECOND ? `${fmt(rate)} ballots/s is below ${fmt(TARGET_PER_SECOND)}/s` : null,
      !(p99 < TARGET_P99_MS) ? `p99 ${ms(p99)} is not under ${TARGET_P99_MS} ms` : null,
      lost ? `${fmt(lost)} lost` : null,
      duplicated ? `${fmt(duplicated)} duplicated` : null,
      failed.length ? `${fmt(failed.length)} requests failed` : null,
    ].filter(Boolean);

    this.helpers.report({
      title: 'vote-load',
      details: [
        `code      ${codeVersion()}`,
        `setup     ${fmt(VOTERS)} verified residents (postcode BS5, declared born 1980-01-01, resident role, a ${TOKEN_PREFIX}… token with scope ${Permission.VotingVote} each, SHA-256 stored), written in SQL in ${secs(setupMs)};`,
        `          round '${roundId}': approval vote open now, no panel, ${PROJECTS} eligible projects on the ballot; each voter approves 1–2`,
        `api       1 process (node dist/apps/api/src/main.js, NODE_ENV=production, LOG_LEVEL=warn), Postgres pool max ${poolMax ?? '?'}, ready in ${secs(bootMs)}; warmed with ${WARMUP_REQUESTS} GETs of the ballot`,
        `load      ${CONCURRENCY} clients in this process, each one keep-alive connection (http.Agent, maxSockets 1), working through one queue of ${fmt(jobs.length)} POSTs:`,
        `          ${fmt(tokens.length)} confirmations + ${fmt(repeats)} sent again with the same Idempotency-Key straight after (a double submit, in flight together)`,
        `machine   ${cpus().length} cores; the load generator shares them with the API, Postgres and Redis`,
        `(per second below is 1000 / median latency: one client's pace; throughput, at ${CONCURRENCY} at once, follows the table)`,
      ],
      measured: { label: `POST …/ballot (HTTP, ${CONCURRENCY} clients)`, times: load.results.map((r) => r.ms), samples: fmt(load.results.length) },
      baseline: { label: `INSERT one row (pg Pool of ${CONCURRENCY})`, times: baseline.times, samples: fmt(baseline.times.length) },
    });
    const rows = [
      ['', 'count', 'wall', 'per second', 'p50', 'p99', 'max'],
      [`measured  confirmed ballots (HTTP)`, fmt(created.length), secs(load.wallMs), fmt(rate), ms(p50), ms(p99), ms(latencies[latencies.length - 1])],
      [`baseline  single-row INSERTs`, fmt(baseline.rows), secs(baseline.wallMs), fmt(baseRate), ms(quantile(baseSorted, 0.5)), ms(quantile(baseSorted, 0.99)), ms(baseSorted[baseSorted.length - 1])],
    ];
    const out = [''];
    out.push(...table(rows).map((l) => `  ${l}`));
    out.push(`            (measured latencies are over all ${fmt(latencies.length)} POSTs; first confirmations alone: p50 ${ms(quantile(firstLatencies, 0.5))}, p99 ${ms(quantile(firstLatencies, 0.99))})`);
    out.push('');
    out.push(`  ratio     throughput ${(rate / baseRate).toFixed(3)}× the baseline's (${(baseRate / Math.max(rate, 1e-9)).toFixed(1)}× slower); p50 ${(p50 / quantile(baseSorted, 0.5)).toFixed(1)}×, p99 ${(p99 / quantile(baseSorted, 0.99)).toFixed(1)}× the baseline's`);
    out.push(`  responses ${[...byStatus.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s === 0 ? 'no response' : s} × ${fmt(n)}`).join(', ')}; 201 with a receipt: ${fmt(receiptsGiven)} distinct receipts; repeated (200, repeated: true): ${fmt(repeated.length)} of ${fmt(repeats)} sent twice`);
    if (failed.length) out.push(`            the first failure: ${describe(failed[0])}`);
    out.push(`  outcome   in Postgres: ${fmt(counted.rows)} ballot rows for ${fmt(counted.voters)} voters, ${fmt(counted.confirmed)} confirmed, ${fmt(counted.receipts)} distinct published ids, ${fmt(mismatched)} with a confirm key other than the one sent;`);
    out.push(`            lost ${fmt(lost)} (voters with no confirmed ballot), duplicated ${fmt(duplicated)} (extra rows, or voters confirmed afresh twice: ${fmt(twiceCreated)})${load.outcome === 'done' ? '' : `  (stopped: ${load.outcome})`}`);
    out.push(`  cpu       during the load (${secs(load.wallMs)}): API process ${(apiCpu / 1000).toFixed(1)} s (${(apiCpu / Math.max(1, created.length)).toFixed(2)} ms/ballot), load generator ${(selfCpu / 1000).toFixed(1)} s`);
    if (api.warningCount) out.push(`  api logged ${fmt(api.warningCount)} lines (LOG_LEVEL=warn), the first: ${api.warnings[0].slice(0, 300)}`);
    out.push(`  target    ≥ ${fmt(TARGET_PER_SECOND)} confirmed ballots/s with p99 under ${TARGET_P99_MS} ms on this ${cpus().length}-core machine, zero duplicate or lost: ${ok ? 'within target' : `MISSED (${why.join('; ')})`}`);
    console.log(out.join('\n'));
  }

  /** Migrations as an operator runs them: the built CLI. */
  async migrate() {
    const child = this.spawnChild('migrate', [join(ROOT, 'dist/apps/cli/src/main.js'), 'migrate'], {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      DATABASE_URL: this.databaseUrl,
      LOG_LEVEL: 'warn',
    });
    await child.exitPromise;
    this.children.delete(child);
    if (child.exitCode !== 0) throw new Error(`migrate failed: ${child.describeExit()}`);
  }

  /** A fund for BS5, a round whose approval vote is open now (applications closed before it), PROJECTS eligible applications. */
  async createRound() {
    const now = Date.now();
    const at = (offset) => new Date(now + offset).toISOString();
    const { rows: [{ id: fundId }] } = await this.db.query(
      `INSERT INTO funds (slug, name, purpose) VALUES ('bench-easton', 'Easton Community Fund', 'Small grants for Easton, chosen by its residents') RETURNING id`,
    );
    await this.db.query(`INSERT INTO fund_areas (fund_id, kind, code, name) VALUES ($1, 'postcode_district', 'BS5', 'Easton')`, [fundId]);
    const { rows: [{ id: roundId }] } = await this.db.query(
      `INSERT INTO rounds (fund_id, slug, name, budget_pence, grant_min_pence, grant_max_pence, voting_method, allocation_rule)
       VALUES ($1, 'voting-evening', 'Voting evening', 10000000, 100000, 2500000, 'approval', 'greedy') RETURNING id`,
      [fundId],
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
    return { fundId, roundId, projectIds: rows.map((r) => r.id) };
  }

  /** N residents able to vote, each with a personal access token made as CreateAccessTokenUseCase makes one (its hash stored, the secret kept here). */
  async createVoters(hashSecret, prefix, scope) {
    const voters = Array.from({ length: VOTERS }, (_, i) => {
      const secret = `${prefix}${randomBytes(32).toString('base64url')}`;
      const postcode = `BS5 ${i % 10}${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + (Math.floor(i / 26) % 26))}`;
      return { accountId: randomUUID(), secret, hash: hashSecret(secret), tokenPrefix: secret.slice(0, prefix.length + 6), postcode, email: `voter-${i + 1}@bench.invalid` };
    });
    const ids = voters.map((v) => v.accountId);
    await this.db.query('BEGIN');
    await this.db.query(
      `INSERT INTO accounts (id, email, display_name, password_hash, email_verified_at, postcode)
       SELECT id, email, 'Voter ' || n, '!bench: no password', now(), postcode FROM unnest($1::uuid[], $2::text[], $3::text[]) WITH ORDINALITY AS v(id, email, postcode, n)`,
      [ids, voters.map((v) => v.email), voters.map((v) => v.postcode)],
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
    const headers = { authorization: `Bearer ${job.token}`, accept: 'application/json' };
    if (job.key) headers['idempotency-key'] = job.key;
    if (job.body) {
      headers['content-type'] = 'application/json';
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
          resolve({ job, status: res.statusCode, ms, json, text: json ? undefined : text.slice(0, 300) });
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

function describe(result) {
  if (!result) return '–';
  const body = result.json ? JSON.stringify(result.json) : (result.text ?? result.error ?? '');
  return `${result.job.method} → ${result.status || 'no response'} ${body.slice(0, 300)}`;
}

if (require.main === module) {
  const [mode, ...args] = process.argv.slice(2);
  if (mode === '--cleanup') {
    emergencyCleanup(args[0], args[1]).then(
      () => process.exit(0),
      (error) => {
        console.error(`vote-load clean-up: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  } else {
    console.error('Run it with: npm run bench -- vote-load');
    process.exit(2);
  }
}
