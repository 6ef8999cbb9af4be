import { ReminderErrors } from './reminders.errors';

/** An opaque cursor: base64url of the last item's sort value and id. */
export function encodeCursor(sortValue: Date, id: string): string {
  return Buffer.from(JSON.stringify([sortValue.toISOString(), id])).toString('base64url');
}

export function decodeCursor(cursor: string): { sortValue: Date; id: string } {
  try {
    const position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(position) &&
      position.length === 2 &&
      position.every((part) => typeof part === 'string')
    ) {
      const sortValue = new Date(position[0] as string);
      if (!Number.isNaN(sortValue.getTime())) return { sortValue, id: position[1] as string };
    }
  } catch {
    // reported below, like any other cursor this service did not issue
  }
  throw ReminderErrors.cursorInvalid();
}
