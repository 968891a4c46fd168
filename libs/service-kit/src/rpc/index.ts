export * from './nats-server.js';
export * from './rpc-client.js';
