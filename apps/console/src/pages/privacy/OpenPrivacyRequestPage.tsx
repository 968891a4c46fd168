import { Anchor, Button, Checkbox, Group, Radio, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, body } from '../../api/client';
import type { components } from '../../api/generated/registry';
import type { Person, PrivacyRequestView } from '../../api/types';
import { fieldErrors } from '../../components/FieldErrors';
import { LookupSelect } from '../../components/LookupSelect';
import { ProblemAlert } from '../../components/common';
import { KINDS } from './PrivacyRequestsPage';
import './labels';

type OpenBody = components['schemas']['OpenPrivacyRequestDto'];

/**
 * Opening a privacy request (admin): whose (a registry person picked by name, or the email of a guest who never
 * became one), and its kind; an erasure needs the staff member's confirmation that it cannot be undone. The
 * registry's field errors are shown at the fields. `?personId=` comes from a person's page.
 */
export function OpenPrivacyRequestPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const [by, setBy] = useState<'person' | 'email'>(params.get('email') ? 'email' : 'person');
  const [personId, setPersonId] = useState(params.get('personId') ?? '');
  const [email, setEmail] = useState(params.get('email') ?? '');
  const [kind, setKind] = useState<OpenBody['kind']>((params.get('kind') as OpenBody['kind'] | null) ?? 'disclosure');
  const [confirmed, setConfirmed] = useState(false);
  const open = useMutation({
    mutationFn: async () =>
      body<PrivacyRequestView>(
        await api.registry.POST('/v1/privacy-requests', {
          body: by === 'person' ? { kind, personId: personId || undefined } : { kind, email: email.trim() || undefined },
        }),
      ),
    onSuccess: (opened) => {
      void queryClient.invalidateQueries({ queryKey: ['registry', 'privacy-requests'] });
      void navigate(`/privacy/${opened.id}`);
    },
  });
  const errors = fieldErrors(open.error);
  const needsConfirmation = kind === 'erasure' && !confirmed;
  return (
    <>
      <Title order={2} mb="md">
        {t('privacy.openTitle')}
      </Title>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!needsConfirmation) open.mutate();
        }}
      >
        <Stack maw={560} gap="sm">
          <Radio.Group label={t('privacy.subjectKind')} value={by} onChange={(v) => setBy(v as 'person' | 'email')}>
            <Group mt={4}>
              <Radio value="person" label={t('privacy.byPerson')} />
              <Radio value="email" label={t('privacy.byEmail')} />
            </Group>
          </Radio.Group>
          {by === 'person' ? (
            <div>
              <LookupSelect
                label={t('privacy.person')}
                value={personId}
                onChange={setPersonId}
                queryKey="person"
                w={360}
                search={async (q) =>
                  (await api.registry.GET('/v1/people', { params: { query: { q, limit: 20 } } })).data!.items.map((p) => ({
                    value: p.id,
                    label: p.email ? `${p.displayName} (${p.email})` : p.displayName,
                  }))
                }
                resolve={async (id) => body<Person>(await api.registry.GET('/v1/people/{id}', { params: { path: { id } } })).displayName}
              />
              {errors.personId && (
                <Text size="sm" c="red.9" role="alert" mt={4}>
                  {errors.personId}
                </Text>
              )}
            </div>
          ) : (
            <TextInput
              label={t('privacy.email')}
              type="email"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              description={t('privacy.emailHelp')}
              error={errors.email}
              w={360}
            />
          )}
          <Select
            label={t('privacy.kind')}
            data={KINDS.map((k) => ({ value: k, label: t(`privacy.kinds.${k}`) }))}
            value={kind}
            onChange={(v) => v && setKind(v as OpenBody['kind'])}
            allowDeselect={false}
            description={t(`privacy.kindHelp.${kind}`)}
            error={errors.kind}
            w={360}
          />
          {kind === 'erasure' && (
            <Checkbox label={t('privacy.confirmErasure')} checked={confirmed} onChange={(e) => setConfirmed(e.currentTarget.checked)} />
          )}
          <ProblemAlert error={open.error} />
          <Group>
            <Button type="submit" loading={open.isPending} disabled={needsConfirmation}>
              {t('privacy.submit')}
            </Button>
            <Anchor component={Link} to="/privacy">
              {t('privacy.back')}
            </Anchor>
          </Group>
        </Stack>
      </form>
    </>
  );
}
