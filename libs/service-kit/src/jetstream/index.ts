export * from './consumer.js';
export * from './consumer-janitor.js';
export * from './consumes-event.decorator.js';
export * from './dead-letter.errors.js';
export * from './dead-letter-redaction.migration.js';
export * from './dead-letters.controller.js';
export * from './lanes.js';
