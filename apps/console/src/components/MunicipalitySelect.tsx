import { Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, body } from '../api/client';
import type { Municipality } from '../api/types';
import { lang } from '../format';

/** Municipalities change rarely: one fetch per session. */
export function useMunicipalities() {
  return useQuery({
    queryKey: ['registry', 'municipalities'],
    staleTime: Infinity,
    queryFn: async () => body<{ items: Municipality[]; total: number }>(await api.registry.GET('/v1/municipalities', {})).items,
  });
}

/** One of Hokkaido's 179 municipalities, searchable by name or reading as typed (kanji, kana or romaji). */
export function MunicipalitySelect({
  value,
  onChange,
  error,
  label,
}: {
  value: string | null;
  onChange: (code: string | null) => void;
  error?: string;
  label?: string;
}) {
  const { t, i18n } = useTranslation();
  const municipalities = useMunicipalities();
  const en = lang(i18n.language) === 'en';
  const data = (municipalities.data ?? []).map((m) => ({
    value: m.code,
    label: en ? `${m.nameEn} (${m.nameJa})` : `${m.nameJa} (${m.nameKana})`,
  }));
  return (
    <Select
      label={label ?? t('registry.municipality')}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      clearable
      clearButtonProps={{ 'aria-label': t('lookup.clear') }}
      nothingFoundMessage={t('common.none')}
      placeholder={municipalities.isPending ? t('app.loading') : `${data.length}`}
      error={error ?? (municipalities.error ? (municipalities.error as Error).message : undefined)}
      limit={200}
    />
  );
}
