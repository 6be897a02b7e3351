import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '@commonpurse/kernel';

/**
 * The production-like deployment (docker-compose.yml and the Dockerfile) checked without Docker:
 * the wiring between services, that no secret is written down, and that the environment the app
 * services get is one the app's own configuration loader accepts in production.
 */

const root = join(__dirname, '..', '..');
const APP_SERVICES = ['migrate', 'api', 'worker'] as const;
const LONG_RUNNING = ['api', 'worker'] as const;

type Env = Record<string, string>;
interface Service {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Env | string[];
  healthcheck?: { test?: string | string[]; disable?: boolean };
  depends_on?: string[] | Record<string, { condition?: string }>;
  restart?: string;
  ports?: Array<string | { target?: number; published?: string | number }>;
  volumes?: Array<string | { source?: string; target?: string }>;
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const loadCompose = (text = readFileSync(join(root, 'docker-compose.yml'), 'utf8')): Compose =>
  parse(text, { merge: true }) as Compose; // compose resolves `<<: *anchor` merge keys; so must we

/** A service's environment as a map, whichever of compose's two forms it is written in. */
function environmentOf(service: Service): Env {
  const env = service.environment ?? {};
  if (!Array.isArray(env)) return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
  return Object.fromEntries(
    env.map((entry) => {
      const at = entry.indexOf('=');
      return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
    }),
  );
}

/** Compose's variable interpolation: ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}, $$. */
function interpolate(value: string, vars: Env): string {
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g, (whole, name?: string, op?: string, arg?: string) => {
    if (whole === '$$') return '$';
    const set = name! in vars;
    const value = vars[name!];
    const empty = !set || (op?.startsWith(':') && value === '');
    if (op?.endsWith('?') && empty) throw new Error(`required variable ${name} is missing: ${arg}`);
    if (op?.endsWith('-') && empty) return arg ?? '';
    return value ?? '';
  });
}

/** A whole `${NAME…}` reference that has no default to fall back on, so nothing is written down. */
const requiredReference = (name: string) => new RegExp(`^\\$\\{${name}:?\\?[^}]*\\}$`);

/** The environment variables loadConfig reads, taken from its source so a new one is picked up. */
function variablesLoadConfigKnows(): Set<string> {
  const source = readFileSync(join(root, 'libs/kernel/src/config/app-config.ts'), 'utf8');
  const names = [...source.matchAll(/\b(?:read|url)\(\s*'([A-Z][A-Z0-9_]*)'/g)].map((m) => m[1]);
  return new Set(names);
}

function dependencies(service: Service): Record<string, string> {
  const deps = service.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((name) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([name, dep]) => [name, dep?.condition ?? 'service_started']));
}

const hasHealthcheck = (service: Service) => !!service.healthcheck && !service.healthcheck.disable && !!service.healthcheck.test?.length;
const healthcheckText = (service: Service) => [service.healthcheck?.test ?? []].flat().join(' ');
const commandText = (service: Service) => [service.command ?? []].flat().join(' ');

/** Values to stand in for what the operator sets; PUBLIC_URL and the rest keep their defaults. */
const SAMPLE_VARS: Env = { SESSION_SECRET: 's'.repeat(40), POSTGRES_PASSWORD: 'samplepassword0123456789' };

describe('docker-compose.yml', () => {
  const compose = loadCompose();
  const services = compose.services;

  it('defines postgres, redis, mailpit, migrate, api and worker', () => {
    expect(Object.keys(services).sort()).toEqual(expect.arrayContaining(['api', 'mailpit', 'migrate', 'postgres', 'redis', 'worker']));
  });

  it('runs PostgreSQL 18, Redis 7 and Mailpit', () => {
    expect(services.postgres.image).toMatch(/^postgres:18/);
    expect(services.redis.image).toMatch(/^redis:7/);
    expect(services.mailpit.image).toMatch(/^axllent\/mailpit/);
  });

  it('keeps PostgreSQL data in a named volume mounted where the 18+ image expects it', () => {
    const mounts = (services.postgres.volumes ?? []).map((v) => (typeof v === 'string' ? { source: v.split(':')[0], target: v.split(':')[1] } : v));
    const data = mounts.find((m) => m.target?.replace(/\/$/, '') === '/var/lib/postgresql');
    expect(data).toBeDefined(); // the 18+ image refuses a mount at /var/lib/postgresql/data
    expect(Object.keys(compose.volumes ?? {})).toContain(data!.source);
  });

  it('checks the health of postgres, redis and api', () => {
    for (const name of ['postgres', 'redis', 'api']) expect({ name, healthy: hasHealthcheck(services[name]) }).toEqual({ name, healthy: true });
    expect(healthcheckText(services.postgres)).toContain('pg_isready');
    expect(healthcheckText(services.redis)).toMatch(/redis-cli.*ping/);
    expect(healthcheckText(services.api)).toContain('/health');
  });

  it('runs the migrations once, after PostgreSQL is healthy, and the processes only after they succeeded', () => {
    expect(commandText(services.migrate)).toMatch(/dist\/apps\/cli\/src\/main\.js migrate$/);
    expect(services.migrate.restart).toBe('no');
    expect(dependencies(services.migrate)).toMatchObject({ postgres: 'service_healthy' });
    for (const name of LONG_RUNNING) {
      expect({ name, deps: dependencies(services[name]) }).toMatchObject({
        name,
        deps: { postgres: 'service_healthy', redis: 'service_healthy', migrate: 'service_completed_successfully' },
      });
    }
  });

  it('starts the API and the worker from the same image', () => {
    expect(commandText(services.api)).toMatch(/dist\/apps\/api\/src\/main\.js$/);
    expect(commandText(services.worker)).toMatch(/dist\/apps\/worker\/src\/main\.js$/);
    expect(services.api.ports?.map(String)).toContain('3000:3000');
    const images = APP_SERVICES.map((name) => services[name].image);
    expect(new Set(images).size).toBe(1);
    expect(images[0]).toBeTruthy();
  });

  it('gives every app service the production environment', () => {
    for (const name of APP_SERVICES) {
      const env = environmentOf(services[name]);
      expect({ name, NODE_ENV: env.NODE_ENV }).toEqual({ name, NODE_ENV: 'production' });
      for (const key of ['DATABASE_URL', 'REDIS_URL', 'SMTP_URL', 'SESSION_SECRET', 'PUBLIC_URL']) {
        expect({ name, key, set: !!env[key] }).toEqual({ name, key, set: true });
      }
    }
  });

  it('writes no secret down: the session secret and the database password come from the environment', () => {
    for (const name of APP_SERVICES) {
      const env = environmentOf(services[name]);
      expect(env.SESSION_SECRET).toMatch(requiredReference('SESSION_SECRET'));
      const password = decodeURIComponent(new URL(interpolate(env.DATABASE_URL, { ...SAMPLE_VARS, POSTGRES_PASSWORD: 'X' })).password);
      expect(password).toBe('X'); // the URL's password is the variable, nothing else
      expect(env.DATABASE_URL).toMatch(/^[a-z]+:\/\/[^:@/]+:\$\{POSTGRES_PASSWORD:?\?[^}]*\}@/);
    }
    expect(environmentOf(services.postgres).POSTGRES_PASSWORD).toMatch(requiredReference('POSTGRES_PASSWORD'));
    // Anything that looks secret, in any service, is a reference without a default.
    for (const [name, service] of Object.entries(services)) {
      for (const [key, value] of Object.entries(environmentOf(service))) {
        if (/SECRET|PASSWORD|TOKEN|PRIVATE|API_KEY/.test(key)) expect({ name, key, value }).toEqual({ name, key, value: expect.stringMatching(requiredReference(key)) });
        const userinfo = /^[a-z]+:\/\/[^/@:]*:([^/@]*)@/.exec(value);
        if (userinfo) expect({ name, key, password: userinfo[1] }).toEqual({ name, key, password: expect.stringMatching(/^\$\{[A-Z_]+:?\?[^}]*\}$/) });
      }
    }
  });

  it('refuses to start without SESSION_SECRET or POSTGRES_PASSWORD', () => {
    for (const name of APP_SERVICES) {
      const env = environmentOf(services[name]);
      expect(() => interpolate(env.SESSION_SECRET, {})).toThrow(/SESSION_SECRET/);
      expect(() => interpolate(env.DATABASE_URL, {})).toThrow(/POSTGRES_PASSWORD/);
    }
  });

  it('sets only variables the app configuration knows', () => {
    const known = variablesLoadConfigKnows();
    expect(known).toContain('SESSION_SECRET'); // the source scan still finds the loader's names
    for (const name of APP_SERVICES) {
      const unknown = Object.keys(environmentOf(services[name])).filter((key) => !known.has(key));
      expect({ name, unknown }).toEqual({ name, unknown: [] });
    }
  });

  it('passes the production configuration check once the operator has set the secrets', () => {
    for (const name of APP_SERVICES) {
      const env = Object.fromEntries(Object.entries(environmentOf(services[name])).map(([k, v]) => [k, interpolate(v, SAMPLE_VARS)]));
      const config = loadConfig(env); // throws ConfigError listing every problem
      expect(config.isProduction).toBe(true);
      expect(config.publicUrl).toMatch(/^https:\/\//);
      expect(config.trustProxy).toBe(true);
      expect(config.sessionSecret).toBe(SAMPLE_VARS.SESSION_SECRET);
      expect(new URL(config.databaseUrl!).hostname).toBe('postgres');
      expect(new URL(config.redisUrl).hostname).toBe('redis');
      expect(new URL(config.smtpUrl!).hostname).toBe('mailpit');
    }
  });
});

/** Dockerfile instructions, continuation lines joined and comments dropped, grouped by stage. */
function dockerfileStages(text: string): Array<{ from: string; instructions: Array<{ op: string; args: string }> }> {
  const lines = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const stages: Array<{ from: string; instructions: Array<{ op: string; args: string }> }> = [];
  for (const line of lines) {
    const [, op, args] = /^(\S+)\s*(.*)$/.exec(line)!;
    if (op.toUpperCase() === 'FROM') stages.push({ from: args, instructions: [] });
    else stages.at(-1)?.instructions.push({ op: op.toUpperCase(), args });
  }
  return stages;
}

describe('Dockerfile', () => {
  const stages = dockerfileStages(readFileSync(join(root, 'Dockerfile'), 'utf8'));
  const runtime = stages.at(-1)!;
  const runs = stages.flatMap((s) => s.instructions).filter((i) => i.op === 'RUN').map((i) => i.args);

  it('builds in one stage and runs from a slim Node 20 image in another', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.from).toMatch(/^node:20-bookworm-slim\b/);
  });

  it('installs with npm install, never npm ci, and only production dependencies at runtime', () => {
    expect(runs.some((run) => /\bnpm install\b/.test(run))).toBe(true);
    expect(runs.filter((run) => /\bnpm ci\b/.test(run))).toEqual([]);
    const runtimeInstall = runtime.instructions.filter((i) => i.op === 'RUN' && /\bnpm install\b/.test(i.args));
    expect(runtimeInstall.length).toBe(1);
    expect(runtimeInstall[0].args).toMatch(/--omit=dev\b/);
  });

  it('runs as a user other than root', () => {
    const user = runtime.instructions.filter((i) => i.op === 'USER').at(-1)?.args.split(':')[0];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
  });

  it('has a health check on /health and starts the API by default', () => {
    const healthcheck = runtime.instructions.find((i) => i.op === 'HEALTHCHECK');
    expect(healthcheck?.args).toMatch(/CMD .*\/health/);
    expect(runtime.instructions.find((i) => i.op === 'EXPOSE')?.args).toBe('3000');
    expect(runtime.instructions.find((i) => i.op === 'CMD')?.args).toContain('dist/apps/api/src/main.js');
    expect(runtime.instructions.some((i) => i.op === 'ENV' && /\bNODE_ENV=production\b/.test(i.args))).toBe(true);
  });

  it('ships the files read from the source tree at runtime', () => {
    // libs/kernel/src/paths.ts finds the project root by nest-cli.json; views and locales are read from src/.
    const text = readFileSync(join(root, 'Dockerfile'), 'utf8');
    for (const path of ['nest-cli.json', 'dist', 'apps/*/src/views', 'apps/*/src/i18n', 'libs/*/src/http/views', 'libs/*/src/i18n', 'libs/kernel/src/web']) {
      expect({ path, shipped: text.includes(path) }).toEqual({ path, shipped: true });
    }
  });
});
