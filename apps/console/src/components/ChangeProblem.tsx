import { Alert, Anchor, Button, Group, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, type Problem } from '../api/client';
import { ProblemAlert } from './common';
import i18n from '../i18n';

const ja = {
  refusal: {
    stale: '他の人がこれを変更しました。再読み込みしてから、もう一度変更してください。',
    duplicateEmail: 'このメールアドレスの人はすでに登録されています。',
    personMerged: 'この人は別の人に統合されています。残った記録を変更してください。',
    organizationMerged: 'その組織は別の組織に統合されています。残った組織を選んでください。',
    membershipOverlap: 'この人はその期間すでにこの研究会の会員です。会員をもう一つ作るのではなく、その会員の役割を変更してください。',
    consentAlreadyGiven: 'この目的の同意はすでに有効です。新しく記録するには、先に撤回を記録してください。',
    survivor: '残った記録を開く',
  },
};
const en: typeof ja = {
  refusal: {
    stale: 'Someone changed this. Reload, then make your change again.',
    duplicateEmail: 'A person with this email is already registered.',
    personMerged: 'This person was merged into another: change the surviving record.',
    organizationMerged: 'That organisation was merged into another: pick the surviving one.',
    membershipOverlap:
      'The person is already a member of this study group on some of those days: change the role of that membership instead of adding another.',
    consentAlreadyGiven: 'The person’s consent for that purpose is already in force. Record its withdrawal first to record a new one.',
    survivor: 'Open the surviving record',
  },
};
i18n.addResourceBundle('ja', 'translation', ja, true, false);
i18n.addResourceBundle('en', 'translation', en, true, false);

const REFUSALS: Record<string, string> = {
  'REGISTRY.DUPLICATE_EMAIL': 'refusal.duplicateEmail',
  'REGISTRY.PERSON_MERGED': 'refusal.personMerged',
  'REGISTRY.ORGANIZATION_MERGED': 'refusal.organizationMerged',
  'REGISTRY.MEMBERSHIP_OVERLAP': 'refusal.membershipOverlap',
  'REGISTRY.CONSENT_ALREADY_GIVEN': 'refusal.consentAlreadyGiven',
};

/** A registry 409 in words: the service's code read into a sentence (its English detail for a code the console does not know). */
export function registryRefusalText(t: TFunction, problem: Problem): string {
  const key = problem.code ? REFUSALS[problem.code] : undefined;
  return key ? t(key) : (problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
}

/**
 * What went wrong with a change of a versioned record: 412 → "someone changed this; reload" with a reload button;
 * 409 → the refusal in words (a merged person links to the survivor); anything else as the service said it.
 */
export function ChangeProblem({ error, onReload }: { error: unknown; onReload?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  // The words go in the alert's body (black on the light background); a light alert's coloured title falls short of
  // WCAG AA contrast.
  if (error instanceof ApiError && error.status === 412)
    return (
      <Alert color="yellow" mt="sm" role="alert">
        <Group gap="sm">
          <Text size="sm">{t('refusal.stale')}</Text>
          {onReload && (
            <Button size="xs" variant="default" onClick={onReload}>
              {t('common.reload')}
            </Button>
          )}
        </Group>
      </Alert>
    );
  if (error instanceof ApiError && error.status === 409) {
    const survivor = error.problem.code === 'REGISTRY.PERSON_MERGED' ? (error.problem['survivorId'] as string | undefined) : undefined;
    return (
      <Alert color="red" mt="sm" role="alert">
        <Text size="sm">{registryRefusalText(t, error.problem)}</Text>
        {survivor && (
          <Anchor component={Link} to={`/registry/people/${survivor}`} size="sm">
            {t('refusal.survivor')}
          </Anchor>
        )}
      </Alert>
    );
  }
  return <ProblemAlert error={error} />;
}
