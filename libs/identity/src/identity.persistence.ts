import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountEntity } from './persistence/account.entity';
import { EmailTokenEntity } from './persistence/email-token.entity';
import { PersonalAccessTokenEntity } from './persistence/personal-access-token.entity';
import { RoleAssignmentEntity } from './persistence/role-assignment.entity';
import { SignInAttemptEntity } from './persistence/sign-in-attempt.entity';
import { AccountRepository } from './persistence/account.repository';
import { EmailTokenRepository } from './persistence/email-token.repository';
import { PersonalAccessTokenRepository } from './persistence/personal-access-token.repository';
import { SessionRepository } from './persistence/session.repository';
import { SignInAttemptRepository } from './persistence/sign-in-attempt.repository';

/** The tables identity owns, and the only classes that query them. */
export const IdentityEntities = TypeOrmModule.forFeature([AccountEntity, EmailTokenEntity, PersonalAccessTokenEntity, RoleAssignmentEntity, SignInAttemptEntity]);
export const IdentityRepositories = [AccountRepository, EmailTokenRepository, PersonalAccessTokenRepository, SessionRepository, SignInAttemptRepository];
