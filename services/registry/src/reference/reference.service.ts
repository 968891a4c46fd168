import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { FieldError } from '@collabo/service-kit';
import { DataSource } from 'typeorm';
import { UnknownBureauError, UnknownMunicipalityError } from '../errors.js';
import { Bureau } from './bureau.entity.js';
import { Municipality } from './municipality.entity.js';

/** Hokkaido's 14 bureaus and 179 municipalities: loaded by a migration, read once, never changed at run time. */
@Injectable()
export class ReferenceData implements OnModuleInit {
  private bureaus: Bureau[] = [];
  private municipalities: Municipality[] = [];
  private byCode = new Map<string, Municipality>();
  private byName = new Map<string, Municipality>();
  private bureauCodes = new Set<string>();

  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    this.bureaus = await this.dataSource.getRepository(Bureau).find({ order: { code: 'ASC' } });
    this.municipalities = await this.dataSource.getRepository(Municipality).find({ order: { code: 'ASC' } });
    this.byCode = new Map(this.municipalities.map((m) => [m.code, m]));
    this.byName = new Map(this.municipalities.map((m) => [m.nameJa, m]));
    this.bureauCodes = new Set(this.bureaus.map((b) => b.code));
  }

  listBureaus(): Bureau[] {
    return this.bureaus;
  }

  listMunicipalities(filter: { bureau?: string; kind?: string } = {}): Municipality[] {
    return this.municipalities.filter(
      (m) => (!filter.bureau || m.bureauCode === filter.bureau) && (!filter.kind || m.kind === filter.kind),
    );
  }

  municipality(code: string): Municipality | undefined {
    return this.byCode.get(code);
  }

  /** A municipality by its code or by its Japanese name (札幌市), as CSV files write either. */
  findMunicipality(codeOrName: string): Municipality | undefined {
    return this.byCode.get(codeOrName) ?? this.byName.get(codeOrName);
  }

  isBureau(code: string): boolean {
    return this.bureauCodes.has(code);
  }

  /** Field errors for municipality and bureau codes that are not Hokkaido's. */
  unknownCodes(
    refs: { field: string; municipalities?: (string | null | undefined)[]; bureaus?: (string | null | undefined)[] }[],
  ): FieldError[] {
    const errors: FieldError[] = [];
    for (const ref of refs) {
      for (const code of ref.municipalities ?? []) {
        if (code && !this.byCode.has(code))
          errors.push({ field: ref.field, message: `${code} is not one of Hokkaido's 179 municipalities` });
      }
      for (const code of ref.bureaus ?? []) {
        if (code && !this.bureauCodes.has(code)) errors.push({ field: ref.field, message: `${code} is not one of Hokkaido's 14 bureaus` });
      }
    }
    return errors;
  }

  /** Throws 400 naming each unknown municipality or bureau. */
  assertKnown(refs: Parameters<ReferenceData['unknownCodes']>[0]): void {
    const errors = this.unknownCodes(refs);
    if (!errors.length) return;
    const municipal = errors.some((e) => /municipalit/.test(e.message));
    throw municipal ? new UnknownMunicipalityError(errors) : new UnknownBureauError(errors);
  }
}
