import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CurrentPrincipal, Page, Permission, Redirect, RequirePermission, attempt, validateForm, type Principal } from '@commonpurse/kernel';
import { grantablePermissions } from '../domain/roles';
import { PersonalAccessTokenRepository } from '../persistence/personal-access-token.repository';
import { CreateAccessTokenUseCase } from '../usecases/create-access-token/create-access-token.usecase';
import { RevokeAccessTokenUseCase } from '../usecases/revoke-access-token/revoke-access-token.usecase';
import { UpdatePreferencesUseCase } from '../usecases/update-preferences/update-preferences.usecase';
import { CreateTokenForm, PreferencesForm } from './dto/forms';

@ApiExcludeController()
@Controller('account')
export class AccountController {
  constructor(
    private readonly updatePreferences: UpdatePreferencesUseCase,
    private readonly createToken: CreateAccessTokenUseCase,
    private readonly revokeToken: RevokeAccessTokenUseCase,
    private readonly tokens: PersonalAccessTokenRepository,
  ) {}

  @Get()
  @RequirePermission(Permission.AccountSelf)
  show(@CurrentPrincipal() principal: Principal): Page {
    return new Page('identity/account', { account: principal });
  }

  @Get('preferences')
  @RequirePermission(Permission.AccountSelf)
  showPreferences(@CurrentPrincipal() principal: Principal): Page {
    return new Page('identity/preferences', { values: { displayName: principal.displayName, language: principal.language, postcode: principal.postcode ?? '' } });
  }

  @Post('preferences')
  @RequirePermission(Permission.AccountSelf)
  async submitPreferences(@CurrentPrincipal() principal: Principal, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const { form, problems } = validateForm(PreferencesForm, body);
    if (problems.length > 0) return new Page('identity/preferences', { values: form, problems }, 400);
    const result = await attempt(() => this.updatePreferences.execute({ accountId: principal.accountId, ...form, postcode: form.postcode ?? null }), 'postcode');
    if (!result.ok) return new Page('identity/preferences', { values: form, problems: result.problems }, 400);
    // The language just chosen applies from the next page on.
    return new Redirect(`/account?lang=${form.language}`);
  }

  @Get('tokens')
  @RequirePermission(Permission.AccountSelf)
  async listTokens(@CurrentPrincipal() principal: Principal): Promise<Page> {
    return this.tokensPage(principal, { values: { expiry: '90' } });
  }

  @Post('tokens')
  @RequirePermission(Permission.AccountSelf)
  async submitToken(@CurrentPrincipal() principal: Principal, @Body() body: Record<string, unknown>): Promise<Page> {
    const { form, problems } = validateForm(CreateTokenForm, body);
    if (problems.length > 0) return this.tokensPage(principal, { values: form, problems }, 400);
    const result = await attempt(
      () => this.createToken.execute({ accountId: principal.accountId, name: form.name, scopes: form.scopes as Permission[], expiresInDays: form.expiry === 'never' ? null : Number(form.expiry) }),
      'scopes',
    );
    if (!result.ok) return this.tokensPage(principal, { values: form, problems: result.problems }, 400);
    return this.tokensPage(principal, { values: { expiry: '90' }, created: { name: form.name, token: result.value.token } });
  }

  @Post('tokens/:id/revoke')
  @RequirePermission(Permission.AccountSelf)
  async revoke(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string): Promise<Redirect> {
    await this.revokeToken.execute({ accountId: principal.accountId, tokenId: id });
    return new Redirect('/account/tokens');
  }

  private async tokensPage(principal: Principal, context: Record<string, unknown>, status = 200): Promise<Page> {
    const tokens = await this.tokens.listForAccount(principal.accountId);
    return new Page('identity/tokens', { tokens, scopes: grantablePermissions(principal.grants), now: new Date(), ...context }, status);
  }
}
