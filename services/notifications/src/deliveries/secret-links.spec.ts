import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { rulesFor } from '../rules/notification-rules.js';
import { SAMPLE_DATA } from '../templates/sample-data.js';
import { LinkMismatchError, UnresolvedLinkError } from '../errors.js';
import { maskedConsentLink, wireConsentLink } from './consent-links.js';
import { checkedLink, maskLinksIn, secretLinksOf, withRealLinks, type SecretLink } from './secret-links.js';

const INVITED = SAMPLE_DATA['registry.evt.account.invited.v2'] as { maskedSetPasswordUrl: string; accountId: string; invitationId: string };

describe('secret links at rest', () => {
  it('records how to get each secret link of an email, never the link', () => {
    const [invite] = rulesFor('registry.evt.account.invited.v2');
    expect(secretLinksOf(invite!.secretLinks!, INVITED, undefined, null)).toEqual([
      {
        masked: 'https://collabo.example.jp/set-password?token=•••',
        via: 'registry.invitation',
        accountId: INVITED.accountId,
        invitationId: INVITED.invitationId,
      },
    ]);
    const offered = SAMPLE_DATA['events.evt.registration.seat-offered.v2'] as {
      offerId: string;
      registration: { registrationId: string };
    };
    const [offer] = rulesFor('events.evt.registration.seat-offered.v2');
    const unsubscribe = {
      masked: 'http://n.test/v1/unsubscribe?token=•••',
      recipientKey: 'email:a@b.jp',
      category: 'registration' as const,
    };
    expect(secretLinksOf(offer!.secretLinks!, offered, undefined, unsubscribe)).toEqual([
      {
        masked: 'https://collabo.example.jp/events/offers/01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e70/accept?token=•••',
        via: 'events.registrant',
        purpose: 'seat-offer',
        registrationId: offered.registration.registrationId,
        offerId: offered.offerId,
      },
      { via: 'notifications.unsubscribe', ...unsubscribe },
    ]);
    // The questionnaire link is the attendee's own: read from their element of the list.
    const completed = SAMPLE_DATA['events.evt.event.completed.v2'] as { attendees: { registration: { registrationId: string } }[] };
    const [thanks] = rulesFor('events.evt.event.completed.v2');
    expect(secretLinksOf(thanks!.secretLinks!, completed, completed.attendees[0], null)).toEqual([
      {
        masked: 'https://collabo.example.jp/events/questionnaire?token=•••',
        via: 'events.registrant',
        purpose: 'questionnaire',
        registrationId: completed.attendees[0]!.registration.registrationId,
      },
    ]);
    // A link that is not masked is no secret link: nothing to resolve (the contract refuses such events anyway).
    expect(secretLinksOf(invite!.secretLinks!, { ...INVITED, maskedSetPasswordUrl: 'https://x/set?token=real' }, undefined, null)).toEqual(
      [],
    );
  });

  it('masks any token left in a rendered body before it is stored, escaped HTML links included', () => {
    expect(maskLinksIn('go to https://x.jp/a?token=s3cret now')).toBe('go to https://x.jp/a?token=••• now');
    expect(maskLinksIn('<a href="https://x.jp/a?lang=ja&amp;token=s3cret&amp;z=1">')).toBe(
      '<a href="https://x.jp/a?lang=ja&amp;token=•••&amp;z=1">',
    );
    expect(maskLinksIn('https://x.jp/s?t=abc')).toBe('https://x.jp/s?t=•••');
    expect(maskLinksIn('no links here; a=1&b=2')).toBe('no links here; a=1&b=2');
  });
});

describe('secret links on the wire', () => {
  const invitation: SecretLink = { masked: 'https://r.jp/set?token=•••', via: 'registry.invitation', accountId: 'a', invitationId: 'i' };

  it('refuses a link from its owner that is not the masked one (another host, path or parameter)', () => {
    expect(checkedLink(invitation, 'https://r.jp/set?token=abc')).toEqual({
      masked: invitation.masked,
      real: 'https://r.jp/set?token=abc',
    });
    for (const wrong of ['https://evil.jp/set?token=abc', 'https://r.jp/other?token=abc', 'https://r.jp/set?token=abc&next=evil']) {
      expect(() => checkedLink(invitation, wrong)).toThrow(LinkMismatchError);
    }
    expect(() => checkedLink({ masked: null, via: 'unavailable', reason: 'v1' }, 'https://r.jp/set?token=abc')).toThrow(LinkMismatchError);
  });

  it('puts the real link into the text, the escaped HTML and the List-Unsubscribe URL of the outgoing message only', () => {
    const masked = 'https://e.jp/q?lang=ja&token=•••';
    const real = 'https://e.jp/q?lang=ja&token=a<b>&"c';
    const unsubscribeMasked = 'http://n.test/v1/unsubscribe?token=•••';
    const unsubscribeReal = 'http://n.test/v1/unsubscribe?token=p.q';
    const stored = {
      text: `link:\n${masked}\nstop: ${unsubscribeMasked}`,
      html: `<a href="https://e.jp/q?lang=ja&amp;token=•••">https://e.jp/q?lang=ja&amp;token=•••</a> <a href="${unsubscribeMasked}">x</a>`,
      unsubscribeUrl: unsubscribeMasked,
    };
    const wire = withRealLinks(stored, [
      { masked, real },
      { masked: unsubscribeMasked, real: unsubscribeReal },
    ]);
    expect(wire.text).toBe(`link:\n${real}\nstop: ${unsubscribeReal}`);
    expect(wire.html).toBe(
      '<a href="https://e.jp/q?lang=ja&amp;token=a&lt;b&gt;&amp;&quot;c">https://e.jp/q?lang=ja&amp;token=a&lt;b&gt;&amp;&quot;c</a> ' +
        `<a href="${unsubscribeReal}">x</a>`,
    );
    expect(wire.unsubscribeUrl).toBe(unsubscribeReal);
    // The stored content is not touched.
    expect(stored.text).toContain('token=•••');
  });

  it('tells a registry person’s consent links of one email apart, and checks each against the registry’s page', () => {
    const page = 'https://r.test/v1/consent-withdrawal';
    const news = maskedConsentLink(page, 'news');
    const listing = maskedConsentLink(page, 'attendee_listing');
    expect([news, listing]).toEqual([`${page}?token=•••#news`, `${page}?token=•••#attendee_listing`]);
    expect(maskedConsentLink(`${page}?lang=ja`, 'news')).toBe(`${page}?lang=ja&token=•••#news`);
    const personId = '0190a000-0000-7000-8000-000000000001';
    const links = secretLinksOf([], {}, undefined, null, {
      personId,
      links: [
        { purpose: 'news', masked: news },
        { purpose: 'attendee_listing', masked: listing },
      ],
    });
    expect(links).toEqual([
      { masked: news, via: 'registry.consent', personId, purpose: 'news' },
      { masked: listing, via: 'registry.consent', personId, purpose: 'attendee_listing' },
    ]);
    const realNews = wireConsentLink(`${page}?token=n.1`, 'news');
    const realListing = wireConsentLink(`${page}?token=l.2`, 'attendee_listing');
    const wire = withRealLinks(
      { text: `${news}\n${listing}`, html: `<a href="${news}">${news}</a><a href="${listing}">x</a>`, unsubscribeUrl: null },
      [checkedLink(links[0]!, realNews), checkedLink(links[1]!, realListing)],
    );
    expect(wire.text).toBe(`${page}?token=n.1#news\n${page}?token=l.2#attendee_listing`);
    expect(wire.html).toBe(`<a href="${realNews}">${realNews}</a><a href="${realListing}">x</a>`);
    // Another page, or the link of the other purpose, is not the one the email holds.
    expect(() => checkedLink(links[0]!, wireConsentLink('https://evil.test/v1/consent-withdrawal?token=n.1', 'news'))).toThrow(
      LinkMismatchError,
    );
    expect(() => checkedLink(links[0]!, wireConsentLink(`${page}?token=l.2`, 'attendee_listing'))).toThrow(LinkMismatchError);
  });

  it('refuses to send an email that still holds a masked link nobody resolved', () => {
    expect(() => withRealLinks({ text: 'https://e.jp/q?token=•••', html: '', unsubscribeUrl: null }, [])).toThrow(UnresolvedLinkError);
    expect(() => withRealLinks({ text: '', html: '<a href="https://e.jp/q?a=1&amp;t=•••">', unsubscribeUrl: null }, [])).toThrow(
      UnresolvedLinkError,
    );
    expect(() => withRealLinks({ text: '', html: '', unsubscribeUrl: 'http://n.test/v1/unsubscribe?token=•••' }, [])).toThrow(
      UnresolvedLinkError,
    );
    expect(withRealLinks({ text: 'plain', html: '<p>plain</p>', unsubscribeUrl: null }, [])).toEqual({
      text: 'plain',
      html: '<p>plain</p>',
      unsubscribeUrl: null,
    });
  });

  it('records the name slots of the people an email mentions, and puts each name in (HTML-escaped) on the wire only', () => {
    const advisorId = '0190a000-0000-7000-8000-000000000002';
    const links = secretLinksOf([], {}, undefined, null, null, [{ slot: '⟦審査員 1⟧', personId: advisorId, role: 'advisor' }]);
    expect(links).toEqual([{ masked: '⟦審査員 1⟧', via: 'registry.person-name', personId: advisorId, role: 'advisor' }]);
    const stored = { text: '・P1 担当：⟦審査員 1⟧\n・P2 担当：⟦審査員 1⟧', html: '<p>・P1 担当：⟦審査員 1⟧</p>', unsubscribeUrl: null };
    const wire = withRealLinks(stored, [{ masked: '⟦審査員 1⟧', real: "O'Brien <Pat>" }]);
    expect(wire.text).toBe("・P1 担当：O'Brien <Pat>\n・P2 担当：O'Brien <Pat>");
    expect(wire.html).toBe('<p>・P1 担当：O&#39;Brien &lt;Pat&gt;</p>');
    expect(stored.text).toContain('⟦審査員 1⟧');
  });
});
