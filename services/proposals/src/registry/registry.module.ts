import { Module } from '@nestjs/common';
import { RegistryGateway } from './registry.gateway.js';

/** What the service asks the registry over NATS RPC (organisations, people, affiliations, advisor accounts). */
@Module({ providers: [RegistryGateway], exports: [RegistryGateway] })
export class RegistryModule {}
