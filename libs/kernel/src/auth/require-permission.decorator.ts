import { SetMetadata } from '@nestjs/common';
import { Permission, type PermissionRequirement } from './permission';

export const PERMISSION_METADATA = 'commonpurse:permission';

/** Declares who may call a handler. Every handler needs one; the guard refuses the rest. */
export const RequirePermission = (permission: Permission, scope?: PermissionRequirement['scope']) =>
  SetMetadata(PERMISSION_METADATA, { permission, scope } satisfies PermissionRequirement);

/** Shorthand for pages anyone may see. */
export const PublicRoute = () => RequirePermission(Permission.Public);
