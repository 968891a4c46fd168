import { ApiProperty } from '@nestjs/swagger';
import type { Documents } from '../http/response-views.js';
import type { Bureau } from './bureau.entity.js';
import type { Municipality } from './municipality.entity.js';

/** One of Hokkaido's 179 municipalities. */
export class MunicipalityView {
  @ApiProperty({ description: 'JIS X 0402 code with check digit (`011002`)' }) code!: string;
  @ApiProperty() nameJa!: string;
  @ApiProperty() nameKana!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty({ enum: ['city', 'town', 'village'] }) kind!: 'city' | 'town' | 'village';
  @ApiProperty() bureauCode!: string;
}

export class MunicipalityList {
  @ApiProperty({ type: [MunicipalityView] }) items!: MunicipalityView[];
  @ApiProperty({ type: Number }) total!: number;
}

/** One of Hokkaido's 14 subprefectural bureaus (振興局). */
export class BureauView {
  @ApiProperty() code!: string;
  @ApiProperty() nameJa!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty({ description: 'Where the bureau sits' }) seatName!: string;
}

export class BureauList {
  @ApiProperty({ type: [BureauView] }) items!: BureauView[];
  @ApiProperty({ type: Number }) total!: number;
}

/** Each class documents exactly what the service answers (compile-time; a municipality's `bureau` relation is never loaded). */
export const REFERENCE_VIEWS_MATCH: [Documents<MunicipalityView, Municipality>, Documents<BureauView, Bureau>] = [true, true];
