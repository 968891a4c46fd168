import { formatInstant } from '@collabo/calendar';
import type { MembershipRole, MembershipV1 } from '@collabo/contracts';
import { displayNameOf } from '../people/person.view.js';
import { periodsOf, type RolePeriod } from './role-periods.js';

export interface MembershipView {
  id: string;
  studyGroupId: string;
  studyGroupName: string;
  personId: string;
  personName: string;
  role: MembershipRole;
  joinedOn: string;
  leftOn: string | null;
  /** The role periods, oldest first (a role change ends one and starts the next); `role` is the last one's. */
  roles: RolePeriod[];
  version: number;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  updatedBy: string | null;
}

export interface MembershipRow {
  id: string;
  study_group_id: string;
  study_group_name: string;
  person_id: string;
  family_name: string;
  given_name: string;
  role: MembershipRole;
  joined_on: string;
  left_on: string | null;
  roles: RolePeriod[];
  version: number;
  created_at: Date;
  created_by: string | null;
  updated_at: Date;
  updated_by: string | null;
}

export const MEMBERSHIP_SELECT = `
  SELECT ms.id, ms.study_group_id, g.name AS study_group_name, ms.person_id, p.family_name, p.given_name, ms.role,
         ms.joined_on::text AS joined_on, ms.left_on::text AS left_on,
         (SELECT COALESCE(json_agg(json_build_object('role', mr.role, 'fromOn', mr.from_on::text, 'toOn', mr.to_on::text)
                                   ORDER BY mr.from_on), '[]'::json)
            FROM membership_roles mr WHERE mr.membership_id = ms.id) AS roles,
         ms.version,
         ms.created_at, ms.created_by, ms.updated_at, ms.updated_by
    FROM memberships ms
    JOIN organizations g ON g.id = ms.study_group_id
    JOIN people p ON p.id = ms.person_id`;

export function toMembershipView(r: MembershipRow): MembershipView {
  return {
    id: r.id,
    studyGroupId: r.study_group_id,
    studyGroupName: r.study_group_name,
    personId: r.person_id,
    personName: displayNameOf(r.family_name, r.given_name),
    role: r.role,
    joinedOn: r.joined_on,
    leftOn: r.left_on,
    roles: periodsOf(r.roles, { role: r.role, joinedOn: r.joined_on, leftOn: r.left_on }),
    version: r.version,
    createdAt: formatInstant(r.created_at),
    createdBy: r.created_by,
    updatedAt: formatInstant(r.updated_at),
    updatedBy: r.updated_by,
  };
}

export function toMembershipV1(v: MembershipView): MembershipV1 {
  return { id: v.id, studyGroupId: v.studyGroupId, personId: v.personId, role: v.role, joinedOn: v.joinedOn, leftOn: v.leftOn };
}
