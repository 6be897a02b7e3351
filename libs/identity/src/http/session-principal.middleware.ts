import type { NextFunction, Request, Response } from 'express';
import type { PrincipalService } from '../usecases/principal.service';

/** Puts the signed-in account on the request for every web page, public ones included (the header shows it). */
export function sessionPrincipal(principals: PrincipalService) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const accountId = req.session?.accountId;
    if (!accountId) return next();
    principals
      .forAccount(accountId)
      .then((principal) => {
        if (principal) req.principal = principal;
        else delete req.session.accountId; // the account is gone
        next();
      })
      .catch(next);
  };
}
