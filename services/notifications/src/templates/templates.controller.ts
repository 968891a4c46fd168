import { Body, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Roles } from '@collabo/service-kit';
import { StaffRateLimited } from '../http/rate-limits.js';
import { StaffApi } from '../http/staff-api.js';
import { ALL_STAFF } from '../http/staff-roles.js';
import { PreviewQuery, PreviewRequest, TemplatePreview, TemplateSummary } from './dto/template.dto.js';
import { TemplatesService } from './templates.service.js';

/** The templates and the rule table, readable by staff, and a preview of any template with sample data. */
@StaffApi('templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Get()
  @ApiOperation({ summary: 'Every kind of email: category, subject prefixes, the events and recipients of its rules' })
  @ApiOkResponse({ type: [TemplateSummary] })
  list(): TemplateSummary[] {
    return this.templates.list();
  }

  @Get(':kind/preview')
  @ApiOperation({ summary: 'Render a template with built-in sample data, in Japanese (default) or English' })
  @ApiOkResponse({ type: TemplatePreview })
  preview(@Param('kind') kind: string, @Query() query: PreviewQuery): TemplatePreview {
    return this.templates.preview(kind, query);
  }

  @Post(':kind/preview')
  @HttpCode(200)
  @Roles(...ALL_STAFF)
  @StaffRateLimited('preview')
  @ApiOperation({
    summary: 'Render a template with data staff supply (checked against the contract of the kind’s event; changes nothing)',
  })
  @ApiOkResponse({ type: TemplatePreview })
  previewWith(@Param('kind') kind: string, @Body() body: PreviewRequest): TemplatePreview {
    return this.templates.previewWith(kind, body);
  }
}
