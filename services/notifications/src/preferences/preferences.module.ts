import { Module } from '@nestjs/common';
import { OneClickBodyParser } from './one-click-body.js';
import { PreferencesController } from './preferences.controller.js';
import { PreferencesService } from './preferences.service.js';
import { UnsubscribeController } from './unsubscribe.controller.js';
import { UnsubscribeLinks } from './unsubscribe-links.js';

/** Preferences per person or guest address, the signed unsubscribe links (the one place they are assembled) and their routes. */
@Module({
  controllers: [PreferencesController, UnsubscribeController],
  providers: [PreferencesService, OneClickBodyParser, UnsubscribeLinks],
  exports: [UnsubscribeLinks],
})
export class PreferencesModule {}
