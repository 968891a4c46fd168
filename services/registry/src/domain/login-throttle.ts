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
