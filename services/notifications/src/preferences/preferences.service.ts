import { Injectable } from '@nestjs/common';
import { formatInstantOrNull } from '@collabo/calendar';
import { ValidationFailedError } from '@collabo/service-kit';
import { DataSource } from 'typeorm';
import { CategoryNotOptionalError, InvalidUnsubscribeLinkError } from '../errors.js';
import { Categories, CATEGORY_NAMES, isCategory, isTransactional, type Category } from '../rules/categories.js';
import { recipientKey } from '../rules/recipients.js';
import { NotificationSettings } from '../config/notification-settings.js';
import type { PreferencesView, RecipientQuery } from './dto/preference.dto.js';
import { verifyUnsubscribe, type UnsubscribeClaim } from './unsubscribe-token.js';

interface Row {
  category: string;
  subscribed: boolean;
  source: string;
  updated_at: Date;
}

/** Per person (or guest address) and category: who wants which optional emails. */
@Injectable()
export class PreferencesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: NotificationSettings,
  ) {}

  keyOf(query: RecipientQuery): string {
    if (Boolean(query.personId) === Boolean(query.email)) {
      throw new ValidationFailedError([{ field: 'personId', message: 'give exactly one of personId and email' }]);
    }
    return recipientKey(query.personId ?? null, query.email ?? null);
  }

  async get(key: string): Promise<PreferencesView> {
    const rows: Row[] = await this.dataSource.query(
      'SELECT category, subscribed, source, updated_at FROM preferences WHERE recipient_key = $1',
      [key],
    );
    const byCategory = new Map(rows.map((r) => [r.category, r]));
    return {
      recipientKey: key,
      categories: CATEGORY_NAMES.map((category) => {
        const row = byCategory.get(category);
        const transactional = isTransactional(category);
        return {
          category,
          transactional,
          labelJa: Categories[category].label.ja,
          labelEn: Categories[category].label.en,
          subscribed: transactional || (row?.subscribed ?? true),
          source: row?.source ?? null,
          updatedAt: formatInstantOrNull(row?.updated_at),
        };
      }),
    };
  }

  async set(key: string, category: string, subscribed: boolean, source: 'staff' | 'unsubscribe_link', actor: string | null): Promise<void> {
    if (!isCategory(category)) throw new ValidationFailedError([{ field: 'category', message: 'unknown category' }]);
    if (isTransactional(category) && !subscribed) throw new CategoryNotOptionalError(category);
    await this.dataSource.query(
      `INSERT INTO preferences (recipient_key, category, subscribed, source, changed_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (recipient_key, category)
       DO UPDATE SET subscribed = EXCLUDED.subscribed, source = EXCLUDED.source, changed_by = EXCLUDED.changed_by, updated_at = now()`,
      [key, category, subscribed, source, actor],
    );
  }

  /** What a signed link says, or InvalidUnsubscribeLinkError. */
  claimOf(token: string): UnsubscribeClaim & { category: Category } {
    const claim = verifyUnsubscribe(this.settings.unsubscribeSecret, token);
    if (!claim) throw new InvalidUnsubscribeLinkError();
    return claim;
  }

  /** The one-click unsubscribe: idempotent, optional categories only (no link is ever made for others). */
  async unsubscribe(token: string): Promise<UnsubscribeClaim> {
    const claim = this.claimOf(token);
    await this.set(claim.recipientKey, claim.category, false, 'unsubscribe_link', null);
    return claim;
  }
}
