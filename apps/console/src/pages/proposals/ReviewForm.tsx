import { Alert, Button, Card, NumberInput, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, body } from '../../api/client';
import type { ProposalView, RubricView } from '../../api/types';
import { Loading, ProblemAlert } from '../../components/common';
import { localized } from '../../format';
import { evaluate } from './rubric';

type Recommendation = 'accept' | 'accept_with_conditions' | 'decline';

/** The advisor's review, built from the rubric fixed when screening started: scores, live total and fail rules. */
export function ReviewForm({ proposal, onSubmitted }: { proposal: ProposalView; onSubmitted: () => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const ref = proposal.rubric!;
  const rubric = useQuery({
    queryKey: ['proposals', 'rubric', proposal.programme.code, ref.id],
    queryFn: async () => {
      const list = (
        await api.proposals.GET('/v1/programmes/{code}/rubrics', {
          params: { path: { code: proposal.programme.code }, query: { fiscalYear: ref.fiscalYear, limit: 100 } },
        })
      ).data!;
      const found = list.items.find((r) => r.id === ref.id);
      if (found) return found;
      return body<RubricView>(
        await api.proposals.GET('/v1/programmes/{code}/rubrics/in-force', {
          params: { path: { code: proposal.programme.code }, query: { fiscalYear: ref.fiscalYear } },
        }),
      );
    },
  });
  const [scores, setScores] = useState<Record<string, number | undefined>>({});
  const [comment, setComment] = useState('');
  const [recommendation, setRecommendation] = useState<Recommendation | null>(null);
  const submit = useMutation({
    mutationFn: async () =>
      api.proposals.POST('/v1/proposals/{id}/reviews', {
        params: { path: { id: proposal.id } },
        body: {
          scores: rubric.data!.criteria.map((c) => ({ criterion: c.code, points: scores[c.code] ?? 0 })),
          comment,
          recommendation: recommendation!,
        },
      }),
    onSuccess: async () => {
      onSubmitted();
      await queryClient.invalidateQueries({ queryKey: ['proposals', 'one', proposal.id] });
    },
  });
  if (rubric.isPending) return <Loading />;
  if (rubric.error) return <ProblemAlert error={rubric.error} />;
  const r = rubric.data;
  const result = evaluate(r, scores);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    submit.mutate();
  };
  return (
    <Card withBorder>
      <form onSubmit={onSubmit} aria-labelledby="review-title">
        <Stack gap="sm">
          <Title order={3} size="h5" id="review-title">
            {t('proposals.writeReview')}
          </Title>
          {r.criteria.map((c) => (
            <NumberInput
              key={c.code}
              label={`${localized(c.label, i18n.language)} (0–${c.maxPoints})`}
              min={0}
              max={c.maxPoints}
              required
              value={scores[c.code] ?? ''}
              onChange={(v) => setScores((s) => ({ ...s, [c.code]: v === '' ? undefined : Number(v) }))}
            />
          ))}
          <Text size="sm" fw={600} aria-live="polite">
            {t('proposals.total', { total: result.total, max: result.maxTotal })}
          </Text>
          {result.failures.length > 0 && (
            <Alert color="yellow" role="status" aria-live="polite" data-testid="fail-rules">
              {t('proposals.failRules', {
                rules: result.failures
                  .map((f) => (f.rule === 'min_total' ? `${f.total} < ${f.minimum}` : `${f.criterion} ${f.points} < ${f.minimum}`))
                  .join('; '),
              })}
            </Alert>
          )}
          <Select
            label={t('proposals.recommendation')}
            required
            value={recommendation}
            onChange={(v) => setRecommendation(v as Recommendation | null)}
            data={(['accept', 'accept_with_conditions', 'decline'] as const).map((v) => ({
              value: v,
              label: t(`proposals.recommendations.${v}`),
            }))}
          />
          <Textarea
            label={t('proposals.comment')}
            required
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            minRows={3}
            autosize
          />
          <ProblemAlert error={submit.error} />
          <Button type="submit" disabled={!result.complete || !recommendation || !comment.trim()} loading={submit.isPending}>
            {t('proposals.submitReview')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}
