export * from './periodic-job.js';
