/** Vocabulary shared by every service. Labels for people live with the services that show them. */

export const Sectors = ['industry', 'academia', 'government', 'finance'] as const;
export type Sector = (typeof Sectors)[number];

export const OrganizationKinds = [
  'company',
  'university',
  'college',
  'public_research_institute',
  'national_government',
  'prefectural_government',
  'municipal_government',
  'economic_association',
  'financial_institution',
  'foundation',
  'npo',
  'study_group',
] as const;
export type OrganizationKind = (typeof OrganizationKinds)[number];

/** Focus fields: the three Hokkaido cluster fields (食・住・遊) and the others the foundation tracks. */
export const FocusFields = [
  'food',
  'housing',
  'tourism',
  'it',
  'bio',
  'environment',
  'energy',
  'manufacturing',
  'medical',
  'other',
] as const;
export type FocusField = (typeof FocusFields)[number];

export const MembershipRoles = ['representative', 'deputy', 'secretary', 'auditor', 'office', 'member', 'counsellor', 'advisor'] as const;
export type MembershipRole = (typeof MembershipRoles)[number];

export const Languages = ['ja', 'en'] as const;
export type Language = (typeof Languages)[number];

export const StaffRoles = ['admin', 'coordinator', 'advisor', 'viewer'] as const;
export type StaffRole = (typeof StaffRoles)[number];

export const EventKinds = ['exchange_meeting', 'seminar', 'matching_meeting', 'forum', 'site_visit'] as const;
export type EventKind = (typeof EventKinds)[number];
