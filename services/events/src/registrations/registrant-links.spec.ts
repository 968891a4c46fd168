import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { isLinkFor, MASKED_URL_PATTERN } from '@collabo/contracts';
import { questionnaireLink, seatOfferLink } from './registrant-links.js';
import { newToken } from './tokens.js';

describe('registrant links', () => {
  const offerId = '0193a5b0-0000-7000-8000-000000000001';
  const registrationId = '0193a5b0-0000-7000-8000-000000000002';

  it('give the usable link and a masked one that carries no token', () => {
    const token = newToken();
    for (const { url, masked } of [
      seatOfferLink('https://events.example.jp/', offerId, token),
      questionnaireLink('https://events.example.jp', registrationId, token),
    ]) {
      expect(url).toContain(`?token=${token}`);
      expect(masked).toMatch(MASKED_URL_PATTERN);
      expect(masked).not.toContain(token);
      expect(isLinkFor(masked, url)).toBe(true);
    }
    expect(seatOfferLink('https://events.example.jp/', offerId, token)).toEqual({
      url: `https://events.example.jp/v1/public/seat-offers/${offerId}/accept?token=${token}`,
      masked: `https://events.example.jp/v1/public/seat-offers/${offerId}/accept?token=•••`,
    });
    expect(questionnaireLink('http://127.0.0.1:3003', registrationId, token).masked).toBe(
      `http://127.0.0.1:3003/v1/public/registrations/${registrationId}/questionnaire?token=•••`,
    );
  });

  it('mask the same for every registrant of a page, so the masked link tells nothing of the token', () => {
    const a = questionnaireLink('https://e.example', registrationId, newToken());
    const b = questionnaireLink('https://e.example', registrationId, newToken());
    expect(a.url).not.toBe(b.url);
    expect(a.masked).toBe(b.masked);
    expect(isLinkFor(a.masked, seatOfferLink('https://e.example', offerId, newToken()).url)).toBe(false);
  });
});
