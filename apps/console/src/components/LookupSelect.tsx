import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import './labels';

export interface LookupOption {
  value: string;
  label: string;
}

/**
 * A record picked by typing part of its name (a person, a proposal, an event): the service searches as typed, the
 * value is the record's id; `resolve` names an id given from the URL.
 */
export function LookupSelect({
  label,
  value,
  onChange,
  queryKey,
  search,
  resolve,
  w = 260,
}: {
  label: string;
  value: string;
  onChange: (id: string) => void;
  queryKey: string;
  search: (q: string) => Promise<LookupOption[]>;
  resolve: (id: string) => Promise<string>;
  w?: number;
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [q] = useDebouncedValue(typed.trim(), 250);
  const found = useQuery({
    queryKey: ['lookup', queryKey, q],
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
    queryFn: () => search(q),
  });
  const current = useQuery({
    queryKey: ['lookup', queryKey, 'id', value],
    enabled: /^[0-9a-f-]{36}$/i.test(value),
    staleTime: Infinity,
    queryFn: () => resolve(value),
  });
  const options = [...(found.data ?? [])];
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: current.data ?? value });
  return (
    <Select
      label={label}
      data={options}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
      searchable
      clearable
      clearButtonProps={{ 'aria-label': t('lookup.clear') }}
      searchValue={typed}
      onSearchChange={setTyped}
      filter={({ options: all }) => all}
      nothingFoundMessage={q ? t('common.none') : undefined}
      placeholder={t('lookup.type')}
      w={w}
    />
  );
}
