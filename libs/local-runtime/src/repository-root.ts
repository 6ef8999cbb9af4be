import { existsSync } from 'node:fs';
import path from 'node:path';

/** The repository root: the nearest folder above this file (in the sources or in a dist/ build) holding nx.json. */
export const REPO_ROOT = findRepoRoot(__dirname);

function findRepoRoot(from: string): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'nx.json'))) return dir;
  }
  throw new Error(`no nx.json above ${from}`);
}
