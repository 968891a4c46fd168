import { Group, NavLink } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';

export interface SubNavItem {
  to: string;
  label: string;
  /** Also current on paths under it (e.g. an organisation's page under the search). */
  prefix?: string;
  hidden?: boolean;
}

/** The screens of an area (registry, mail, reports) as a row of links; the current one is marked for assistive technology. */
export function SubNav({ label, items }: { label: string; items: SubNavItem[] }) {
  const location = useLocation();
  const { t } = useTranslation();
  const isCurrent = (item: SubNavItem) => location.pathname === item.to || (!!item.prefix && location.pathname.startsWith(item.prefix));
  return (
    <Group component="nav" aria-label={t(label)} gap={4} mb="md" wrap="wrap">
      {items
        .filter((i) => !i.hidden)
        .map((item) => (
          <NavLink
            key={item.to}
            component={Link}
            to={item.to}
            label={t(item.label)}
            active={isCurrent(item)}
            aria-current={isCurrent(item) ? 'page' : undefined}
            w="auto"
            style={{ borderRadius: 4 }}
          />
        ))}
    </Group>
  );
}
