import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Page, PublicRoute, attempt, validateForm } from '@commonpurse/kernel';
import { RequestPasswordResetUseCase } from '../usecases/request-password-reset/request-password-reset.usecase';
import { ResetPasswordUseCase } from '../usecases/reset-password/reset-password.usecase';
import { EmailForm, ResetPasswordForm } from './dto/forms';

@ApiExcludeController()
@Controller()
export class PasswordResetController {
  constructor(
    private readonly requestReset: RequestPasswordResetUseCase,
    private readonly reset: ResetPasswordUseCase,
  ) {}

  @Get('forgotten-password')
  @PublicRoute()
  show(): Page {
    return new Page('identity/forgotten-password', { values: {} });
  }

  @Post('forgotten-password')
  @PublicRoute()
  async submit(@Body() body: Record<string, unknown>): Promise<Page> {
    const { form, problems } = validateForm(EmailForm, body);
    if (problems.length > 0) return new Page('identity/forgotten-password', { values: { email: form.email }, problems }, 400);
    await this.requestReset.execute(form);
    return new Page('identity/reset-sent', { email: form.email });
  }

  @Get('reset-password')
  @PublicRoute()
  showReset(@Query('token') token?: string): Page {
    return new Page('identity/reset-password', { token: typeof token === 'string' ? token : '' });
  }

  @Post('reset-password')
  @PublicRoute()
  async submitReset(@Body() body: Record<string, unknown>): Promise<Page> {
    const { form, problems } = validateForm(ResetPasswordForm, body);
    if (problems.length > 0) return new Page('identity/reset-password', { token: form.token ?? '', problems }, 400);
    const result = await attempt(() => this.reset.execute(form), 'password');
    if (!result.ok) return new Page('identity/reset-password', { token: form.token, problems: result.problems }, 400);
    return new Page('identity/password-changed');
  }
}
