export * from './csv-import.js';
export * from './csv-upload.js';
