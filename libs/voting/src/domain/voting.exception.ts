/**
 * The voting domain's errors. Plain classes with a stable code, so that the tally engine stays
 * importable without Nest or the kernel (the CLI and the benchmarks load it on its own); the
 * HTTP layer maps the codes when the module gets one.
 */
export enum VotingErrorCode {
  /** A ballot file that cannot be read: see `line` and `problem`. */
  MalformedFile = 'VOTING_MALFORMED_FILE',
  /** An election that cannot be tallied by the rule asked for (vote type, missing threshold, ...). */
  CannotTally = 'VOTING_CANNOT_TALLY',
  /** A rule that is not one of RULES. */
  UnknownRule = 'VOTING_UNKNOWN_RULE',
}

export class VotingException extends Error {
  constructor(
    readonly code: VotingErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A .pb file that cannot be read, with the (1-based) line where the trouble is and what it is. */
export class PabulibFormatError extends VotingException {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(VotingErrorCode.MalformedFile, `line ${line}: ${problem}`);
  }
}
