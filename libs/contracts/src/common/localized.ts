import { IsOptional, IsString, MaxLength } from 'class-validator';

/** Text in Japanese, optionally also in English. */
export class LocalizedText {
  @IsString() @MaxLength(2000) ja!: string;
  @IsOptional() @IsString() @MaxLength(2000) en?: string | null;
}
