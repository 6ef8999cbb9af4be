import { AppShell, Burger, Button, Container, Group, NavLink as NavItem, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { Link, NavLink } from 'react-router';

import { ApiError, signIn } from './api/api-client';
import { loadSession, type SessionUser, signOut } from './api/session';
import { useResource } from './api/use-resource';
import { ErrorNotice, Loading } from './components/LoadState';
import { AppRoutes, navigationFor } from './routes';

function Navigation({ user, onFollow }: { user: SessionUser; onFollow: () => void }) {
  return (
    <nav aria-label="Main">
      {navigationFor(user).map((link) => (
        <NavItem
          key={link.to}
          component={NavLink}
          to={link.to}
          end={link.end}
          label={link.label}
          // Filled: the light variant's text on its hover background is below WCAG AA contrast.
          variant="filled"
          onClick={onFollow}
        />
      ))}
    </nav>
  );
}

/** Signs in when nobody is (the sign-in redirect), then shows the page of the address. */
export function App() {
  const [session, reload] = useResource(loadSession);
  const [signOutError, setSignOutError] = useState<string>();
  const [menuOpen, menu] = useDisclosure(false);

  const signedOut = session.state === 'ready' && !session.data;
  useEffect(() => {
    if (signedOut) signIn();
  }, [signedOut]);
  if (signedOut) return <Loading label="Signing in" />;
  const user = session.state === 'ready' ? session.data : undefined;
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={user ? { width: 220, breakpoint: 'sm', collapsed: { mobile: !menuOpen } } : undefined}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            {user && (
              <Burger
                opened={menuOpen}
                onClick={menu.toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={menuOpen ? 'Close the menu' : 'Open the menu'}
              />
            )}
            <Text component={Link} to="/" fw={700} c="var(--mantine-primary-color-filled)">
              CME tracker
            </Text>
          </Group>
          {user && (
            <Group gap="sm" wrap="nowrap">
              <Text size="sm" visibleFrom="xs" truncate>
                {user.name ?? user.sub}
              </Text>
              <Button
                variant="default"
                size="xs"
                onClick={() =>
                  signOut().catch((error: unknown) =>
                    setSignOutError(error instanceof ApiError ? error.message : 'Signing out failed.'),
                  )
                }
              >
                Sign out
              </Button>
            </Group>
          )}
        </Group>
      </AppShell.Header>
      {user && (
        <AppShell.Navbar p="xs">
          <Navigation user={user} onFollow={menu.close} />
        </AppShell.Navbar>
      )}
      <AppShell.Main>
        <Container size="lg" px={0}>
          {signOutError && <ErrorNotice message={signOutError} />}
          {session.state === 'loading' && <Loading label="Loading" />}
          {session.state === 'error' && <ErrorNotice message={session.error.message} onRetry={reload} />}
          {user && <AppRoutes user={user} />}
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
