import path from 'node:path';
import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

// The app is built next to the portal's server (dist/services/portal/app), which serves it.
export default defineConfig({
  root: here,
  plugins: [react()],
  build: {
    outDir: path.join(here, '../../../dist/services/portal/app'),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    // `vite` for front-end work: the portal (npm start) answers the API and sign-in.
    proxy: { '/api': 'http://127.0.0.1:3000', '/auth': 'http://127.0.0.1:3000' },
  },
});
