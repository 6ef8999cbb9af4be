import { Anchor, AppShell, Button, Container, Group, Text } from '@mantine/core';
import { useEffect, useState } from 'react';

import { ApiError, signIn } from './api/api-client';
import { isStaff, loadSession, type SessionUser, signOut } from './api/session';
import { useResource } from './api/use-resource';
import { ErrorNotice, Loading } from './components/LoadState';
import { DashboardPage } from './pages/DashboardPage';
import { ForbiddenPage } from './pages/ForbiddenPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { StaffHomePage } from './pages/StaffHomePage';
import { usePath } from './router';

function Page({ path, user, navigate }: { path: string; user: SessionUser; navigate: (to: string) => void }) {
  if (path === '/') return <DashboardPage />;
  if (path === '/staff' || path.startsWith('/staff/')) {
    return isStaff(user) ? <StaffHomePage /> : <ForbiddenPage onHome={() => navigate('/')} />;
  }
  return <NotFoundPage />;
}

/** Signs in when nobody is (the sign-in redirect), then shows the page of the address. */
export function App() {
  const [path, navigate] = usePath();
  const [session, reload] = useResource(loadSession);
  const [signOutError, setSignOutError] = useState<string>();

  const signedOut = session.state === 'ready' && !session.data;
  useEffect(() => {
    if (signedOut) signIn();
  }, [signedOut]);
  if (signedOut) return <Loading label="Signing in" />;
  const user = session.state === 'ready' ? session.data : undefined;
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Container size="lg" h="100%">
          <Group h="100%" justify="space-between" wrap="nowrap">
            <Anchor
              href="/"
              fw={700}
              underline="never"
              onClick={(event) => {
                event.preventDefault();
                navigate('/');
              }}
            >
              CME tracker
            </Anchor>
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
        </Container>
      </AppShell.Header>
      <AppShell.Main>
        <Container size="lg">
          {signOutError && <ErrorNotice message={signOutError} />}
          {session.state === 'loading' && <Loading label="Loading" />}
          {session.state === 'error' && <ErrorNotice message={session.error.message} onRetry={reload} />}
          {user && <Page path={path} user={user} navigate={navigate} />}
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
