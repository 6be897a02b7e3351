import { ConfigError, DEVELOPMENT_SESSION_SECRET, loadConfig } from './app-config';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('loadConfig', () => {
  it('has safe development defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ nodeEnv: 'development', port: 3000, publicUrl: 'http://localhost:3000', redisUrl: 'redis://127.0.0.1:6379', databaseUrl: undefined, smtpUrl: undefined });
    expect(config.secureCookies).toBe(false);
  });

  it('names each bad variable', () => {
    const problems = problemsOf({ PORT: 'eighty', DATABASE_URL: 'mysql://x', REDIS_URL: 'nonsense', LOG_LEVEL: 'loud' });
    expect(problems.join('\n')).toMatch(/PORT/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL/);
    expect(problems.join('\n')).toMatch(/REDIS_URL/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL/);
    expect(problems).toHaveLength(4);
  });

  it('refuses to start in production with development secrets or missing services', () => {
    const problems = problemsOf({ NODE_ENV: 'production', SESSION_SECRET: DEVELOPMENT_SESSION_SECRET, PUBLIC_URL: 'http://council.example' });
    const text = problems.join('\n');
    expect(text).toMatch(/SESSION_SECRET is the development default/);
    expect(text).toMatch(/DATABASE_URL is required/);
    expect(text).toMatch(/SMTP_URL is required/);
    expect(text).toMatch(/PUBLIC_URL must use https/);
  });

  it('accepts a complete production configuration with secure cookies', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 'a'.repeat(40),
      DATABASE_URL: 'postgres://app@db/commonpurse',
      SMTP_URL: 'smtp://mail:25',
      PUBLIC_URL: 'https://commonpurse.council.example/',
      STORAGE_DIR: '/data/uploads',
    });
    expect(config.publicUrl).toBe('https://commonpurse.council.example');
    expect(config.secureCookies).toBe(true);
    expect(config.storageDir).toBe('/data/uploads');
  });

  it('keeps uploads in a directory production must name, given as an absolute path', () => {
    const production = { NODE_ENV: 'production', SESSION_SECRET: 'a'.repeat(40), DATABASE_URL: 'postgres://app@db/commonpurse', SMTP_URL: 'smtp://mail:25', PUBLIC_URL: 'https://c.example' };
    expect(() => loadConfig(production)).toThrow('STORAGE_DIR is required');
    expect(() => loadConfig({ NODE_ENV: 'test', STORAGE_DIR: 'relative/uploads' })).toThrow('STORAGE_DIR must be an absolute path');
    expect(loadConfig({ NODE_ENV: 'test' }).storageDir).toMatch(/var\/uploads$/);
  });

  it('never uses the published development secret in tests', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).sessionSecret).not.toBe(DEVELOPMENT_SESSION_SECRET);
  });

  it('takes a GOV.UK Notify key and template together, and checks their shape', () => {
    const key = 'live-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0';
    expect(loadConfig({ NOTIFY_API_KEY: key, NOTIFY_TEMPLATE_ID: 'f33517ff-2a88-4f6e-b855-c550268ce08a' }).notify).toEqual({ apiKey: key, templateId: 'f33517ff-2a88-4f6e-b855-c550268ce08a' });
    expect(loadConfig({}).notify).toBeUndefined();
    expect(problemsOf({ NOTIFY_API_KEY: 'not-a-key' }).join('\n')).toMatch(/NOTIFY_API_KEY/);
    expect(problemsOf({ NOTIFY_API_KEY: key }).join('\n')).toMatch(/NOTIFY_TEMPLATE_ID/);
    expect(problemsOf({ NOTIFY_TEMPLATE_ID: 'f33517ff-2a88-4f6e-b855-c550268ce08a' }).join('\n')).toMatch(/NOTIFY_API_KEY is not/);
  });
});
