import type { FieldProblem } from './app-exception';

/** The one error shape every JSON endpoint returns. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details: FieldProblem[];
  correlationId: string;
}
