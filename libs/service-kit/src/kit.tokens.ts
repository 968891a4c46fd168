/** Injection tokens for what the kit provides that has no class of its own. */
/** The validated environment (also provided under `BaseEnv` and under the definition's env class). */
export const KIT_ENV = Symbol('KIT_ENV');
/** The ServiceDefinition the kit was started from. */
export const SERVICE_DEFINITION = Symbol('SERVICE_DEFINITION');
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
