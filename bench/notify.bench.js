// Email notifications end to end, as the worker ships: N outbox rows written in one INSERT (a
// "voting is open" announcement to N voters), then two worker processes (node
// dist/apps/worker/src/main.js) relay them into BullMQ and deliver them over SMTP to a lean
// counting receiver on loopback. Measured: messages per second from spawning the workers to the
// N-th message received, the lag from each row's created_at to its receipt, and lost/duplicated
// messages. Baseline, same run, same Redis: bare BullMQ, N jobs added in bulk and completed by
// two consumer processes at the same concurrency doing nothing, the ceiling of the queue alone.
//
// Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth) and Redis on 127.0.0.1:6379. It
// creates its own database (cp_bench_<random>) and queue prefix, and drops / deletes both at the
// end, also when it fails or is stopped. BENCH_NOTIFY_COUNT overrides N (default 100,000);
// BENCH_NOTIFY_WORKERS the number of worker processes (default 2; 1 is useful to see how it scales);
// BENCH_NOTIFY_CPU_PROFILE=<dir> writes each worker's CPU profile there (bench/cpu-profile.js).
'use strict';

const { randomBytes, randomUUID } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');

const ROOT = join(__dirname, '..');
const { ScratchRun, REDIS_URL, codeVersion: builtCodeVersion, cleanupMode, procCpuMs, quantile, readPositiveInt, sleep, table } = require('./support/services');
const codeVersion = () => builtCodeVersion('dist/apps/worker/src/main.js');
const DEFAULT_COUNT = 100_000;
const COUNT = readPositiveInt('BENCH_NOTIFY_COUNT', DEFAULT_COUNT);
const WORKERS = readPositiveInt('BENCH_NOTIFY_WORKERS', 2);
const CPU_PROFILE_DIR = process.env.BENCH_NOTIFY_CPU_PROFILE || undefined;
const TARGET_PER_SECOND = 1000;
const BUDGET_SECONDS = 900;
// Each phase has its own deadline, well inside the budget, so that the clean-up always runs: a
// slow run reports how far it got instead of being stopped by the runner.
const DELIVERY_DEADLINE_MS = 540_000;
const BASELINE_DEADLINE_MS = 180_000;
const STALL_MS = 60_000; // no message at all for this long: stop waiting
const SETTLE_MS = 1_000; // after the N-th message, room for a duplicate to show itself
const SAMPLE_MS = 1_000; // progress, Postgres connections and CPU are sampled this often
const CLK_TCK = 100; // USER_HZ: the unit of utime/stime in /proc/<pid>/stat on Linux
const BASELINE_QUEUE = 'bench-baseline';
const VOTING_OPEN_STAND_IN = 'already-registered';


module.exports = {
  description: `${WORKERS} worker processes deliver ${COUNT.toLocaleString('en-GB')} outbox emails over SMTP; baseline bare BullMQ jobs, same count, same Redis`,
  budgetSeconds: BUDGET_SECONDS,

  async run(helpers) {
    await new Bench(helpers).runCleanly();
  },
};

// ---------------------------------------------------------------- the benchmark

class Bench extends ScratchRun {
  constructor(helpers) {
    super('notify', __filename, helpers);
  }

  async run() {
    const { Queue } = require('bullmq');
    const { Redis } = require('ioredis');
    const { dataSourceOptions } = require('../dist/libs/kernel/src/database/data-source-options');
    const { bullConnectionOptions } = require('../dist/libs/kernel/src/queue/redis');
    const { QueueName } = require('../dist/libs/kernel/src/queue/queue-names');
    const { EmailProcessor, EMAIL_ATTEMPTS } = require('../dist/libs/notifications/src/jobs/email.processor');
    const { EMAIL_BATCH } = require('../dist/libs/notifications/src/jobs/email-jobs');
    const { MESSAGES_IN_HAND, BATCHES_IN_HAND } = require('../dist/libs/notifications/src/usecases/deliver-email/deliver-email.usecase');
    const { SMTP_POOL_SIZE } = require('../dist/libs/kernel/src/mail/mailer');
    const { RELAY_BATCH } = require('../dist/libs/notifications/src/jobs/outbox-relay');
    const { NotificationEvent, EVENT_CATEGORY } = require('../dist/libs/notifications/src/domain/notification-event');

    // Read back from the code, so the report says what was measured rather than what a comment says.
    const concurrency = Reflect.getMetadata('bullmq:worker_metadata', EmailProcessor)?.concurrency ?? 1;
    const poolMax = dataSourceOptions('postgres://x@localhost/x').extra?.max;
    const events = Object.values(NotificationEvent);
    const votingOpen = events.find((e) => /vot/.test(e));
    const code = codeVersion(); // now, before the workers start: another build may replace dist/ during a long run
    const eventType = votingOpen ?? VOTING_OPEN_STAND_IN;
    const category = votingOpen ? EVENT_CATEGORY[votingOpen] : 'account';

    // ------------------------------------------------------------ setup (not measured)
    await this.createDatabase();
    this.redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    this.receiver = new CountingReceiver();
    const smtpUrl = await this.receiver.start();
    const emailQueue = new Queue(QueueName.Email, { connection: bullConnectionOptions(REDIS_URL), prefix: this.prefix });
    this.queues = [emailQueue];

    // ------------------------------------------------------------ measured: outbox → two workers → SMTP
    const insertStarted = performance.now();
    // As the phase scheduler writes them: residents with accounts (so the preference lookup and a
    // signed unsubscribe link per message), one in five in Welsh, the round's payload.
    await this.db.query(
      `INSERT INTO notification_outbox (idempotency_key, event_id, event_type, category, channel, recipient_account_id, recipient_address, language, payload)
       SELECT $2 || ':bench-round:public-vote:' || a || ':email', 'bench-round:public-vote', $2, $3, 'email', a, 'voter-' || g || '@example.org',
              CASE WHEN g % 5 = 0 THEN 'cy' ELSE 'en' END,
              jsonb_build_object('fundName', 'Riverside Community Fund', 'roundName', 'Summer 2027', 'roundPath', '/funds/riverside-community-fund/rounds/summer-2027',
                                 'closesAt', '2027-06-30T23:00:00.000Z', 'name', 'Voter ' || g)
         FROM (SELECT g, md5('bench-voter-' || g)::uuid AS a FROM generate_series(1, $1::int) AS g) AS voters`,
      [COUNT, eventType, category],
    );
    const insertMs = performance.now() - insertStarted;

    const workerEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development', // production demands an https PUBLIC_URL; nothing in the worker's path depends on it
      DATABASE_URL: this.databaseUrl,
      REDIS_URL,
      SMTP_URL: smtpUrl,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      QUEUE_PREFIX: this.prefix,
      LOG_LEVEL: 'warn',
      PUBLIC_URL: 'http://localhost:3000',
    };
    const sampler = new Sampler(this.db, this.dbName, this.redis, emailQueue);
    await sampler.start();
    const spawnedAt = performance.now();
    const workers = [];
    const profile = CPU_PROFILE_DIR ? ['--require', join(__dirname, 'cpu-profile.js')] : [];
    if (CPU_PROFILE_DIR) workerEnv.BENCH_NOTIFY_CPU_PROFILE = CPU_PROFILE_DIR;
    for (let i = 0; i < WORKERS; i++) workers.push(this.spawnChild(`worker ${i + 1}`, [...profile, join(ROOT, 'dist/apps/worker/src/main.js')], workerEnv));
    sampler.track(workers, () => this.receiver.received);

    const outcome = await waitUntil({
      done: () => this.receiver.received >= COUNT,
      progress: () => this.receiver.received,
      deadlineMs: DELIVERY_DEADLINE_MS,
      failed: () => workers.find((w) => w.exited)?.describeExit(),
    });
    const deliveredAt = performance.now();
    const elapsedMs = (this.receiver.lastAt ?? deliveredAt) - spawnedAt;
    if (outcome === 'done') await sleep(SETTLE_MS);
    await sampler.sample(); // the last figures, before the workers go
    sampler.stop();
    await Promise.all(workers.map((w) => w.stop()));

    const received = this.receiver.received;
    const distinct = this.receiver.firstAt.size;
    const ours = [...this.receiver.firstAt.keys()].filter((a) => /^voter-\d+@example\.org$/.test(a)).length;
    const lost = COUNT - ours;
    const duplicated = received - distinct;
    const rate = (received === 0 ? 0 : Math.min(received, COUNT)) / (elapsedMs / 1000);

    const lag = await this.lags();
    const { rows: deliveryRows } = await this.db.query(`SELECT status, count(*)::int AS n FROM notification_deliveries GROUP BY status ORDER BY status`);
    const { rows: [outboxRow] } = await this.db.query(`SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*) FILTER (WHERE status = 'relayed')::int AS relayed FROM notification_outbox`);
    const emailCounts = await emailQueue.getJobCounts('wait', 'active', 'delayed', 'failed', 'completed');
    const steady = steadyRate(this.receiver.times);

    // ------------------------------------------------------------ baseline: bare BullMQ, same Redis
    const baseline = await this.baseline({ Queue, bullConnectionOptions, concurrency, attempts: EMAIL_ATTEMPTS, batch: RELAY_BATCH });

    // ------------------------------------------------------------ report
    const fmt = (n) => Math.round(n).toLocaleString('en-GB');
    const secs = (ms) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
    const out = [];
    out.push('notify');
    out.push(`  ${fmt(COUNT)} outbox rows, one INSERT … SELECT generate_series (${secs(insertMs)}, not in the measured time), each to a distinct address`);
    out.push(
      votingOpen
        ? `  event '${votingOpen}' (category '${category}'): residents with accounts (preference lookup, unsubscribe link), one in five in Welsh`
        : `  there is no 'voting-open' event yet (NotificationEvent: ${events.join(', ')}); the rows use '${eventType}' (category '${category}', no preference lookup, no unsubscribe link) as a stand-in`,
    );
    out.push(`  ${WORKERS} × node dist/apps/worker/src/main.js: outbox relay (batches of ${RELAY_BATCH}, ${EMAIL_BATCH} outbox ids per job) + EmailProcessor (concurrency ${concurrency}; ${BATCHES_IN_HAND} batches and ${MESSAGES_IN_HAND} messages in hand), Postgres pool max ${poolMax} each, ${SMTP_POOL_SIZE} SMTP connections each`);
    out.push(`  receiver: smtp-server on ${smtpUrl.replace(/\?.*/, '')}, counting and reading only the Message-ID header (no mailparser)`);
    out.push(`  code: ${code}`);
    out.push(`  Postgres 127.0.0.1:5432/${this.dbName}, Redis ${REDIS_URL} prefix ${this.prefix}; machine: ${require('node:os').cpus().length} cores, shared, so figures are noisy`);
    out.push('');
    const rows = [
      ['', 'count', 'wall', 'per second', 'steady 10–90 %', 'first after'],
      [`measured  emails delivered (${plural(WORKERS, 'worker')})`, fmt(Math.min(received, COUNT)), secs(elapsedMs), fmt(rate), steady ? fmt(steady) : '–', this.receiver.times.length ? secs(this.receiver.times[0] - spawnedAt) : '–'],
      [`baseline  bare BullMQ jobs (${plural(WORKERS, 'consumer')})`, fmt(baseline.completed), secs(baseline.consumeMs), fmt(baseline.rate), baseline.steady ? fmt(baseline.steady) : '–', baseline.firstMs === undefined ? '–' : secs(baseline.firstMs)],
    ];
    out.push(...table(rows).map((l) => `  ${l}`));
    out.push(`            (baseline addBulk of ${fmt(COUNT)} jobs in batches of ${RELAY_BATCH} took ${secs(baseline.addMs)} before the consumers started, ${fmt(COUNT / (baseline.addMs / 1000))}/s)`);
    out.push('');
    out.push(`  ratio     measured rate is ${(rate / baseline.rate).toFixed(3)}× the baseline's (${(baseline.rate / Math.max(rate, 1e-9)).toFixed(1)}× slower)`);
    out.push(`  lag       created_at → received: median ${lag ? secs(lag.median) : '–'}, p95 ${lag ? secs(lag.p95) : '–'}, max ${lag ? secs(lag.max) : '–'} (all rows share one created_at: it is the wait of the k-th voter)`);
    out.push(`  outcome   received ${fmt(received)}, distinct recipients ${fmt(distinct)}, distinct Message-IDs ${fmt(this.receiver.messageIds.size)}, lost ${fmt(lost)}, duplicated ${fmt(duplicated)}${outcome === 'done' ? '' : `  (stopped waiting: ${outcome})`}`);
    out.push(`            notification_deliveries: ${deliveryRows.map((r) => `${r.status} ${fmt(r.n)}`).join(', ') || 'none'}; outbox pending ${fmt(outboxRow.pending)}, relayed ${fmt(outboxRow.relayed)}; queue ${Object.entries(emailCounts).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`);
    out.push(`            SMTP connections opened ${fmt(this.receiver.connections)}, at most ${this.receiver.peakOpen} open at once`);
    out.push(...sampler.summary(elapsedMs, Math.min(received, COUNT)).map((l) => `  ${l}`));
    for (const w of workers) if (w.warnings.length) out.push(`  ${w.name} logged ${fmt(w.warningCount)} lines (LOG_LEVEL=warn), the first: ${w.warnings[0].slice(0, 300)}`);
    const ok = rate >= TARGET_PER_SECOND && lost === 0 && duplicated === 0;
    const why = [
      rate < TARGET_PER_SECOND ? `${fmt(rate)}/s is below ${fmt(TARGET_PER_SECOND)}/s` : null,
      lost ? `${fmt(lost)} lost` : null,
      duplicated ? `${fmt(duplicated)} duplicated` : null,
    ].filter(Boolean);
    out.push(`  target    at least ${fmt(TARGET_PER_SECOND)} emails/s delivered, none lost or duplicated: ${ok ? 'within target' : `MISSED (${why.join('; ')})`}`);
    console.log(out.join('\n'));
  }

  /** created_at → receipt for every address received, from the receiver's stamps and the rows' created_at. */
  async lags() {
    if (this.receiver.firstAt.size === 0) return undefined;
    const { rows } = await this.db.query(`SELECT recipient_address AS a, (extract(epoch FROM created_at) * 1000)::float8 AS ms FROM notification_outbox`);
    const lags = [];
    for (const row of rows) {
      const at = this.receiver.firstAt.get(row.a.toLowerCase());
      if (at !== undefined) lags.push(at - row.ms);
    }
    lags.sort((a, b) => a - b);
    return { median: quantile(lags, 0.5), p95: quantile(lags, 0.95), max: lags[lags.length - 1] };
  }

  async baseline({ Queue, bullConnectionOptions, concurrency, attempts, batch }) {
    // The same job options as the relay sets (retries, backoff, completed jobs kept), so Redis does the same bookkeeping.
    const queue = new Queue(BASELINE_QUEUE, {
      connection: bullConnectionOptions(REDIS_URL),
      prefix: this.prefix,
      defaultJobOptions: { attempts, backoff: { type: 'exponential', delay: 5000, jitter: 0.5 }, removeOnComplete: 10_000, removeOnFail: false },
    });
    this.queues.push(queue);
    const addStarted = performance.now();
    for (let from = 0; from < COUNT; from += batch) {
      const jobs = [];
      for (let i = from; i < Math.min(COUNT, from + batch); i++) {
        const id = randomUUID();
        jobs.push({ name: 'deliver-email', data: { outboxId: id }, opts: { jobId: id } });
      }
      await queue.addBulk(jobs);
    }
    const addMs = performance.now() - addStarted;

    const env = { PATH: process.env.PATH, HOME: process.env.HOME, BENCH_QUEUE: BASELINE_QUEUE, BENCH_PREFIX: this.prefix, BENCH_CONCURRENCY: String(concurrency), BENCH_REDIS_URL: REDIS_URL };
    const counts = new Map();
    const samples = [];
    const spawnedAt = performance.now();
    const spawnedEpoch = Date.now();
    let firstMs;
    const consumers = [];
    for (let i = 0; i < WORKERS; i++) {
      const child = this.spawnChild(`consumer ${i + 1}`, [__filename, '--baseline-consumer'], env, true);
      child.process.on('message', (m) => {
        if (m?.type !== 'count') return;
        counts.set(i, m.completed);
        if (m.firstAt !== undefined) firstMs = Math.min(firstMs ?? Infinity, m.firstAt - spawnedEpoch);
        samples.push({ t: performance.now() - spawnedAt, n: total() });
      });
      consumers.push(child);
    }
    const total = () => [...counts.values()].reduce((a, b) => a + b, 0);
    const outcome = await waitUntil({ done: () => total() >= COUNT, progress: total, deadlineMs: BASELINE_DEADLINE_MS, failed: () => consumers.find((c) => c.exited)?.describeExit(), poll: 50 });
    const consumeMs = (samples.find((s) => s.n >= COUNT)?.t ?? performance.now() - spawnedAt);
    await Promise.all(consumers.map((c) => c.stop()));
    const completed = Math.min(total(), COUNT);
    const at = (fraction) => samples.find((s) => s.n >= COUNT * fraction);
    const [s10, s90] = [at(0.1), at(0.9)];
    const steady = s10 && s90 && s90.t > s10.t ? (s90.n - s10.n) / ((s90.t - s10.t) / 1000) : undefined;
    if (outcome !== 'done') process.stderr.write(`baseline: stopped waiting (${outcome}) at ${completed} of ${COUNT}\n`);
    return { addMs, consumeMs, completed, rate: completed / (consumeMs / 1000), steady, firstMs };
  }

  /** The migrations run in this process (the built code's own function), not through the command line. */
  async migrate() {
    await require('../dist/apps/cli/src/commands/migrate.command').runMigrations(this.databaseUrl);
  }

  /** The receiver stopped and the queues emptied and closed (the run's queue keys and database go after, as every run's do). */
  async cleanupMore(attempt) {
    await attempt('stop receiver', () => this.receiver?.stop());
    for (const queue of this.queues ?? []) await attempt(`obliterate ${queue.name}`, async () => { await queue.obliterate({ force: true }); await queue.close(); });
    await attempt('close redis', () => this.redis?.quit());
  }
}

// ---------------------------------------------------------------- the SMTP receiver

/**
 * A real SMTP server that only counts: per message the envelope recipients and the Message-ID
 * header, read from the head of the stream; the rest is drained unread. DevMailReceiver parses
 * every message with mailparser and keeps it, which costs more than the workers' sending.
 */
class CountingReceiver {
  constructor() {
    this.received = 0;
    this.firstAt = new Map(); // address → Date.now() of its first message
    this.messageIds = new Set();
    this.times = []; // performance.now() of each message, in order
    this.lastAt = undefined;
    this.connections = 0;
    this.open = 0;
    this.peakOpen = 0;
  }

  async start() {
    const { SMTPServer } = require('smtp-server');
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onConnect: (_session, callback) => {
        this.connections += 1;
        this.open += 1;
        this.peakOpen = Math.max(this.peakOpen, this.open);
        callback();
      },
      onClose: () => {
        this.open -= 1;
      },
      onData: (stream, session, callback) => {
        let head = '';
        let messageId = null;
        let scanning = true;
        stream.on('data', (chunk) => {
          if (!scanning) return;
          head += chunk.toString('latin1');
          const end = head.indexOf('\r\n\r\n');
          if (end >= 0 || head.length > 65_536) {
            const match = /^message-id:[ \t]*([^\r\n]*(?:\r\n[ \t][^\r\n]*)*)/im.exec(end >= 0 ? head.slice(0, end) : head);
            messageId = match ? match[1].replace(/\s+/g, '') : null;
            scanning = false;
            head = '';
          }
        });
        stream.on('end', () => {
          const now = Date.now();
          this.received += 1;
          this.lastAt = performance.now();
          this.times.push(this.lastAt);
          if (messageId) this.messageIds.add(messageId);
          for (const rcpt of session.envelope.rcptTo) {
            const address = rcpt.address.toLowerCase();
            if (!this.firstAt.has(address)) this.firstAt.set(address, now);
          }
          callback();
        });
      },
    });
    await new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', resolve);
    });
    return `smtp://127.0.0.1:${this.server.server.address().port}?ignoreTLS=true`;
  }

  stop() {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

// ---------------------------------------------------------------- where the time goes

/**
 * Once a second: messages received, rows still pending in the outbox, jobs by state, what the
 * run's Postgres connections are doing (pg_stat_activity), and CPU time by process: the workers,
 * their Postgres backends (/proc/<pid>/stat), Redis (INFO cpu), this process (the receiver) and
 * the whole machine (/proc/stat), so the share taken by other work on the machine shows too.
 */
class Sampler {
  constructor(db, dbName, redis, queue) {
    Object.assign(this, { db, dbName, redis, queue });
    this.timeline = [];
    this.activity = new Map();
    this.activitySamples = 0;
    this.backendCpu = new Map();
    this.workerCpu = new Map();
  }

  async start() {
    this.startedAt = performance.now();
    this.machine0 = machineCpu();
    this.redis0 = await redisCpu(this.redis);
    this.self0 = process.cpuUsage();
    this.commits0 = await this.commits();
  }

  /** Transactions committed in the run's database (each one a WAL flush): the workers' and, a few a second, this sampler's. */
  async commits() {
    const { rows: [row] } = await this.db.query(`SELECT xact_commit::float8 AS n FROM pg_stat_database WHERE datname = $1`, [this.dbName]);
    return row?.n;
  }

  track(workers, received) {
    this.workers = workers;
    this.received = received;
    this.timer = setInterval(() => this.sample().catch(() => undefined), SAMPLE_MS);
  }

  async sample() {
    if (this.busy) return;
    this.busy = true;
    try {
      const t = performance.now() - this.startedAt;
      const { rows: activity } = await this.db.query(
        `SELECT pid, state, coalesce(wait_event_type || ':' || wait_event, 'on CPU') AS wait, coalesce(left(query, 60), '') AS query
           FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
        [this.dbName],
      );
      this.activitySamples += 1;
      for (const a of activity) {
        const key = a.state === 'active' ? `active, ${a.wait}: ${a.query.replace(/\s+/g, ' ').trim()}` : a.state;
        this.activity.set(key, (this.activity.get(key) ?? 0) + 1);
        const cpu = procCpuMs(a.pid);
        if (cpu !== null) this.backendCpu.set(a.pid, cpu);
      }
      for (const w of this.workers ?? []) {
        const cpu = procCpuMs(w.process.pid);
        if (cpu !== null) this.workerCpu.set(w.name, cpu);
      }
      const { rows: [{ pending }] } = await this.db.query(`SELECT count(*)::int AS pending FROM notification_outbox WHERE status = 'pending'`);
      const jobs = await this.queue.getJobCounts('wait', 'active', 'delayed', 'failed');
      this.timeline.push({ t, received: this.received(), pending, ...jobs, connections: activity.length });
      this.machine1 = machineCpu();
      this.redis1 = await redisCpu(this.redis);
      this.self1 = process.cpuUsage(this.self0);
      this.commits1 = await this.commits();
      this.lastT = t;
    } finally {
      this.busy = false;
    }
  }

  stop() {
    clearInterval(this.timer);
  }

  summary(elapsedMs, delivered) {
    const out = [];
    const fmt = (n) => Math.round(n).toLocaleString('en-GB');
    const wall = (this.lastT ?? elapsedMs) / 1000;
    const per = (ms) => (delivered > 0 ? `${(ms / delivered).toFixed(2)} ms/email` : '–');
    const workerMs = [...this.workerCpu.values()].reduce((a, b) => a + b, 0);
    const pgMs = [...this.backendCpu.values()].reduce((a, b) => a + b, 0);
    const redisMs = this.redis1 !== undefined && this.redis0 !== undefined ? this.redis1 - this.redis0 : NaN;
    const selfMs = this.self1 ? (this.self1.user + this.self1.system) / 1000 : NaN;
    if (this.machine0 && this.machine1) {
      const busyMs = ((this.machine1.busy - this.machine0.busy) * 1000) / CLK_TCK;
      const cores = require('node:os').cpus().length;
      const others = busyMs - workerMs - pgMs - redisMs - selfMs;
      out.push(`cpu       over ${wall.toFixed(1)} s the machine was ${((busyMs / (wall * 1000 * cores)) * 100).toFixed(0)} % busy on ${cores} cores; CPU time spent:`);
      out.push(`            workers ${(workerMs / 1000).toFixed(1)} s (${per(workerMs)}; ${[...this.workerCpu.entries()].map(([n, ms]) => `${n} ${(ms / 1000).toFixed(1)} s`).join(', ')}, boot included)`);
      out.push(`            their Postgres backends ${(pgMs / 1000).toFixed(1)} s (${per(pgMs)}), Redis ${(redisMs / 1000).toFixed(1)} s (${per(redisMs)}; shared with other users), receiver ${(selfMs / 1000).toFixed(1)} s (${per(selfMs)}), everything else ${(Math.max(0, others) / 1000).toFixed(1)} s`);
    }
    if (this.activitySamples > 0) {
      const top = [...this.activity.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6);
      const conns = this.timeline.length ? this.timeline.reduce((a, s) => a + s.connections, 0) / this.timeline.length : 0;
      const commits = this.commits1 - this.commits0;
      out.push(`postgres  ${fmt(commits)} transactions committed (${delivered > 0 ? (commits / delivered).toFixed(2) : '–'} per email)`);
      out.push(`          ${conns.toFixed(1)} worker connections on average; what they were doing, of ${fmt(this.activitySamples)} samples:`);
      for (const [key, n] of top) out.push(`            ${(n / this.activitySamples).toFixed(2).padStart(5)} conn  ${key}`);
    }
    if (this.timeline.length) {
      const picks = pickEvenly(this.timeline, 8);
      out.push('timeline  t        received  outbox pending  queue wait  active  delayed  failed');
      for (const s of picks) out.push(`          ${`${(s.t / 1000).toFixed(0)} s`.padEnd(8)} ${fmt(s.received).padStart(8)}  ${fmt(s.pending).padStart(14)}  ${fmt(s.wait).padStart(10)}  ${fmt(s.active).padStart(6)}  ${fmt(s.delayed).padStart(7)}  ${fmt(s.failed).padStart(6)}`);
    }
    return out;
  }
}

// ---------------------------------------------------------------- child processes


// ---------------------------------------------------------------- small helpers

async function waitUntil({ done, progress, deadlineMs, failed, poll = 100 }) {
  const started = Date.now();
  let last = progress();
  let lastChange = started;
  for (;;) {
    if (done()) return 'done';
    const failure = failed();
    if (failure) throw new Error(failure);
    const now = Date.now();
    const current = progress();
    if (current !== last) {
      last = current;
      lastChange = now;
    }
    if (now - started > deadlineMs) return `deadline of ${deadlineMs / 1000} s reached`;
    if (now - lastChange > STALL_MS) return `nothing arrived for ${STALL_MS / 1000} s`;
    await sleep(poll);
  }
}

/** Messages per second between the 10 % and the 90 % mark: the pace once started, before the tail. */
function steadyRate(times) {
  if (times.length < 20) return undefined;
  const a = Math.floor(COUNT * 0.1);
  const b = Math.floor(COUNT * 0.9);
  if (times.length <= b) return undefined;
  const seconds = (times[b] - times[a]) / 1000;
  return seconds > 0 ? (b - a) / seconds : undefined;
}


function pickEvenly(list, n) {
  if (list.length <= n) return list;
  return Array.from({ length: n }, (_, i) => list[Math.round((i * (list.length - 1)) / (n - 1))]);
}



function plural(n, noun) {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}



/** The machine's busy time in clock ticks (all cores), or undefined off Linux. */
function machineCpu() {
  try {
    const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = values.map(Number);
    return { busy: user + nice + system + irq + softirq + steal, idle: idle + iowait };
  } catch {
    return undefined;
  }
}

async function redisCpu(redis) {
  try {
    const info = await redis.info('cpu');
    const read = (name) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
    return (read('used_cpu_user') + read('used_cpu_sys')) * 1000;
  } catch {
    return undefined;
  }
}


// ---------------------------------------------------------------- modes of this file as a process

/** A baseline consumer: a BullMQ Worker that completes every job at once, reporting its count to the parent. */
async function baselineConsumer() {
  const { Worker } = require('bullmq');
  const { bullConnectionOptions } = require('../dist/libs/kernel/src/queue/redis');
  let completed = 0;
  let firstAt;
  const worker = new Worker(process.env.BENCH_QUEUE, async () => undefined, {
    connection: bullConnectionOptions(process.env.BENCH_REDIS_URL),
    prefix: process.env.BENCH_PREFIX,
    concurrency: Number(process.env.BENCH_CONCURRENCY),
  });
  worker.on('completed', () => {
    completed += 1;
    if (firstAt === undefined) firstAt = Date.now();
  });
  worker.on('error', () => undefined);
  const report = () => process.connected && process.send({ type: 'count', completed, firstAt });
  const timer = setInterval(report, 50);
  const stop = async () => {
    clearInterval(timer);
    await worker.close().catch(() => undefined);
    report();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
}


if (require.main === module) {
  const [mode, ...args] = process.argv.slice(2);
  if (mode === '--baseline-consumer') {
    baselineConsumer().catch((error) => {
      console.error(error);
      process.exit(1);
    });
  } else if (mode === '--cleanup') {
    cleanupMode('notify', args);
  } else {
    console.error('Run it with: npm run bench -- notify');
    process.exit(2);
  }
}
