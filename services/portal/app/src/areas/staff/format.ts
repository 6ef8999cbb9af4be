/** An instant (ISO 8601) as people read it in their own time zone, e.g. "Nov 30, 2026, 9:05 AM". */
export function formatDateTime(instant: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(instant),
  );
}
