import { AppException, ErrorKind, type FieldProblem } from '@commonpurse/kernel';

export enum VotingRefusal {
  Invalid = 'VOTING_INVALID',
  NotFound = 'VOTING_NOT_FOUND',
  /** Not a voter here (outside the area, too young, not confirmed), or not staff. */
  Forbidden = 'VOTING_FORBIDDEN',
  /** Not now (outside the voting window), or already done another way (a paper ballot). */
  Closed = 'VOTING_CLOSED',
  Conflict = 'VOTING_CONFLICT',
}

const KIND: Record<VotingRefusal, ErrorKind> = {
  [VotingRefusal.Invalid]: ErrorKind.BadRequest,
  [VotingRefusal.NotFound]: ErrorKind.NotFound,
  [VotingRefusal.Forbidden]: ErrorKind.Forbidden,
  [VotingRefusal.Closed]: ErrorKind.Conflict,
  [VotingRefusal.Conflict]: ErrorKind.Conflict,
};

/** A request about the vote refused, with the reason and the fields at fault (the HTTP status follows from the kind). */
export class VotingRefused extends AppException {
  constructor(code: VotingRefusal, message: string, details: FieldProblem[] = []) {
    super(code, KIND[code], message, details);
  }
}

export function refuse(code: VotingRefusal, field: string, problem: string, params?: Record<string, string | number>): VotingRefused {
  return new VotingRefused(code, problem, [{ field, problem, params }]);
}
