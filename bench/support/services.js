// What the benchmarks that run the built processes against real services share: child processes
// kept an eye on, CPU time from /proc, Postgres and Redis clean-up, and small figures helpers.
'use strict';

const { spawnSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
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

/** Which code was measured: the commit, the files changed since, and when dist/ was built. */
/** The commit measured, and when dist/ (whose `entry` the benchmark runs) was built. */
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

module.exports = { PG_ADMIN_URL, REDIS_URL, Child, readPositiveInt, quantile, table, sleep, procCpuMs, deleteKeys, emergencyCleanup, codeVersion };
