import { Global, Module } from '@nestjs/common';
import { NotificationSettings } from './notification-settings.js';

/** The environment in the shapes the features use (signature, sender, links, backoff), for every module. */
@Global()
@Module({ providers: [NotificationSettings], exports: [NotificationSettings] })
export class SettingsModule {}
