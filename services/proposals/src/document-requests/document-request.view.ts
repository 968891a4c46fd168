import { ApiProperty } from '@nestjs/swagger';
import { formatInstant } from '@collabo/calendar';
import type { DocumentRequestV1 } from '@collabo/contracts';
import { DocumentRequestStatuses, type DocumentRequest } from './document-request.entity.js';

export class DocumentRequestView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) proposalId!: string;
  @ApiProperty({ enum: DocumentRequestStatuses }) status!: string;
  @ApiProperty({ type: [String] }) items!: string[];
  @ApiProperty({ example: '2026-12-15' }) dueOn!: string;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ description: 'The ETag.' }) version!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) createdBy!: string | null;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was withdrawn, or the note on receipt.' }) closeReason!: string | null;
}

export function documentRequestView(r: DocumentRequest): DocumentRequestView {
  return {
    id: r.id,
    proposalId: r.proposalId,
    status: r.status,
    items: r.items,
    dueOn: r.dueOn,
    note: r.note,
    version: r.version,
    createdAt: formatInstant(r.createdAt),
    createdBy: r.createdBy,
    updatedAt: formatInstant(r.updatedAt),
    closeReason: r.closeReason,
  };
}

export function documentRequestRef(r: DocumentRequest): DocumentRequestV1 {
  return { requestId: r.id, sequence: r.version, items: r.items, dueOn: r.dueOn, note: r.note };
}
