import { AppException } from '@cme/platform';

export const ReminderErrors = {
  cursorInvalid: () =>
    AppException.validation(
      'cursor-invalid',
      'The cursor was not issued by this list: start again without it.',
    ),
  tokenInvalid: () =>
    AppException.notFound(
      'unsubscribe-token-invalid',
      'This unsubscribe link is not valid or has expired: switch reminders off in your notification preferences.',
    ),
};
