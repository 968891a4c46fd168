import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { NatsConnection } from '@nats-io/nats-core';
import { DataSource } from 'typeorm';
import { Public } from '../auth/decorators.js';
import { KIT_STATE, NATS_CONNECTION, type KitState } from '../kit.tokens.js';

/** `/health/live`: the process answers. `/health/ready`: database reachable, migrations done, NATS connected. */
@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(KIT_STATE) private readonly state: KitState,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([() => this.indicators.check('process').up({ uptimeSeconds: Math.round(process.uptime()) })]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      async () => {
        const check = this.indicators.check('database');
        try {
          await this.dataSource.query('SELECT 1');
          if (!this.state.migrated) this.state.migrated = !(await this.dataSource.showMigrations());
          return this.state.migrated ? check.up() : check.down({ message: 'migrations not applied yet' });
        } catch {
          return check.down({ message: 'database unreachable' });
        }
      },
      () => {
        const check = this.indicators.check('nats');
        return !this.nats.isClosed() && !this.nats.isDraining() && this.state.natsConnected
          ? check.up()
          : check.down({ message: 'nats not connected' });
      },
      () => {
        const check = this.indicators.check('shutdown');
        return this.state.shuttingDown ? check.down({ message: 'shutting down' }) : check.up();
      },
    ]);
  }
}
