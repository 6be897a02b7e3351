import 'reflect-metadata';
import { ConfigError, loadConfig } from '@commonpurse/kernel';
import { grantRole, UsageError } from './commands/grant-role.command';
import { runMigrations } from './commands/migrate.command';
import { formatSignIns, seedDemo } from './commands/seed.command';
import { start } from './commands/start.command';
import { tally } from './commands/tally.command';

const HELP = `Commonpurse command line

usage: npm run cli -- <command> [args]

  migrate                      apply pending database migrations
  seed                         create the demo accounts (never in production)
  grant-role <email> <role> [organisation|fund <id>]
                               give an account a role (e.g. the first admin)
  start                        run everything locally (what npm start does)
  tally <file.pb> [--rule <rule>]
                               count a pabulib ballot file; prints the result as JSON
  help                         show this
`;

// Logs go to stderr: stdout carries only what the command itself says.
process.env.LOG_DESTINATION = 'stderr';
const out = (line: string) => process.stdout.write(`${line}\n`);

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'migrate': {
      const config = loadConfig();
      if (!config.databaseUrl) throw new UsageError('DATABASE_URL is not set');
      const applied = await runMigrations(config.databaseUrl);
      out(applied.length ? applied.map((name) => `applied ${name}`).join('\n') : 'The database is up to date');
      return 0;
    }
    case 'seed': {
      const result = await seedDemo();
      out(`Demo accounts: ${result.created} created, ${result.accounts.length - result.created} already there`);
      out(`Demo fund: /funds/${result.fund.slug} (${result.fund.created ? 'created' : 'already there'})`);
      out(formatSignIns(result));
      return 0;
    }
    case 'grant-role':
      out(await grantRole(args));
      return 0;
    case 'tally':
      out(tally(args));
      return 0;
    case 'start':
      await start(out);
      return -1; // keeps running until Ctrl-C
    case undefined:
    case 'help':
    case '--help':
      out(HELP);
      return 0;
    default:
      process.stderr.write(`Unknown command "${command}"\n\n${HELP}`);
      return 2;
  }
}

main(process.argv.slice(2))
  .then((code) => {
    if (code >= 0) process.exit(code);
  })
  .catch((error: unknown) => {
    if (error instanceof ConfigError || error instanceof UsageError) process.stderr.write(`${error.message}\n`);
    else process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  });
