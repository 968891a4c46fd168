/** Injection tokens for what the kit provides that has no class of its own. */
export const KIT_ENV = Symbol('KIT_ENV');
export const KIT_STATE = Symbol('KIT_STATE');
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const JETSTREAM = Symbol('JETSTREAM');
export const JETSTREAM_MANAGER = Symbol('JETSTREAM_MANAGER');
export const LOGGER = Symbol('LOGGER');

/** What readiness needs to know about the process. */
export interface KitState {
  migrated: boolean;
  natsConnected: boolean;
  shuttingDown: boolean;
}
