import { GrantRoleUseCase, ROLES } from '@commonpurse/identity';
import { isUuid, type ScopeType } from '@commonpurse/kernel';
import { withContext } from './context';

const SCOPES: ScopeType[] = ['global', 'organisation', 'fund'];

/** grant-role <email> <role> [organisation|fund <id>]: how the first admin of a new installation is made. */
export async function grantRole(args: string[]): Promise<string> {
  const [email, role, scopeType = 'global', scopeId] = args;
  if (!email || !role) throw new UsageError('usage: grant-role <email> <role> [organisation|fund <id>]');
  if (!(ROLES as string[]).includes(role)) throw new UsageError(`role must be one of: ${ROLES.join(', ')}`);
  if (!SCOPES.includes(scopeType as ScopeType)) throw new UsageError(`scope must be one of: ${SCOPES.join(', ')}`);
  if (scopeType !== 'global' && !isUuid(scopeId ?? '')) throw new UsageError(`a ${scopeType} scope needs the ${scopeType}'s id (a UUID)`);
  await withContext((context) =>
    context.get(GrantRoleUseCase).execute({ email, grant: { role, scopeType: scopeType as ScopeType, scopeId: scopeType === 'global' ? null : scopeId! }, grantedBy: null }),
  );
  return `Granted ${role} (${scopeType}${scopeType === 'global' ? '' : ` ${scopeId}`}) to ${email}`;
}

export class UsageError extends Error {}
