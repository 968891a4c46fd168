import { AppShell, Anchor, Badge, Burger, Button, Group, NavLink, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { canUse, type Area } from '../auth/access';
import { useAuth } from '../auth/auth';

const NAV: { area: Area; to: string }[] = [
  { area: 'today', to: '/' },
  { area: 'registry', to: '/registry' },
  { area: 'proposals', to: '/proposals' },
  { area: 'reports', to: '/reports' },
  { area: 'events', to: '/events' },
  { area: 'mail', to: '/mail' },
  { area: 'deadLetters', to: '/dead-letters' },
  { area: 'privacy', to: '/privacy' },
];

/** The frame of every screen after login: a header, the navigation the user's roles allow, the screen. */
export function Shell() {
  const { user, ended, logout } = useAuth();
  const { t, i18n } = useTranslation();
  const location = useLocation();
  // Below the `sm` breakpoint (a phone, e.g. the check-in screen) the navigation folds behind a burger button.
  const [navOpened, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  if (!user) {
    const next = `${location.pathname}${location.search}`;
    const params = new URLSearchParams();
    if (ended) params.set('reason', ended);
    if (next !== '/') params.set('next', next);
    return <Navigate to={`/login${params.size ? `?${params}` : ''}`} replace />;
  }
  const current = (to: string) => (to === '/' ? location.pathname === '/' : location.pathname.startsWith(to));
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 200, breakpoint: 'sm', collapsed: { mobile: !navOpened } }} padding="md">
      <Anchor href="#main" className="skip-link">
        {t('app.skip')}
      </Anchor>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Burger opened={navOpened} onClick={toggleNav} hiddenFrom="sm" size="sm" aria-label={t('nav.menu')} />
          <Title order={1} size="h4">
            {t('app.title')}
          </Title>
          <Group gap="sm">
            <Text size="sm" visibleFrom="sm">
              {user.name}
            </Text>
            {user.roles.map((r) => (
              <Badge key={r} variant="filled" color="blue.9" visibleFrom="sm">
                {t(`roles.${r}`)}
              </Badge>
            ))}
            <SegmentedControl
              size="xs"
              aria-label={t('app.language')}
              value={i18n.language.startsWith('en') ? 'en' : 'ja'}
              onChange={(v) => {
                void i18n.changeLanguage(v);
                document.documentElement.lang = v;
              }}
              data={[
                { value: 'ja', label: '日本語' },
                { value: 'en', label: 'English' },
              ]}
            />
            <Button size="xs" variant="default" onClick={() => logout()}>
              {t('app.logout')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t('app.title')}>
        <Stack gap={2}>
          {NAV.filter((n) => canUse(user.roles, n.area)).map((n) => (
            <NavLink
              key={n.area}
              component={Link}
              to={n.to}
              label={t(`nav.${n.area}`)}
              active={current(n.to)}
              aria-current={current(n.to) ? 'page' : undefined}
              onClick={closeNav}
            />
          ))}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

/** A screen only some roles may use: others are sent to Today, and nothing of the screen is fetched. */
export function RequireArea({ area, children }: { area: Area; children: React.ReactNode }) {
  const { user } = useAuth();
  if (!canUse(user?.roles, area)) return <Navigate to="/" replace />;
  return <>{children}</>;
}
