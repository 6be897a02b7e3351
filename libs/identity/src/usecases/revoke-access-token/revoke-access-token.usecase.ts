import { Injectable } from '@nestjs/common';
import { IdentityErrorCode, IdentityException } from '../../domain/identity.exception';
import { PersonalAccessTokenRepository } from '../../persistence/personal-access-token.repository';

/** Revokes one of the caller's own tokens at once; someone else's token is "not found". */
@Injectable()
export class RevokeAccessTokenUseCase {
  constructor(private readonly tokens: PersonalAccessTokenRepository) {}

  async execute(command: { accountId: string; tokenId: string }): Promise<void> {
    if (!(await this.tokens.revoke(command.accountId, command.tokenId))) {
      throw new IdentityException(IdentityErrorCode.NotFound, 'identity.tokens.notFound');
    }
  }
}
