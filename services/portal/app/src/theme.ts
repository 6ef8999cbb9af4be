import { createTheme } from '@mantine/core';

// Shade 8 of the primary colour: links and buttons keep a WCAG AA contrast on white (shade 6 does not).
export const theme = createTheme({ primaryColor: 'blue', primaryShade: 8, defaultRadius: 'md' });
