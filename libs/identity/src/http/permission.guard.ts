import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { PERMISSION_METADATA, Permission, isApiRequest, type PermissionRequirement, type Principal } from '@commonpurse/kernel';
import { IdentityErrorCode, IdentityException } from '../domain/identity.exception';
import { hasPermission } from '../domain/roles';
import { BearerGuard } from './strategies';

/**
 * Deny by default: a handler that declares no permission is refused to everyone. Web pages
 * know the caller from the session; the JSON API only from a bearer token.
 */
@Injectable()
export class PermissionGuard implements CanActivate {
  private readonly logger = new Logger(PermissionGuard.name);
  private readonly bearer = new BearerGuard();

  constructor(private readonly reflector: Reflector) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const requirement = this.reflector.getAllAndOverride<PermissionRequirement | undefined>(PERMISSION_METADATA, [context.getHandler(), context.getClass()]);
    if (!requirement) {
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} declares no permission; refused`);
      throw new IdentityException(IdentityErrorCode.Forbidden, 'identity.forbidden');
    }
    if (requirement.permission === Permission.Public) return true;

    const req = context.switchToHttp().getRequest<Request>();
    if (isApiRequest(req)) {
      delete req.principal; // the API never takes the session cookie
      await this.bearer.canActivate(context);
      req.principal = req.user as Principal;
    }
    const principal = req.principal;
    if (!principal) throw new IdentityException(IdentityErrorCode.Unauthenticated, 'identity.unauthenticated');

    const scope = requirement.scope ? { type: requirement.scope.type, id: String(req.params[requirement.scope.param] ?? '') } : undefined;
    if (!hasPermission(principal, requirement.permission, scope)) {
      throw new IdentityException(IdentityErrorCode.Forbidden, 'identity.forbidden');
    }
    return true;
  }
}
