import type { FocusField, ProposalRefV1 } from '@collabo/contracts';
import type { LoadedProgramme } from '../programmes/programme-catalogue.js';
import type { Proposal } from './proposal.entity.js';

/** What every proposal event carries about its proposal. */
export function proposalRef(p: Proposal, programme: LoadedProgramme): ProposalRefV1 {
  return {
    proposalId: p.id,
    referenceNumber: p.referenceNumber,
    title: { ja: p.titleJa, en: p.titleEn },
    programmeCode: programme.programme.code,
    programmeName: { ja: programme.programme.nameJa, en: programme.programme.nameEn },
    proposingOrganizationId: p.proposingOrganizationId,
    contactPersonId: p.contactPersonId,
    coordinatorId: p.coordinatorId,
    focusFields: p.focusFields as FocusField[],
  };
}
