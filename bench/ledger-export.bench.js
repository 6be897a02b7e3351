// The ledger export through the real HTTP stack: one API process as it ships (node
// dist/apps/api/src/main.js, NODE_ENV=production) streaming a fund's N ledger entries as CSV to a
// client with an auditor's personal access token (GET /api/v1/funds/:fund/ledger/export). Measured:
// rows per second from request to last byte, and the API process's peak resident memory during the
// export (VmHWM in /proc/<pid>/status, reset before each export through /proc/<pid>/clear_refs).
// Baseline, same run, same Postgres: `COPY (the export's own SELECT) TO STDOUT (FORMAT csv)` through
// psql, its output read by this process. JSON and XLSX are measured too (reported, no target).
//
// Seeding: N/2 balanced two-entry contributions across ten funders, written with INSERT … SELECT
// generate_series, one database transaction per 100,000 entries. The ledger's triggers stay on
// (each transaction's balance is checked at commit); the hashes are random-looking hex, not a chain
// (the export does not verify the chain, so its speed does not depend on it).
//
// Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth), psql on the PATH, and Redis on
// 127.0.0.1:6379. It creates its own database (cp_bench_<random>) and queue prefix, and drops /
// deletes both at the end, also when it fails or is stopped. BENCH_LEDGER_ENTRIES overrides N
// (default 1,000,000), BENCH_LEDGER_RUNS the number of CSV and COPY runs (default 3, median taken);
// BENCH_LEDGER_CPU_PROFILE=<dir> writes the API's CPU profile there (bench/cpu-profile.js).
'use strict';

const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { readFileSync, writeFileSync } = require('node:fs');
const { cpus } = require('node:os');
const { performance } = require('node:perf_hooks');

const { ScratchRun, codeVersion: builtCodeVersion, cleanupMode, procCpuMs, readPositiveInt, table } = require('./support/services');
const codeVersion = () => builtCodeVersion('dist/apps/api/src/main.js');
const ENTRIES = readPositiveInt('BENCH_LEDGER_ENTRIES', 1_000_000);
const RUNS = readPositiveInt('BENCH_LEDGER_RUNS', 3);
const FUNDERS = 10;
const SEED_CHUNK_ENTRIES = 100_000;
const TARGET_RATIO = 0.5;
const TARGET_RSS_MB = 250;
const BUDGET_SECONDS = 600;
const BOOT_DEADLINE_MS = 60_000;
const EXPORT_DEADLINE_MS = 240_000;
const RSS_SAMPLE_MS = 50;

module.exports = {
  description: `${ENTRIES.toLocaleString('en-GB')} ledger entries exported as CSV through the API (also JSON, XLSX): rows/s and the API's peak RSS; baseline COPY … TO STDOUT of the same SELECT, same Postgres`,
  budgetSeconds: BUDGET_SECONDS,

  run: (helpers) => new Bench(helpers).runCleanly(),
};

class Bench extends ScratchRun {
  constructor(helpers) {
    super('ledger-export', __filename, helpers);
  }

  async run() {
    const { hashSecret } = require('../dist/libs/identity/src/domain/secret-token');
    const { TOKEN_PREFIX } = require('../dist/libs/identity/src/usecases/create-access-token/create-access-token.usecase');
    const { LedgerExportRepository } = require('../dist/libs/ledger/src/persistence/ledger-export.repository');
    const { freePort } = require('../dist/libs/kernel/src');

    // ------------------------------------------------------------ setup (not measured)
    await this.createDatabase();
    const seedStarted = performance.now();
    const fundId = await this.seed();
    const seedMs = performance.now() - seedStarted;
    const token = await this.auditorToken(fundId, hashSecret, TOKEN_PREFIX);
    const { rows: [{ entries }] } = await this.db.query(`SELECT count(*)::int AS entries FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id WHERE t.fund_id = $1`, [fundId]);
    if (entries !== ENTRIES) throw new Error(`seeded ${entries} entries, expected ${ENTRIES}`);

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const api = this.spawnApi(port, { profile: process.env.BENCH_LEDGER_CPU_PROFILE });
    await this.waitForHealth(base, api, BOOT_DEADLINE_MS);
    const pid = api.process.pid;
    const bootRssMb = procStatusMb(pid, 'VmRSS');

    const path = (format, extra = '') => `/api/v1/funds/${fundId}/ledger/export?format=${format}&table=entries${extra}`;
    // Warm-up, untimed: the export path once on a small period (so the JIT has seen it), and the whole
    // table once through COPY (so both sides read from a warm buffer cache).
    await this.download(base, path('csv', '&to=2024-01-31'), token, pid);
    await this.copy(new LedgerExportRepository(null).statement({ fundId, table: 'entries' }));

    // ------------------------------------------------------------ measured: CSV and COPY, alternately
    const statement = new LedgerExportRepository(null).statement({ fundId, table: 'entries' });
    const csv = [];
    const copy = [];
    for (let i = 0; i < RUNS; i++) {
      csv.push(await this.download(base, path('csv'), token, pid));
      copy.push(await this.copy(statement));
    }
    const json = await this.download(base, path('json'), token, pid);
    const xlsx = await this.download(base, path('xlsx'), token, pid);

    // ------------------------------------------------------------ verified: each file's manifest
    for (const run of [...csv, json, xlsx]) {
      const manifest = await getJson(`${base}/api/v1/funds/${fundId}/exports/${run.exportId}`, token);
      if (manifest.status !== 'complete' || manifest.rows?.entries !== ENTRIES || manifest.bytes !== run.bytes || manifest.sha256 !== run.sha256) {
        throw new Error(`export ${run.exportId}: manifest ${JSON.stringify(manifest)} does not match what was received (${run.bytes} bytes, sha256 ${run.sha256})`);
      }
    }
    for (const run of csv) if (run.lines !== ENTRIES + 1) throw new Error(`CSV had ${run.lines} lines, expected ${ENTRIES + 1}`);
    for (const run of copy) if (run.lines !== ENTRIES + 1) throw new Error(`COPY gave ${run.lines} lines, expected ${ENTRIES + 1}`);

    // ------------------------------------------------------------ the figures
    const fmt = (n) => Math.round(n).toLocaleString('en-GB');
    const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;
    const mb = (n) => `${n.toFixed(0)} MB`;
    const median = this.helpers.median;
    const rate = (runs) => ENTRIES / (median(runs.map((r) => r.ms)) / 1000);
    const csvRate = rate(csv);
    const copyRate = rate(copy);
    const ratio = csvRate / copyRate;
    const csvPeak = Math.max(...csv.map((r) => r.peakMb));
    const rows = [
      ['', 'runs', 'median wall', 'rows/s', 'MB/s', 'file', 'API peak RSS', 'API CPU'],
      ...[
        ['measured  CSV through the API', csv],
        ['baseline  COPY … TO STDOUT (psql)', copy],
        ['also      JSON through the API', [json]],
        ['also      XLSX through the API', [xlsx]],
      ].map(([label, runs]) => {
        const ms = median(runs.map((r) => r.ms));
        const peak = runs[0].peakMb === undefined ? '–' : mb(Math.max(...runs.map((r) => r.peakMb)));
        const cpu = runs[0].cpuMs === undefined ? '–' : secs(median(runs.map((r) => r.cpuMs)));
        return [label, String(runs.length), secs(ms), fmt(ENTRIES / (ms / 1000)), (runs[0].bytes / 1e6 / (ms / 1000)).toFixed(1), mb(runs[0].bytes / 1e6), peak, cpu];
      }),
    ];
    const ratioOk = ratio >= TARGET_RATIO;
    const rssOk = csvPeak < TARGET_RSS_MB;
    const out = [
      'ledger-export',
      `  code      ${codeVersion()}`,
      `  setup     ${fmt(ENTRIES)} entries (${fmt(ENTRIES / 2)} balanced contributions, ${FUNDERS} funders, ${FUNDERS * 2} accounts) in one fund, seeded in SQL in ${secs(seedMs)}, then VACUUM ANALYZE`,
      `  api       1 process (node dist/apps/api/src/main.js, NODE_ENV=production, LOG_LEVEL=warn), ${mb(bootRssMb)} resident after boot; an auditor's token (ledger:read, scoped to the fund)`,
      `  client    one plain http.get in this process reading as fast as it can (SHA-256 and line count of what arrives); the API's RSS sampled every ${RSS_SAMPLE_MS} ms and VmHWM read after each export (reset before it)`,
      `  baseline  psql -c "COPY (<the export's SELECT>) TO STDOUT (FORMAT csv, HEADER)", read through a pipe by this process (hashed and counted alike); same Postgres, same rows, order and columns (pence, not pounds)`,
      `  machine   ${cpus().length} cores, shared by this process, the API and Postgres`,
      '',
      ...table(rows).map((l) => `  ${l}`),
      '',
      `  ratio     CSV through the API at ${ratio.toFixed(2)}× COPY's rate (${fmt(csvRate)} / ${fmt(copyRate)} rows/s)`,
      `  target    ≥ ${TARGET_RATIO}× COPY's rate: ${ratioOk ? 'PASS' : 'MISS'}; API peak RSS during the CSV exports < ${TARGET_RSS_MB} MB (${mb(csvPeak)}): ${rssOk ? 'PASS' : 'MISS'}`,
      `  manifests every file's manifest (rows ${fmt(ENTRIES)}, bytes, SHA-256) matches what was received`,
    ];
    if (api.warningCount) out.push(`  api logged ${fmt(api.warningCount)} lines (LOG_LEVEL=warn), the first: ${api.warnings[0].slice(0, 300)}`);
    console.log(out.join('\n'));
  }

  /** Migrations as an operator runs them: the built CLI. */

  /** A fund with FUNDERS funding organisations, their two accounts each, and ENTRIES / 2 balanced contributions spread over three years. */
  async seed() {
    const { rows: [{ id: fundId }] } = await this.db.query(`INSERT INTO funds (slug, name, purpose) VALUES ('bench-books', 'Books Fund', 'A fund with long books') RETURNING id`);
    const { rows: organisations } = await this.db.query(
      `INSERT INTO funding_organisations (identifier, name) SELECT 'GB-CHC-' || (1000000 + g), 'Funder ' || g FROM generate_series(1, $1::int) AS g RETURNING id`,
      [FUNDERS],
    );
    const accounts = async (kind) =>
      (await this.db.query(`INSERT INTO ledger_accounts (fund_id, kind, organisation_id) SELECT $1, $2, unnest($3::uuid[]) RETURNING id`, [fundId, kind, organisations.map((o) => o.id)])).rows.map((r) => r.id);
    const unallocated = await accounts('unallocated');
    const contributions = await accounts('contributions');
    const transactions = ENTRIES / 2;
    if (!Number.isInteger(transactions)) throw new Error('BENCH_LEDGER_ENTRIES must be even (two entries a transaction)');
    for (let first = 1; first <= transactions; first += SEED_CHUNK_ENTRIES / 2) {
      const last = Math.min(transactions, first + SEED_CHUNK_ENTRIES / 2 - 1);
      await this.db.query('BEGIN');
      await this.db.query(
        `WITH posted AS (
           INSERT INTO ledger_transactions (fund_id, seq, kind, idempotency_key, memo, effective_on, posted_at, prev_hash, hash)
           SELECT $1, g, 'contribution', 'bench:' || g, jsonb_build_object('contributionId', gen_random_uuid()), DATE '2024-01-01' + (g * 1095 / $4::int),
                  TIMESTAMPTZ '2024-01-01 09:00Z' + make_interval(secs => g * 60), CASE WHEN g > 1 THEN md5((g - 1)::text) || md5((g - 1)::text || 'h') END, md5(g::text) || md5(g::text || 'h')
             FROM generate_series($2::int, $3::int) AS g
           RETURNING id, seq)
         INSERT INTO ledger_entries (transaction_id, account_id, amount_pence)
         SELECT p.id, e.account, e.amount
           FROM posted p, LATERAL (SELECT 1 + (p.seq * 7919) % 250000 AS pence, 1 + p.seq % $7::int AS funder) AS x,
                LATERAL (VALUES (($5::uuid[])[x.funder], x.pence), (($6::uuid[])[x.funder], -x.pence)) AS e(account, amount)
          ORDER BY p.seq`,
        [fundId, first, last, transactions, unallocated, contributions, FUNDERS],
      );
      await this.db.query('COMMIT');
    }
    await this.db.query('VACUUM ANALYZE');
    return fundId;
  }

  /** An auditor of the fund with a personal access token made as CreateAccessTokenUseCase makes one (its hash stored, the secret kept here). */
  async auditorToken(fundId, hashSecret, prefix) {
    const secret = `${prefix}${randomBytes(32).toString('base64url')}`;
    const { rows: [{ id }] } = await this.db.query(`INSERT INTO accounts (email, display_name, password_hash, email_verified_at) VALUES ('auditor@bench.invalid', 'Auditor', '!bench: no password', now()) RETURNING id`);
    await this.db.query(`INSERT INTO role_assignments (account_id, role, scope_type, scope_id) VALUES ($1, 'auditor', 'fund', $2)`, [id, fundId]);
    await this.db.query(`INSERT INTO personal_access_tokens (account_id, name, token_hash, prefix, scopes) VALUES ($1, 'bench', $2, $3, ARRAY['ledger:read'])`, [id, hashSecret(secret), secret.slice(0, prefix.length + 6)]);
    return secret;
  }

  /** One export, read to the end: wall time, bytes, lines, SHA-256, the API's peak RSS and CPU time during it. */
  async download(base, path, token, pid) {
    const { createHash } = require('node:crypto');
    const http = require('node:http');
    writeFileSync(`/proc/${pid}/clear_refs`, '5'); // resets VmHWM to the current RSS
    let sampledPeak = 0;
    const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, procStatusMb(pid, 'VmRSS'))), RSS_SAMPLE_MS);
    const cpu0 = procCpuMs(pid);
    const started = performance.now();
    try {
      return await new Promise((resolve, reject) => {
        const req = http.get(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
          if (res.statusCode !== 200) {
            res.resume();
            reject(new Error(`GET ${path}: ${res.statusCode}`));
            return;
          }
          const hash = createHash('sha256');
          let bytes = 0;
          let lines = 0;
          res.on('data', (chunk) => {
            hash.update(chunk);
            bytes += chunk.length;
            for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines += 1;
          });
          res.on('end', () => {
            const ms = performance.now() - started;
            resolve({ ms, bytes, lines, sha256: hash.digest('hex'), exportId: res.headers['x-export-id'], peakMb: Math.max(sampledPeak, procStatusMb(pid, 'VmHWM')), cpuMs: procCpuMs(pid) - cpu0 });
          });
          res.on('error', reject);
        });
        req.setTimeout(EXPORT_DEADLINE_MS, () => req.destroy(new Error(`GET ${path}: no end in ${EXPORT_DEADLINE_MS / 1000} s`)));
        req.on('error', reject);
      });
    } finally {
      clearInterval(sampler);
    }
  }

  /** COPY of the export's own SELECT (parameters written in as literals: COPY takes none) through psql, read through a pipe. */
  async copy({ text, values }) {
    const literal = (v) => (v === null ? 'NULL' : `'${String(v).replace(/'/g, "''")}'`);
    const sql = `COPY (${text.replace(/\$(\d+)/g, (_, n) => literal(values[Number(n) - 1]))}) TO STDOUT (FORMAT csv, HEADER)`;
    const started = performance.now();
    const psql = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', this.databaseUrl, '-c', sql], { stdio: ['ignore', 'pipe', 'pipe'] });
    // The same work on what arrives as for the API's file (hashed, lines counted): this process shares the cores.
    const hash = require('node:crypto').createHash('sha256');
    let bytes = 0;
    let lines = 0;
    let stderr = '';
    psql.stdout.on('data', (chunk) => {
      hash.update(chunk);
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines += 1;
    });
    psql.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => psql.on('close', resolve));
    if (code !== 0) throw new Error(`psql COPY failed (${code}): ${stderr}`);
    return { ms: performance.now() - started, bytes, lines, sha256: hash.digest('hex') };
  }
}

/** A size line of /proc/<pid>/status (VmRSS, VmHWM) in MB, or 0 when it cannot be read. */
function procStatusMb(pid, field) {
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function getJson(url, token) {
  return new Promise((resolve, reject) => {
    require('node:http')
      .get(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`GET ${url}: ${res.statusCode} ${body.slice(0, 300)}`))));
      })
      .on('error', reject);
  });
}

if (require.main === module) {
  const [mode, ...args] = process.argv.slice(2);
  if (mode === '--cleanup') {
    cleanupMode('ledger-export', args);
  } else {
    console.error('Run it with: npm run bench -- ledger-export');
    process.exit(2);
  }
}
