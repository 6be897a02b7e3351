import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Language } from '../i18n/translator';
import type { Permission, ScopeType } from './permission';

export interface RoleGrant {
  role: string;
  scopeType: ScopeType;
  scopeId: string | null;
}

/** Who is calling: an account signed in through a session, or through a personal access token. */
export interface Principal {
  accountId: string;
  email: string;
  displayName: string;
  language: Language;
  /** Where the person says they live; funds are open to residents by postcode. */
  postcode: string | null;
  emailVerified: boolean;
  grants: RoleGrant[];
  via: 'session' | 'token';
  /** Present when via = token: the token may only use these permissions. */
  tokenScopes?: Permission[];
  tokenId?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
    id?: string | number | object;
  }
}

/** The caller, or undefined on a public route visited anonymously. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | undefined =>
    context.switchToHttp().getRequest<Request>().principal,
);
