// What the benchmarks that run the built processes against real services share: child processes
// kept an eye on, CPU time from /proc, Postgres and Redis clean-up, and small figures helpers.
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..');
const PG_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = 'redis://127.0.0.1:6379';
const TERM_GRACE_MS = 5_000; // SIGTERM, then SIGKILL after this
const CLK_TCK = 100; // USER_HZ: the unit of utime/stime in /proc/<pid>/stat on Linux

class Child {
  constructor(name, proc) {
    this.name = name;
    this.process = proc;
    this.exited = false;
    this.tail = [];
    this.warnings = [];
    this.warningCount = 0;
    this.exitPromise = new Promise((resolve) => {
      proc.once('exit', (code, signal) => {
        this.exited = true;
        this.exitCode = code;
        this.exitSignal = signal;
        resolve();
      });
    });
    const collect = (stream) => {
      let partial = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop();
        for (const line of lines) {
          if (!line.trim()) continue;
          this.tail.push(line);
          if (this.tail.length > 20) this.tail.shift();
          this.warningCount += 1;
          if (this.warnings.length < 3) this.warnings.push(line);
        }
      });
    };
    collect(proc.stdout);
    collect(proc.stderr);
  }

  describeExit() {
    return `${this.name} exited (${this.exitSignal ?? `code ${this.exitCode}`}):\n${this.tail.map((l) => `    ${l}`).join('\n')}`;
  }

  kill(signal) {
    if (!this.exited) {
      try {
        this.process.kill(signal);
      } catch {
        // already gone
      }
    }
  }

  /** SIGTERM (a worker finishes the jobs in hand, an API closes its connections), SIGKILL if it is still there after the grace period. */
  async stop() {
    if (this.exited) return;
    this.kill('SIGTERM');
    const timer = setTimeout(() => this.kill('SIGKILL'), TERM_GRACE_MS);
    await this.exitPromise;
    clearTimeout(timer);
  }
}

function readPositiveInt(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number, 1 or more (got "${raw}")`);
  return value;
}

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('   '));
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** CPU time (user + system, all threads) of a process in ms, or null when it cannot be read. */
function procCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return null;
  }
}

async function deleteKeys(redis, prefix) {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
}

/** Synchronous last resort, run by the parent's exit handler: drop the database, delete the prefix's keys. */
async function emergencyCleanup(dbName, prefix) {
  const { Redis } = require('ioredis');
  const pg = require('pg');
  if (dbName !== '-' && /^cp_bench_[0-9a-f]+$/.test(dbName)) {
    const admin = new pg.Client(PG_ADMIN_URL);
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
  if (/^cp_bench_[0-9a-f]+$/.test(prefix)) {
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    await deleteKeys(redis, prefix);
    await redis.quit();
  }
}

/** A bench file's --cleanup mode, as the emergency clean-up runs it (`node <file> --cleanup <db> <prefix>`): then exits. */
function cleanupMode(name, [dbName, prefix]) {
  emergencyCleanup(dbName, prefix).then(
    () => process.exit(0),
    (error) => {
      console.error(`${name} clean-up: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}

/** Which code was measured: the commit, the files changed since, and when dist/ (whose `entry` the benchmark runs) was built. */
function codeVersion(entry) {
  const git = (...args) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
  const head = git('rev-parse', '--short', 'HEAD') || 'unknown commit';
  const changed = git('status', '--porcelain', '--', 'apps', 'libs', 'migrations').split('\n').filter(Boolean).length;
  let built = 'unknown';
  try {
    built = require('node:fs').statSync(join(ROOT, entry)).mtime.toISOString().replace(/\.\d+Z$/, 'Z');
  } catch {
    // no dist: the run fails earlier
  }
  return `${head}${changed ? ` + ${changed} changed source files` : ''}, dist built ${built}`;
}

/**
 * One benchmark run's scratch services: a database and a queue prefix of its own, an upload
 * directory, the built processes it starts; all taken away at the end, once, even when the runner
 * ends an overrunning run with process.exit (no finally block runs) or Ctrl-C ends it (through the
 * bench file's --cleanup mode, synchronously).
 */
class ScratchRun {
  /** `name` for messages; `file` the bench file, whose --cleanup mode drops what a killed run left; `helpers` the runner's. */
  constructor(name, file, helpers) {
    this.name = name;
    this.file = file;
    this.helpers = helpers;
    this.dbName = `cp_bench_${randomBytes(6).toString('hex')}`;
    this.databaseUrl = `postgres://postgres@127.0.0.1:5432/${this.dbName}`;
    this.prefix = `cp_bench_${randomBytes(6).toString('hex')}`;
    this.storageDir = join(tmpdir(), `${this.prefix}-uploads`);
    this.children = new Set();
    this.created = { database: false };
    this.cleanedUp = false;
  }

  /** The subclass's run(), with everything it made taken away afterwards whatever happens. */
  async runCleanly() {
    this.installEmergencyCleanup();
    try {
      await this.run();
    } finally {
      await this.cleanup();
    }
  }

  async waitForHealth(base, api, deadlineMs = 60_000) {
    const started = Date.now();
    for (;;) {
      if (api.exited) throw new Error(api.describeExit());
      const status = await new Promise((resolve) => {
        const req = require('node:http').get(`${base}/health`, (res) => {
          res.resume();
          resolve(res.statusCode);
        });
        req.on('error', () => resolve(0));
        req.setTimeout(2000, () => req.destroy());
      });
      if (status === 200) return;
      if (Date.now() - started > deadlineMs) throw new Error(`the API did not answer GET /health within ${deadlineMs / 1000} s:\n${api.tail.join('\n')}`);
      await sleep(100);
    }
  }

  /** `ipc`: a channel to the child too (for a child that reports back by message). */
  spawnChild(name, args, env, ipc = false) {
    const child = new Child(name, spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe', ...(ipc ? ['ipc'] : [])] }));
    this.children.add(child);
    return child;
  }

  /** The run's database made, migrated (`migrate`) and connected as `this.db`. */
  async createDatabase() {
    const pg = require('pg');
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
  }

  /** The migrations, through the built command line, as `npm run migrate` runs them. */
  async migrate() {
    const child = this.spawnChild('migrate', [join(ROOT, 'dist/apps/cli/src/main.js'), 'migrate'], { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test', DATABASE_URL: this.databaseUrl, LOG_LEVEL: 'warn' });
    await child.exitPromise;
    this.children.delete(child);
    if (child.exitCode !== 0) throw new Error(`migrate failed: ${child.describeExit()}`);
  }

  /**
   * The built API on `port`, as it ships (NODE_ENV=production), on this run's database, queue
   * prefix and upload directory; `profile`, a directory for its CPU profile (bench/cpu-profile.js);
   * `env`, what the benchmark adds or changes.
   */
  spawnApi(port, { profile, env = {} } = {}) {
    return this.spawnChild('api', [...(profile ? ['--require', join(__dirname, '..', 'cpu-profile.js')] : []), join(ROOT, 'dist/apps/api/src/main.js')], {
      ...(profile ? { BENCH_NOTIFY_CPU_PROFILE: profile } : {}),
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      DATABASE_URL: this.databaseUrl,
      REDIS_URL,
      QUEUE_PREFIX: this.prefix,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      PORT: String(port),
      // Production requires an https public address, an SMTP server and a storage directory. The API
      // only writes email to the outbox (a worker sends it), so the SMTP address is never dialled.
      PUBLIC_URL: 'https://bench.invalid',
      SMTP_URL: 'smtp://127.0.0.1:9',
      STORAGE_DIR: this.storageDir,
      LOG_LEVEL: 'warn',
      ...env,
    });
  }

  cleanup() {
    this.cleaning ??= this.cleanupOnce();
    return this.cleaning;
  }

  async cleanupOnce() {
    const problems = [];
    const attempt = async (what, fn) => {
      try {
        await fn();
      } catch (error) {
        problems.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    await attempt('stop children', () => Promise.all([...this.children].map((c) => c.stop())));
    await this.cleanupMore(attempt);
    await attempt('close pool', () => this.pool?.end());
    await attempt('close db', () => this.db?.end());
    await attempt('delete queue keys', async () => {
      const { Redis } = require('ioredis');
      const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
      try {
        await redis.connect();
        await deleteKeys(redis, this.prefix);
      } finally {
        redis.disconnect();
      }
    });
    if (this.created.database) {
      await attempt('drop database', async () => {
        const admin = new (require('pg').Client)(PG_ADMIN_URL);
        await admin.connect();
        try {
          await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [this.dbName]);
          await admin.query(`DROP DATABASE IF EXISTS ${this.dbName} WITH (FORCE)`);
        } finally {
          await admin.end();
        }
      });
    }
    await attempt('remove upload directory', () => rmSync(this.storageDir, { recursive: true, force: true }));
    this.cleanedUp = true;
    process.removeListener('exit', this.onExit);
    for (const signal of ['SIGINT', 'SIGTERM']) process.removeListener(signal, this.onSignal);
    if (problems.length) process.stderr.write(`${this.name}: clean-up problems:\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
  }

  /** What a benchmark made beyond the run's own (a receiver, queues), taken away before the database goes; each step through `attempt`. */
  async cleanupMore() {}

  installEmergencyCleanup() {
    this.onExit = () => {
      if (this.cleanedUp) return;
      for (const child of this.children) child.kill('SIGKILL');
      spawnSync(process.execPath, [this.file, '--cleanup', this.created.database ? this.dbName : '-', this.prefix], { cwd: ROOT, stdio: 'inherit', timeout: 20_000 });
      rmSync(this.storageDir, { recursive: true, force: true });
    };
    this.onSignal = (signal) => {
      process.stderr.write(`${this.name}: ${signal}, cleaning up\n`);
      this.cleanup().finally(() => process.exit(130));
    };
    process.on('exit', this.onExit);
    for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, this.onSignal);
  }
}

module.exports = { ScratchRun, REDIS_URL, readPositiveInt, quantile, table, sleep, procCpuMs, cleanupMode, codeVersion };
