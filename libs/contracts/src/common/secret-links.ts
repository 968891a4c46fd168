/**
 * Links that carry a secret (a set-password token, a registrant's own token, an unsubscribe token) never
 * travel in an event, an outbox row or a stored email. Messages carry the link *masked*: the URL with the
 * value of its `token` parameter replaced by {@link MASKED_SECRET}. The service that owns the secret hands
 * out the real link over RPC at send time, and the notifications service puts it into the email only on
 * the SMTP wire. Staff reading a delivery see the masked form, as the recipient saw the email otherwise.
 */
export const MASKED_SECRET = '•••';

/** `https://x/y?token=abc&z=1` -> `https://x/y?token=•••&z=1`; a URL without a token is returned as is. */
export function maskSecretUrl(url: string): string {
  return url.replace(/([?&](?:token|t)=)[^&#\s"'<>]*/g, `$1${MASKED_SECRET}`);
}

/** Whether `real` is the link that `masked` stands for (same URL once its token is masked). */
export function isLinkFor(masked: string, real: string): boolean {
  return masked.includes(MASKED_SECRET) && maskSecretUrl(real) === masked;
}

/** A masked link as messages carry it: its `token` (or `t`) parameter is `•••`. */
export const MASKED_URL_PATTERN = /^https?:\/\/[^\s?#]+\?(?:[^#\s]*&)?(?:token|t)=•••(?:&[^#\s]*)?$/;
