export * from './trace-context.js';
export { flushTracing } from './state.js';
