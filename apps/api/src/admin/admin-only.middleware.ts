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
    if (principal && hasPermission(principal, Permission.AdminSystem)) {
      withAccessibilityFixes(res);
      return next();
    }
    const error = principal
      ? new IdentityException(IdentityErrorCode.Forbidden, 'identity.forbidden')
      : new IdentityException(IdentityErrorCode.Unauthenticated, 'identity.unauthenticated');
    respondWithError(error, req, res, this.views);
  }
}

/**
 * bull-board's page names none of its icon buttons; a small script of ours (served from
 * /assets, so the page's CSP allows it) names them. It is added to the dashboard's HTML here.
 */
function withAccessibilityFixes(res: Response): void {
  const send = res.send.bind(res);
  res.send = (body?: unknown) => {
    if (typeof body === 'string' && body.includes('</head>')) {
      body = body.replace(
        '</head>',
        '<link rel="stylesheet" href="/assets/queue-dashboard-a11y.css"><script defer src="/assets/queue-dashboard-a11y.js"></script></head>',
      );
    }
    return send(body);
  };
}
