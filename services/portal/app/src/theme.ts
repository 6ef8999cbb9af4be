import { createTheme, type CSSVariablesResolver, Notification } from '@mantine/core';

// Shade 8 of the primary colour: links and buttons keep a WCAG AA contrast on white (shade 6 does not).
// A notification's close button is an icon alone: without a name a screen reader announces "button"; its
// description under a title is gray 6 by default, too faint on white (WCAG AA).
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  defaultRadius: 'md',
  components: {
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss the notification' } },
      styles: { description: { color: 'var(--mantine-color-gray-7)' } },
    }),
  },
});

// Input descriptions (dimmed, gray 6) and field errors (red 6, also the text of an input in error) fail WCAG AA
// contrast on white by default; darker shades of the same colours pass.
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
  },
  dark: {},
});
