import { randomBytes } from 'node:crypto';
import { isAbsolute, join } from 'node:path';
import { projectRoot } from '../paths';
import { UUID_PATTERN } from '../uuid';

/**
 * The whole configuration, validated once at boot. Nothing else reads process.env:
 * everything that varies between machines arrives through this object.
 */
export class AppConfig {
  readonly nodeEnv: 'development' | 'test' | 'production';
  readonly port: number;
  readonly publicUrl: string;
  /** Unset means "start an embedded PostgreSQL" (npm start only). */
  readonly databaseUrl: string | undefined;
  readonly redisUrl: string;
  /** Keys of BullMQ queues start with this; tests give each run its own. */
  readonly queuePrefix: string;
  readonly sessionSecret: string;
  /** Unset means "run the development SMTP receiver" (npm start only). */
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly logLevel: string;
  /** The CLI logs to stderr so that stdout carries only a command's own output. */
  readonly logDestination: 'stdout' | 'stderr';
  readonly demoPassword: string;
  readonly trustProxy: boolean;
  /** First retry of a failed email after about this long; each retry waits twice as long. */
  readonly notifyRetryBaseMs: number;
  /** A relayed message with no final delivery after this long is queued again (its job was lost with Redis). */
  readonly outboxRequeueAfterMs: number;
  /** Where uploaded files are kept: outside the web root, never served as they are. */
  readonly storageDir: string;
  /** How often the worker's phase scheduler looks for rounds whose phase has changed by the clock. */
  readonly phaseTickMs: number;
  /** GOV.UK Notify instead of SMTP: an API key and the id of a template with ((subject)) and ((body)). */
  readonly notify: { apiKey: string; templateId: string } | undefined;

  constructor(values: Omit<AppConfig, 'isProduction' | 'secureCookies'>) {
    Object.assign(this, values);
  }

  get isProduction(): boolean {
    return this.nodeEnv === 'production';
  }

  /** Cookies are Secure whenever the public address is https, and always in production. */
  get secureCookies(): boolean {
    return this.isProduction || this.publicUrl.startsWith('https://');
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Development defaults: safe to publish because production refuses to start with them. */
export const DEVELOPMENT_SESSION_SECRET = 'development-only-session-secret-change-me';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const read = (name: string) => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };

  const nodeEnv = read('NODE_ENV') ?? 'development';
  if (!['development', 'test', 'production'].includes(nodeEnv)) {
    problems.push(`NODE_ENV must be one of development, test, production (got "${nodeEnv}")`);
  }
  const production = nodeEnv === 'production';

  const port = Number(read('PORT') ?? '3000');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`PORT must be a whole number from 0 to 65535 (got "${read('PORT')}")`);
  }

  const url = (name: string, protocols: string[], fallback?: string): string | undefined => {
    const value = read(name) ?? fallback;
    if (value === undefined) return undefined;
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) {
        problems.push(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')} (got "${parsed.protocol}//…")`);
      }
    } catch {
      problems.push(`${name} is not a valid URL`);
    }
    return value;
  };

  const publicUrl = (url('PUBLIC_URL', ['http:', 'https:'], `http://localhost:${Number.isInteger(port) ? port : 3000}`) ?? '').replace(/\/$/, '');
  const databaseUrl = url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const redisUrl = url('REDIS_URL', ['redis:', 'rediss:'], 'redis://127.0.0.1:6379') ?? '';
  const smtpUrl = url('SMTP_URL', ['smtp:', 'smtps:']);
  const queuePrefix = read('QUEUE_PREFIX') ?? 'commonpurse';
  if (!/^[\w-]{1,64}$/.test(queuePrefix)) problems.push('QUEUE_PREFIX may hold only letters, digits, - and _ (at most 64)');

  let sessionSecret = read('SESSION_SECRET');
  if (production) {
    if (!sessionSecret) problems.push('SESSION_SECRET is required when NODE_ENV=production');
    else if (sessionSecret === DEVELOPMENT_SESSION_SECRET) problems.push('SESSION_SECRET is the development default; set a secret of your own in production');
    else if (sessionSecret.length < 32) problems.push('SESSION_SECRET must be at least 32 characters in production');
    if (!databaseUrl) problems.push('DATABASE_URL is required when NODE_ENV=production');
    if (!smtpUrl) problems.push('SMTP_URL is required when NODE_ENV=production');
    if (publicUrl.startsWith('http://')) problems.push('PUBLIC_URL must use https:// when NODE_ENV=production');
  }
  sessionSecret ??= nodeEnv === 'test' ? randomBytes(32).toString('hex') : DEVELOPMENT_SESSION_SECRET;

  const logLevel = read('LOG_LEVEL') ?? (nodeEnv === 'test' ? 'silent' : 'info');
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`);

  const logDestination = read('LOG_DESTINATION') ?? 'stdout';
  if (logDestination !== 'stdout' && logDestination !== 'stderr') problems.push(`LOG_DESTINATION must be stdout or stderr (got "${logDestination}")`);

  const mailFrom = read('MAIL_FROM') ?? 'Commonpurse <no-reply@commonpurse.localhost>';
  const trustProxy = (read('TRUST_PROXY') ?? 'false') === 'true';
  const notifyRetryBaseMs = Number(read('NOTIFY_RETRY_BASE_MS') ?? '5000');
  if (!Number.isInteger(notifyRetryBaseMs) || notifyRetryBaseMs < 10) problems.push('NOTIFY_RETRY_BASE_MS must be a whole number of milliseconds, 10 or more');
  const outboxRequeueAfterMs = Number(read('OUTBOX_REQUEUE_AFTER_MS') ?? '300000');
  if (!Number.isInteger(outboxRequeueAfterMs) || outboxRequeueAfterMs < 1000) problems.push('OUTBOX_REQUEUE_AFTER_MS must be a whole number of milliseconds, 1000 or more');
  const storageDir = read('STORAGE_DIR') ?? join(projectRoot(), 'var', 'uploads');
  if (production && !read('STORAGE_DIR')) problems.push('STORAGE_DIR is required when NODE_ENV=production (a directory the app may write, outside the web root)');
  else if (!isAbsolute(storageDir)) problems.push(`STORAGE_DIR must be an absolute path (got "${storageDir}")`);
  const phaseTickMs = Number(read('PHASE_TICK_MS') ?? '15000');
  if (!Number.isInteger(phaseTickMs) || phaseTickMs < 100) problems.push('PHASE_TICK_MS must be a whole number of milliseconds, 100 or more');
  const notifyApiKey = read('NOTIFY_API_KEY');
  const notifyTemplateId = read('NOTIFY_TEMPLATE_ID');
  const UUID = UUID_PATTERN;
  if (notifyApiKey && !new RegExp(`-${UUID}-${UUID}$`).test(notifyApiKey)) problems.push('NOTIFY_API_KEY must be a GOV.UK Notify API key (name-serviceid-secret)');
  if (notifyApiKey && !new RegExp(`^${UUID}$`).test(notifyTemplateId ?? '')) problems.push('NOTIFY_TEMPLATE_ID must be the id (a UUID) of a Notify template with ((subject)) and ((body))');
  if (!notifyApiKey && notifyTemplateId) problems.push('NOTIFY_TEMPLATE_ID is set but NOTIFY_API_KEY is not');

  if (problems.length > 0) throw new ConfigError(problems);
  return new AppConfig({
    nodeEnv: nodeEnv as AppConfig['nodeEnv'],
    port,
    publicUrl,
    databaseUrl,
    redisUrl,
    queuePrefix,
    sessionSecret,
    smtpUrl,
    mailFrom,
    logLevel,
    logDestination: logDestination as AppConfig['logDestination'],
    demoPassword: read('DEMO_PASSWORD') ?? 'commonpurse-demo',
    trustProxy,
    notifyRetryBaseMs,
    outboxRequeueAfterMs,
    phaseTickMs,
    storageDir,
    notify: notifyApiKey && notifyTemplateId ? { apiKey: notifyApiKey, templateId: notifyTemplateId } : undefined,
  });
}
