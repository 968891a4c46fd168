export * from './csv-import.js';
