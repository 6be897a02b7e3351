import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { AuditModule } from '@commonpurse/audit';
import { QueueName } from '@commonpurse/kernel';
import { NotificationsModule } from '@commonpurse/notifications';
import { AccountController } from './http/account.controller';
import { MeApiController } from './http/me.api-controller';
import { PasswordResetController } from './http/password-reset.controller';
import { PermissionGuard } from './http/permission.guard';
import { RegisterController } from './http/register.controller';
import { SignInController } from './http/sign-in.controller';
import { AccessTokenStrategy, PasswordStrategy } from './http/strategies';
import { IdentityEntities, IdentityRepositories } from './identity.persistence';
import { PurgeExpiredProcessor } from './jobs/purge-expired.processor';
import { ScheduleMaintenance } from './jobs/schedule-maintenance';
import { CreateAccessTokenUseCase } from './usecases/create-access-token/create-access-token.usecase';
import { GrantRoleUseCase, RevokeRoleUseCase, RoleHolders } from './usecases/grant-role/grant-role.usecase';
import { EmailLinks } from './usecases/email-links';
import { AccountMessages } from './usecases/account-messages';
import { PasswordHasher } from './usecases/password-hasher';
import { PrincipalService } from './usecases/principal.service';
import { RegisterAccountUseCase } from './usecases/register-account/register-account.usecase';
import { RequestPasswordResetUseCase } from './usecases/request-password-reset/request-password-reset.usecase';
import { ResendVerificationUseCase } from './usecases/resend-verification/resend-verification.usecase';
import { ResetPasswordUseCase } from './usecases/reset-password/reset-password.usecase';
import { RevokeAccessTokenUseCase } from './usecases/revoke-access-token/revoke-access-token.usecase';
import { SignInUseCase } from './usecases/sign-in/sign-in.usecase';
import { UpdatePreferencesUseCase } from './usecases/update-preferences/update-preferences.usecase';
import { VerifyEmailUseCase } from './usecases/verify-email/verify-email.usecase';
import { SeedDemoAccounts } from './usecases/seed-demo-accounts/seed-demo-accounts.usecase';
import { ResidentDirectory } from './usecases/resident-directory';

const useCases = [
  SeedDemoAccounts,
  CreateAccessTokenUseCase,
  GrantRoleUseCase,
  RevokeRoleUseCase,
  RoleHolders,
  RegisterAccountUseCase,
  RequestPasswordResetUseCase,
  ResendVerificationUseCase,
  ResetPasswordUseCase,
  RevokeAccessTokenUseCase,
  SignInUseCase,
  UpdatePreferencesUseCase,
  VerifyEmailUseCase,
];

/** Accounts, sign-in, sessions, tokens and roles for the API process; the permission guard on every route. */
@Module({
  imports: [IdentityEntities, PassportModule, NotificationsModule, AuditModule],
  controllers: [SignInController, RegisterController, PasswordResetController, AccountController, MeApiController],
  providers: [
    ...IdentityRepositories,
    ...useCases,
    EmailLinks,
    AccountMessages,
    PasswordHasher,
    PrincipalService,
    ResidentDirectory,
    PasswordStrategy,
    AccessTokenStrategy,
    { provide: APP_GUARD, useClass: PermissionGuard },
  ],
  exports: [PrincipalService, GrantRoleUseCase, RevokeRoleUseCase, RoleHolders, SeedDemoAccounts, ResidentDirectory],
})
export class IdentityModule {}

/** Identity's background jobs, for the worker process. */
@Module({
  imports: [IdentityEntities, BullModule.registerQueue({ name: QueueName.Maintenance })],
  providers: [...IdentityRepositories, PurgeExpiredProcessor, ScheduleMaintenance, ResidentDirectory],
  exports: [ResidentDirectory],
})
export class IdentityJobsModule {}
