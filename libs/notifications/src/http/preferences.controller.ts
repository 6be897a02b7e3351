import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CurrentPrincipal, Page, Permission, Redirect, RequirePermission, type Principal } from '@commonpurse/kernel';
import { OPTIONAL_CATEGORIES, type Category } from '../domain/notification-event';
import { PreferenceRepository } from '../persistence/preference.repository';
import { SetPreferencesUseCase } from '../usecases/set-preferences/set-preferences.usecase';

@ApiExcludeController()
@Controller('account/notifications')
export class PreferencesController {
  constructor(
    private readonly preferences: PreferenceRepository,
    private readonly setPreferences: SetPreferencesUseCase,
  ) {}

  @Get()
  @RequirePermission(Permission.AccountSelf)
  async show(@CurrentPrincipal() principal: Principal, @Query('saved') saved?: string): Promise<Page> {
    const disabled = await this.preferences.disabled(principal.accountId);
    return new Page('notifications/preferences', { enabled: OPTIONAL_CATEGORIES.filter((c) => !disabled.has(c)), saved: saved === '1' });
  }

  /** Checkboxes: a box left empty is simply absent from the form, so anything unknown is ignored. */
  @Post()
  @RequirePermission(Permission.AccountSelf)
  async submit(@CurrentPrincipal() principal: Principal, @Body() body: Record<string, unknown>): Promise<Redirect> {
    const chosen = ([] as unknown[]).concat(body.categories ?? []);
    const enabled = OPTIONAL_CATEGORIES.filter((c) => chosen.includes(c)) as Category[];
    await this.setPreferences.execute({ accountId: principal.accountId, enabled });
    return new Redirect('/account/notifications?saved=1');
  }
}
