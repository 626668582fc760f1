import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the CLI keeps what it compiled from the user's files: `$PCU_CACHE_DIR`, else
 * `$XDG_CACHE_HOME/pcu`, else `~/.cache/pcu`. Everything in it can be deleted at any time.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PCU_CACHE_DIR) return env.PCU_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'pcu');
}
