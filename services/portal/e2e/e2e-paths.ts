import path from 'node:path';

/** Where the global setup tells the tests the running portal's address. */
export const SYSTEM_FILE = path.resolve(__dirname, '../../../.local/e2e/portal-system.json');
