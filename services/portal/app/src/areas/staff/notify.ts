import { notifications } from '@mantine/notifications';

/** A short confirmation of something done; its close button named (Mantine leaves it unnamed). */
export function notify(message: string): void {
  notifications.show({ message, closeButtonProps: { 'aria-label': 'Close the message' } });
}
