import { Type } from 'class-transformer';
import { IsDefined, IsIn, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { MembershipV1 } from './models.js';

export namespace MembershipChangedV1 {
  export const subject = Subjects.registry.evt.membershipChanged;
  export const Changes = ['joined', 'updated', 'left'] as const;
  export class Data {
    @IsIn(Changes) change!: (typeof Changes)[number];
    @IsDefined() @ValidateNested() @Type(() => MembershipV1) membership!: MembershipV1;
  }
}
