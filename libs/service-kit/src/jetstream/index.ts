export * from './consumer.js';
export * from './consumes-event.decorator.js';
export * from './dead-letter-redaction.migration.js';
export * from './dead-letters.controller.js';
