import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type KeyboardCoordinateGetter,
} from '@dnd-kit/core';
import { Alert, Badge, Button, Card, Group, NumberInput, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import type { components } from '../../api/generated/events';
import { canWrite } from '../../auth/access';
import { useAuth } from '../../auth/auth';
import { ProblemAlert } from '../../components/common';
import { localized } from '../../format';
import { applyMoves, checkMove, possibleTables, tableOf, guestSeats, type PlanTable, type SeatMove } from './seating-moves';
import './labels';

type Plan = components['schemas']['SeatingPlanView'];
interface LoadedPlan {
  plan: Plan;
  etag: string;
}

const tableId = (n: number) => `table-${n}`;
const tableNumber = (id: unknown) => (typeof id === 'string' && id.startsWith('table-') ? Number(id.slice(6)) : undefined);

/**
 * Arrow keys jump a picked-up seat from table to table (in the plan's order), rather than a few pixels at a time:
 * the keyboard moves people as quickly as the mouse.
 */
const tableByTable: KeyboardCoordinateGetter = (event, { context }) => {
  const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.code];
  if (!step) return undefined;
  event.preventDefault();
  const { active, collisionRect, droppableRects, droppableContainers, over } = context;
  if (!active || !collisionRect) return undefined;
  const ids = droppableContainers
    .getEnabled()
    .map((c) => c.id)
    .filter((id) => tableNumber(id) !== undefined)
    .sort((a, b) => tableNumber(a)! - tableNumber(b)!);
  const from = active.data.current?.['table'] as number | undefined;
  const current = over ? ids.indexOf(over.id) : ids.indexOf(tableId(from ?? 0));
  const next = ids[Math.min(ids.length - 1, Math.max(0, current + step))];
  const rect = next === undefined ? undefined : droppableRects.get(next);
  if (!rect) return undefined;
  return { x: rect.left + (rect.width - collisionRect.width) / 2, y: rect.top + (rect.height - collisionRect.height) / 2 };
};

function Seat({
  seat,
  table,
  tables,
  tableSize,
  staff,
  onMove,
}: {
  seat: PlanTable['seats'][number];
  table: number;
  tables: PlanTable[];
  tableSize: number;
  staff: boolean;
  onMove: (move: SeatMove) => void;
}) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({
    id: seat.registrationId,
    data: { table, name: seat.name },
    disabled: !staff,
  });
  const options = staff ? possibleTables(tables, tableSize, seat.registrationId) : [];
  return (
    <li className="seat" data-registration-id={seat.registrationId}>
      <button
        ref={setNodeRef}
        type="button"
        className={`seat-handle${isDragging ? ' dragging' : ''}`}
        style={
          transform ? { transform: `translate3d(${transform.x}px, ${transform.y}px, 0)`, position: 'relative', zIndex: 10 } : undefined
        }
        {...listeners}
        {...attributes}
      >
        {seat.name}
        {seat.organizationName ? <Text span size="xs">{` · ${seat.organizationName}`}</Text> : null}
      </button>
      {staff && (
        <select
          aria-label={t('seatingX.moveToLabel', { name: seat.name })}
          value=""
          onChange={(e) => e.currentTarget.value && onMove({ registrationId: seat.registrationId, toTable: Number(e.currentTarget.value) })}
          disabled={options.length === 0}
        >
          <option value="">{t('seatingX.moveTo')}</option>
          {options.map((n) => (
            <option key={n} value={n}>
              {t('events.table', { n })}
            </option>
          ))}
        </select>
      )}
    </li>
  );
}

function SeatingTable({
  table,
  tables,
  tableSize,
  staff,
  onMove,
}: {
  table: PlanTable & { mixScore: number };
  tables: PlanTable[];
  tableSize: number;
  staff: boolean;
  onMove: (m: SeatMove) => void;
}) {
  const { t } = useTranslation();
  const { setNodeRef, isOver, active } = useDroppable({ id: tableId(table.table) });
  const refuse = isOver && active && !checkMove(tables, tableSize, String(active.id), table.table).ok;
  const title = t('events.table', { n: table.table });
  return (
    <Card
      ref={setNodeRef}
      withBorder
      padding="xs"
      component="section"
      aria-label={title}
      data-table={table.table}
      className={`seating-table${isOver ? (refuse ? ' refuse' : ' over') : ''}`}
    >
      <Group justify="space-between" mb={4}>
        <Title order={3} size="h6">
          {title}
        </Title>
        <Text size="xs">{t('seatingX.seats', { n: table.seats.length, max: guestSeats(tableSize, table) })}</Text>
      </Group>
      <Text size="xs" mb={4}>
        {t('seatingX.mixScore', { score: table.mixScore })}
      </Text>
      <ul>
        {table.seats.map((s) => (
          <Seat key={s.registrationId} seat={s} table={table.table} tables={tables} tableSize={tableSize} staff={staff} onMove={onMove} />
        ))}
      </ul>
    </Card>
  );
}

/**
 * The seating plan drawn as tables: draw (or redraw) it, then move people by dragging a name to another table, by
 * the keyboard (space to pick up, arrows from table to table, space to drop), or with the "move to" list. Each move
 * is checked here (a table with no free seat refuses it), shown at once, and sent with the plan's ETag; the service
 * rescores the plan, or refuses a stale one (412: the plan is reloaded).
 */
export function SeatingPanel({ eventId }: { eventId: string }) {
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const staff = canWrite(user?.roles);
  const queryClient = useQueryClient();
  const key = ['events', 'one', eventId, 'seating'];
  const [tableSize, setTableSize] = useState<number>(8);
  const [hostsPerTable, setHostsPerTable] = useState<number>(0);
  const [pending, setPending] = useState<SeatMove[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const seating = useQuery({
    queryKey: key,
    retry: false,
    queryFn: async (): Promise<LoadedPlan | null> => {
      try {
        const result = await api.events.GET('/v1/events/{id}/seating', { params: { path: { id: eventId } } });
        return { plan: result.data!, etag: result.response.headers.get('etag') ?? `"${result.data!.version}"` };
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }
    },
  });
  const draw = useMutation({
    mutationFn: async () => {
      const result = await api.events.POST('/v1/events/{id}/seating', {
        params: { path: { id: eventId } },
        body: { tableSize, hostsPerTable },
      });
      return { plan: result.data!, etag: result.response.headers.get('etag') ?? `"${result.data!.version}"` };
    },
    onSuccess: (loaded) => {
      setMessage(undefined);
      queryClient.setQueryData(key, loaded);
    },
  });
  const move = useMutation({
    mutationFn: async ({ moves, etag }: { moves: SeatMove[]; etag: string; label: string }) => {
      const result = await api.events.POST('/v1/events/{id}/seating/moves', {
        params: { path: { id: eventId }, header: { 'if-match': etag } },
        body: { moves },
      });
      return { plan: result.data!, etag: result.response.headers.get('etag') ?? `"${result.data!.version}"` };
    },
    onSuccess: (loaded, { label }) => {
      queryClient.setQueryData(key, loaded);
      setPending([]);
      setMessage({ ok: true, text: label });
    },
    onError: async (err) => {
      setPending([]);
      if (err instanceof ApiError && err.status === 412) {
        await queryClient.invalidateQueries({ queryKey: key });
        setMessage({ ok: false, text: t('seatingX.stale') });
      }
    },
  });
  const loaded = seating.data;
  const plan = loaded?.plan;
  const tables = plan ? applyMoves(plan.tables, pending) : [];
  const scored = tables.map((tb) => ({ ...tb, mixScore: plan!.tables.find((x) => x.table === tb.table)?.mixScore ?? 0 }));
  const nameOf = (id: string) => tableOf(tables, id)?.seats.find((s) => s.registrationId === id)?.name ?? id;

  const request = (m: SeatMove) => {
    if (!loaded || move.isPending || m.toTable === null) return;
    const check = checkMove(tables, loaded.plan.tableSize, m.registrationId, m.toTable);
    if (!check.ok) {
      if (check.reason !== 'same_table') setMessage({ ok: false, text: t(`seatingX.refused.${check.reason}`, { table: m.toTable }) });
      return;
    }
    const label = t('seatingX.moved', { name: nameOf(m.registrationId), table: m.toTable });
    setPending([m]);
    move.mutate({ moves: [m], etag: loaded.etag, label });
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const to = tableNumber(over?.id);
    if (to !== undefined) request({ registrationId: String(active.id), toTable: to });
  };
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: tableByTable }),
  );
  const name = (id: unknown) => nameOf(String(id));
  const where = (id: unknown) => (tableNumber(id) ? t('events.table', { n: tableNumber(id) }) : '—');
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('seatingX.dragging', { name: name(active.id) }),
    onDragOver: ({ active, over }) => `${name(active.id)} → ${where(over?.id)}`,
    onDragEnd: ({ active, over }) => `${name(active.id)} → ${where(over?.id)}`,
    onDragCancel: ({ active }) => `${name(active.id)}: ${t('common.cancel', { defaultValue: 'cancel' })}`,
  };

  return (
    <>
      {staff && (
        <Group mb="sm" align="end">
          <NumberInput
            label={t('seatingX.tableSize')}
            value={tableSize}
            onChange={(v) => setTableSize(Number(v) || 8)}
            min={2}
            max={20}
            w={140}
          />
          <NumberInput
            label={t('seatingX.hostsPerTable')}
            value={hostsPerTable}
            onChange={(v) => setHostsPerTable(Number(v) || 0)}
            min={0}
            max={5}
            w={120}
          />
          <Button onClick={() => draw.mutate()} loading={draw.isPending}>
            {t('events.drawSeating')}
          </Button>
        </Group>
      )}
      <ProblemAlert
        error={draw.error ?? seating.error ?? (move.error instanceof ApiError && move.error.status === 412 ? null : move.error)}
      />
      {message && (
        <Alert mb="sm" role={message.ok ? 'status' : 'alert'} color={message.ok ? 'green' : 'yellow'}>
          {message.text}
        </Alert>
      )}
      {seating.isSuccess && !plan && <Text size="sm">{t('seatingX.notDrawn')}</Text>}
      {plan && (
        <>
          <Group mb="xs" gap="xs">
            <Badge variant="filled" color="blue.9" data-testid="plan-mix-score">
              {t('seatingX.mixScore', { score: plan.score.mixScore })}
            </Badge>
            {plan.unseated.length > 0 && (
              <Badge variant="filled" color="dark.6">
                {t('seatingX.unseated', { n: plan.unseated.length })}
              </Badge>
            )}
            {plan.noLongerAttending.length > 0 && (
              <Badge variant="filled" color="red.9">
                {t('seatingX.noLongerAttending', { n: plan.noLongerAttending.length })}
              </Badge>
            )}
          </Group>
          <Text size="sm" mb="xs">
            {localized(plan.explanation, i18n.language)}
          </Text>
          {plan.warnings.map((w) => (
            <Text key={w} size="xs" c="red.9">
              {w}
            </Text>
          ))}
          {staff && (
            <Text size="xs" mb="xs" id="seating-help">
              {t('seatingX.moveHelp')}
            </Text>
          )}
          <DndContext
            sensors={sensors}
            collisionDetection={closestCenter}
            onDragEnd={onDragEnd}
            accessibility={{ announcements, screenReaderInstructions: { draggable: t('seatingX.moveHelp') } }}
          >
            <div className="seating" data-testid="seating-plan">
              {scored.map((table) => (
                <SeatingTable key={table.table} table={table} tables={tables} tableSize={plan.tableSize} staff={staff} onMove={request} />
              ))}
            </div>
          </DndContext>
        </>
      )}
    </>
  );
}
