import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { IdentityErrorCode, IdentityException, hasPermission } from '@commonpurse/identity';
import { Permission, ViewRenderer, respondWithError } from '@commonpurse/kernel';

/**
 * The queue dashboard is an Express app mounted by bull-board, outside Nest's routes and so
 * outside the permission guard: this middleware applies the same rule in front of it.
 */
@Injectable()
export class AdminOnlyMiddleware implements NestMiddleware {
  constructor(private readonly views: ViewRenderer) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const principal = req.principal;
    if (principal && hasPermission(principal, Permission.AdminSystem)) return next();
    const error = principal
      ? new IdentityException(IdentityErrorCode.Forbidden, 'identity.forbidden')
      : new IdentityException(IdentityErrorCode.Unauthenticated, 'identity.unauthenticated');
    respondWithError(error, req, res, this.views);
  }
}
