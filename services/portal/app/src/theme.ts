import { createTheme, InputWrapper } from '@mantine/core';

// Shade 8 of the primary colour: links and buttons keep a WCAG AA contrast on white (shade 6 does not).
// Inputs' descriptions in gray 7: the default dimmed gray is too faint on white (WCAG AA).
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  defaultRadius: 'md',
  components: {
    InputWrapper: InputWrapper.extend({
      styles: { description: { color: 'var(--mantine-color-gray-7)' } },
    }),
  },
});
