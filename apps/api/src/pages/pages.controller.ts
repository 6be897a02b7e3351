import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Page, PublicRoute } from '@commonpurse/kernel';

/** The pages that belong to no module: home and the statements every public service publishes. */
@ApiExcludeController()
@Controller()
export class PagesController {
  @Get()
  @PublicRoute()
  home(): Page {
    return new Page('pages/home');
  }

  @Get('accessibility')
  @PublicRoute()
  accessibility(): Page {
    return new Page('pages/accessibility');
  }

  @Get('cookies')
  @PublicRoute()
  cookies(): Page {
    return new Page('pages/cookies');
  }

  @Get('privacy')
  @PublicRoute()
  privacy(): Page {
    return new Page('pages/privacy');
  }
}
