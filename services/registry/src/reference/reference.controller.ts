import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ReferenceData } from './reference.service.js';
import { BureauList, MunicipalityList } from './reference.views.js';

class MunicipalityQuery {
  @ApiPropertyOptional({ description: 'Bureau code, e.g. `ishikari`' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  bureau?: string;

  @ApiPropertyOptional({ enum: ['city', 'town', 'village'] })
  @IsOptional()
  @IsIn(['city', 'town', 'village'])
  kind?: string;
}

@ApiTags('reference data')
@Controller('v1')
export class ReferenceController {
  constructor(private readonly reference: ReferenceData) {}

  @Get('municipalities')
  @ApiOkResponse({ type: MunicipalityList, description: "Hokkaido's 179 municipalities with code, names, kind and bureau." })
  municipalities(@Query() query: MunicipalityQuery) {
    const items = this.reference.listMunicipalities(query);
    return { items, total: items.length };
  }

  @Get('bureaus')
  @ApiOkResponse({ type: BureauList, description: "Hokkaido's 14 subprefectural bureaus." })
  bureaus() {
    const items = this.reference.listBureaus();
    return { items, total: items.length };
  }
}
