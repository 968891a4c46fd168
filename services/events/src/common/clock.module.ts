import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Clock } from './clock.js';

/** Provides the Clock every time-dependent rule asks (the system clock in production, a test clock in tests). */
@Global()
@Module({})
export class ClockModule {
  static forRoot(clock: Clock): DynamicModule {
    return { module: ClockModule, providers: [{ provide: Clock, useValue: clock }], exports: [Clock] };
  }
}
