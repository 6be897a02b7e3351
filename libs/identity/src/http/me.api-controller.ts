import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission, RequirePermission, type Principal } from '@commonpurse/kernel';
import { PrincipalService } from '../usecases/principal.service';
import { UpdatePreferencesUseCase } from '../usecases/update-preferences/update-preferences.usecase';
import { MeDto, UpdateMeDto } from './dto/api.dto';

@ApiTags('account')
@ApiBearerAuth()
@Controller('api/v1/me')
export class MeApiController {
  constructor(
    private readonly updatePreferences: UpdatePreferencesUseCase,
    private readonly principals: PrincipalService,
  ) {}

  @Get()
  @RequirePermission(Permission.AccountRead)
  @ApiOkResponse({ type: MeDto })
  me(@CurrentPrincipal() principal: Principal): MeDto {
    return toMeDto(principal);
  }

  @Patch()
  @RequirePermission(Permission.AccountWrite)
  @ApiOkResponse({ type: MeDto })
  async update(@CurrentPrincipal() principal: Principal, @Body() body: UpdateMeDto): Promise<MeDto> {
    await this.updatePreferences.execute({
      accountId: principal.accountId,
      displayName: body.displayName ?? principal.displayName,
      language: body.language ?? principal.language,
      postcode: body.postcode,
    });
    const updated = await this.principals.forAccount(principal.accountId);
    return toMeDto({ ...updated!, via: 'token', tokenScopes: principal.tokenScopes });
  }
}

function toMeDto(principal: Principal): MeDto {
  return {
    id: principal.accountId,
    email: principal.email,
    displayName: principal.displayName,
    language: principal.language,
    postcode: principal.postcode,
    emailVerified: principal.emailVerified,
    roles: principal.grants.map((g) => ({ role: g.role, scopeType: g.scopeType, scopeId: g.scopeId })),
    tokenScopes: principal.tokenScopes ?? [],
  };
}
