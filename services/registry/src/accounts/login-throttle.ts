/**
 * How repeated login failures slow an account down and then lock it. Pure policy: the service stores
 * `failedLogins` and `lockedUntil` on the account and asks this what to do.
 */
export interface LoginThrottlePolicy {
  /** Failures allowed before each further attempt has to wait. */
  freeFailures: number;
  /** The first wait, in seconds; doubles with each further failure. */
  baseDelaySeconds: number;
  /** Failures after which the account is locked for `lockSeconds`. */
  lockAfter: number;
  lockSeconds: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottlePolicy = {
  freeFailures: 3,
  baseDelaySeconds: 2,
  lockAfter: 10,
  lockSeconds: 15 * 60,
};

/** How long the account must wait after its `failures`-th consecutive failure, in seconds (0: not at all). */
export function waitAfterFailures(failures: number, policy: LoginThrottlePolicy = DEFAULT_LOGIN_THROTTLE): number {
  if (failures >= policy.lockAfter) return policy.lockSeconds;
  if (failures < policy.freeFailures) return 0;
  return Math.min(policy.lockSeconds, policy.baseDelaySeconds * 2 ** (failures - policy.freeFailures));
}

/** Whether `failures` means a lock (as opposed to a short slow-down). */
export function isLocked(failures: number, policy: LoginThrottlePolicy = DEFAULT_LOGIN_THROTTLE): boolean {
  return failures >= policy.lockAfter;
}

/**
 * {@link waitAfterFailures} as a SQL expression of an integer expression `failures` (seconds, an integer), so
 * that the one UPDATE that counts a login attempt can also set the wait it calls for. The policy's numbers
 * are written into the text (they are constants, never input).
 */
export function waitAfterFailuresSql(failures: string, policy: LoginThrottlePolicy = DEFAULT_LOGIN_THROTTLE): string {
  const int = (n: number) => {
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`login throttle policy: ${n} is not a whole number of seconds or failures`);
    return String(n);
  };
  return (
    `(CASE WHEN (${failures}) >= ${int(policy.lockAfter)} THEN ${int(policy.lockSeconds)}` +
    ` WHEN (${failures}) < ${int(policy.freeFailures)} THEN 0` +
    ` ELSE least(${int(policy.lockSeconds)}, ${int(policy.baseDelaySeconds)} * power(2, (${failures}) - ${int(policy.freeFailures)}))::int END)`
  );
}
