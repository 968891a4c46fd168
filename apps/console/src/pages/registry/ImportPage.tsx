import { Alert, Badge, Button, FileInput, Group, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client';
import type { ImportReport } from '../../api/types';
import { ProblemAlert, useParam } from '../../components/common';
import { RegistryNav } from './nav';
import { canCommit, reportLines } from './import-report';

export const IMPORT_KINDS = ['organizations', 'people', 'proposals', 'events'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
type Encoding = 'auto' | 'utf-8' | 'shift_jis';

/** Sends the file as it is (UTF-8 or Shift_JIS bytes) to the service that imports this kind of row. */
async function postCsv(kind: ImportKind, file: Blob, dryRun: boolean, encoding: Encoding): Promise<ImportReport> {
  const query = { dryRun: dryRun ? ('true' as const) : ('false' as const), encoding };
  const options = {
    params: { query },
    body: file as unknown as string,
    bodySerializer: (b: unknown) => b as BodyInit,
    headers: { 'content-type': 'text/csv' },
  };
  switch (kind) {
    case 'organizations':
      return (await api.registry.POST('/v1/organizations/import', options)).data!;
    case 'people':
      return (await api.registry.POST('/v1/people/import', options)).data!;
    case 'proposals':
      return (await api.proposals.POST('/v1/proposals/import', options)).data!;
    case 'events':
      return (await api.events.POST('/v1/events/import', options)).data!;
  }
}

/**
 * CSV import (admin, coordinator): organisations and people into the registry, proposals' history, past events.
 * The file is checked first (a dry run: every problem shown line by line, by column); the import itself is offered
 * only when that check of the same file found no error, and writes all rows or none.
 */
export function ImportPage() {
  const { t } = useTranslation();
  const [kind, setKind] = useParam('kind', 'organizations');
  const [file, setFile] = useState<File | null>(null);
  const [encoding, setEncoding] = useState<Encoding>('auto');
  const [checked, setChecked] = useState<{ file: File; report: ImportReport }>();
  const importKind = (IMPORT_KINDS as readonly string[]).includes(kind) ? (kind as ImportKind) : 'organizations';
  const dryRun = useMutation({
    mutationFn: (f: File) => postCsv(importKind, f, true, encoding),
    onSuccess: (report, f) => setChecked({ file: f, report }),
  });
  const commit = useMutation({ mutationFn: (f: File) => postCsv(importKind, f, false, encoding) });
  const reset = () => {
    setChecked(undefined);
    dryRun.reset();
    commit.reset();
  };
  // A refused commit (422) carries the same report as a dry run: show its lines too.
  const refused = commit.error instanceof ApiError ? (commit.error.problem.report as ImportReport | undefined) : undefined;
  const report = commit.data ?? refused ?? checked?.report;
  const lines = report ? reportLines(report) : [];
  return (
    <>
      <RegistryNav />
      <Title order={2} mb="xs">
        {t('imports.title')}
      </Title>
      <Text size="sm" mb="md">
        {t('imports.intro')}
      </Text>
      <SimpleGrid cols={{ base: 1, md: 3 }} maw={900} mb="md">
        <Select
          label={t('imports.kind')}
          data={IMPORT_KINDS.map((k) => ({ value: k, label: t(`imports.kinds.${k}`) }))}
          value={importKind}
          onChange={(v) => {
            setKind(v ?? 'organizations');
            reset();
          }}
          allowDeselect={false}
        />
        <FileInput
          label={t('imports.file')}
          accept=".csv,text/csv"
          value={file}
          onChange={(f) => {
            setFile(f);
            reset();
          }}
          clearable
          clearButtonProps={{ 'aria-label': t('lookup.clear') }}
          placeholder={t('imports.choose')}
        />
        <Select
          label={t('imports.encoding')}
          data={[
            { value: 'auto', label: t('imports.encodings.auto') },
            { value: 'utf-8', label: 'UTF-8' },
            { value: 'shift_jis', label: 'Shift_JIS (cp932)' },
          ]}
          value={encoding}
          onChange={(v) => {
            setEncoding((v ?? 'auto') as Encoding);
            reset();
          }}
          allowDeselect={false}
        />
      </SimpleGrid>
      <Group mb="md">
        <Button disabled={!file} loading={dryRun.isPending} onClick={() => file && dryRun.mutate(file)}>
          {t('imports.check')}
        </Button>
        <Button
          color="teal.9"
          disabled={!canCommit(checked?.report, checked?.file, file) || !!commit.data}
          loading={commit.isPending}
          onClick={() => file && commit.mutate(file)}
        >
          {t('imports.commit', { n: checked?.report.valid ?? 0 })}
        </Button>
      </Group>
      <ProblemAlert error={dryRun.error} />
      {refused ? (
        <Alert color="red" role="alert" mb="sm">
          {(commit.error as ApiError).problem.detail}
        </Alert>
      ) : (
        <ProblemAlert error={commit.error} />
      )}
      {report && (
        <section aria-labelledby="import-report" data-testid="import-report">
          <Title order={3} size="h4" id="import-report" mb="xs">
            {commit.data ? t('imports.committed') : refused ? t('imports.refused') : t('imports.dryRunReport')}
          </Title>
          <Group gap="lg" mb="sm" role="status">
            <Text size="sm">{t('imports.rows', { n: report.rows })}</Text>
            <Text size="sm">{t('imports.valid', { n: report.valid })}</Text>
            <Text size="sm">{t('imports.invalid', { n: report.invalid })}</Text>
            <Text size="sm">{t('imports.encodingUsed', { encoding: report.encoding })}</Text>
            {commit.data && <Text size="sm">{t('imports.created', { n: commit.data.created?.length ?? 0 })}</Text>}
          </Group>
          {!commit.data && report.errors.length === 0 && (
            <Alert color="teal" mb="sm">
              {t('imports.clean')}
            </Alert>
          )}
          {lines.length > 0 && (
            <Table withTableBorder aria-label={t('imports.problems')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('imports.line')}</Table.Th>
                  <Table.Th scope="col">{t('imports.problems')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {lines.map((l) => (
                  <Table.Tr key={l.line} data-line={l.line}>
                    <Table.Th scope="row">{l.line}</Table.Th>
                    <Table.Td>
                      <Stack gap={2} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                        {l.problems.map((p, i) => (
                          <li key={i}>
                            <Badge size="xs" variant="filled" color={p.severity === 'error' ? 'red.9' : 'orange.9'} mr={6}>
                              {t(`imports.${p.severity}`)}
                            </Badge>
                            <Text span size="sm" fw={600}>
                              {p.field}
                            </Text>
                            <Text span size="sm">
                              : {p.message}
                            </Text>
                          </li>
                        ))}
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </section>
      )}
    </>
  );
}
