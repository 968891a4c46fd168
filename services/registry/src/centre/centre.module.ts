import { Module } from '@nestjs/common';
import { CentreController } from './centre.controller.js';
import { CentreService } from './centre.service.js';

@Module({ controllers: [CentreController], providers: [CentreService] })
export class CentreModule {}
