import { readFileSync } from 'node:fs';
import { allocate, isRule, PabulibFormatError, parsePabulib, resultDigest, RULES, VotingException } from '@commonpurse/voting';
import { UsageError } from './grant-role.command';

const USAGE = `usage: tally FILE.pb [--rule RULE]   (RULE: ${RULES.join(', ')}; the file's META rule when left out)`;

/**
 * tally FILE.pb [--rule RULE]: counts a pabulib ballot file and returns the result as one JSON
 * object (winners, total cost, every project's explanation). Needs no database and no config.
 */
export function tally(args: string[]): string {
  let file: string | undefined;
  let ruleArg: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--rule') {
      if (i + 1 >= args.length) throw new UsageError(`--rule needs a rule\n${USAGE}`);
      ruleArg = args[++i];
    } else if (arg.startsWith('--rule=')) ruleArg = arg.slice('--rule='.length);
    else if (arg.startsWith('-')) throw new UsageError(`unknown option "${arg}"\n${USAGE}`);
    else if (file === undefined) file = arg;
    else throw new UsageError(`one file at a time ("${file}" and "${arg}")\n${USAGE}`);
  }
  if (file === undefined) throw new UsageError(USAGE);

  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new UsageError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let election;
  try {
    election = parsePabulib(bytes);
  } catch (error) {
    if (error instanceof PabulibFormatError) throw new UsageError(`${file}: line ${error.line}: ${error.problem}`);
    throw error;
  }

  const rule = ruleArg ?? election.meta.rule?.trim();
  if (!rule) throw new UsageError(`${file} names no rule in META; give one with --rule (one of ${RULES.join(', ')})`);
  if (!isRule(rule)) throw new UsageError(`unknown rule "${rule}"${ruleArg === undefined ? ` (META rule of ${file}; give one with --rule)` : ''}: the rules are ${RULES.join(', ')}`);
  try {
    const result = allocate(election, rule);
    // These four first (a key keeps its first place when the spread sets it again), then the rest of the result.
    const head = { rule: result.rule, selected: result.selected, totalCost: result.totalCost, explanations: result.explanations };
    return JSON.stringify({ ...head, ...result, digest: resultDigest(election, result).sha256 }, null, 2);
  } catch (error) {
    if (error instanceof VotingException) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  }
}
