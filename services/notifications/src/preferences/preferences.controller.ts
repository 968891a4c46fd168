import { Body, Get, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@collabo/service-kit';
import { StaffRateLimited } from '../http/rate-limits.js';
import { StaffApi } from '../http/staff-api.js';
import { FOUNDATION_STAFF } from '../http/staff-roles.js';
import { PreferencesView, RecipientQuery, SetPreference } from './dto/preference.dto.js';
import { PreferencesService } from './preferences.service.js';

/**
 * Staff view and change of a person's email preferences (e.g. asked by phone). Reading: the foundation's own
 * staff (not advisors); changing: admin, coordinator.
 */
@StaffApi('preferences')
export class PreferencesController {
  constructor(private readonly preferences: PreferencesService) {}

  @Get()
  @Roles(...FOUNDATION_STAFF)
  @ApiOperation({ summary: "One person's (or guest address's) preferences per category" })
  @ApiOkResponse({ type: PreferencesView })
  get(@Query() query: RecipientQuery): Promise<PreferencesView> {
    return this.preferences.get(this.preferences.keyOf(query));
  }

  @Put()
  @StaffRateLimited('preferences')
  @ApiOperation({ summary: 'Switch an optional category on or off for a person or guest address' })
  @ApiOkResponse({ type: PreferencesView })
  async set(@Body() body: SetPreference, @CurrentActor() actor: Actor): Promise<PreferencesView> {
    const key = this.preferences.keyOf(body);
    await this.preferences.set(key, body.category, body.subscribed, 'staff', actor.personId);
    return this.preferences.get(key);
  }
}
