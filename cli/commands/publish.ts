import type { Command } from 'commander';
import { s3ClientFor } from '#adapters/aws-clients.ts';
import { createLocationsFileStore } from '#adapters/locations-file-store.ts';
import { LOCATIONS_FILE_KEY } from '#adapters/resource-settings.ts';
import { createSnapshotStore, publishSnapshot, type SnapshotStore } from '#adapters/snapshot-store.ts';
import { defaultProfileSet, loadProfileSet, ProfileError } from '#core/profiling/index.ts';
import { buildSnapshot } from '#core/snapshot/config-snapshot.ts';
import { readLocationsFile, readWatchlists } from '../inputs.ts';
import { UserError } from '../user-error.ts';

/**
 * `pcu publish`: compiles watchlists and risk profiles into a config snapshot (with the
 * prebuilt screening index), uploads it under `config/snapshots/{version}/`, then flips
 * `config/current.json` to it. Profile Lambdas switch within a minute.
 */
export function register(program: Command): void {
  program
    .command('publish')
    .description('Compile watchlists and risk profiles into a config snapshot and make the pipeline use it')
    .requiredOption('--bucket <name>', 'the pipeline bucket (stack output BucketName)')
    .option(
      '--watchlist <path>',
      'OFAC SDN folder, UN consolidated list .xml, or CSV with columns id,type,name (repeatable; default: the bundled OFAC and UN lists)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--profiles <file>', 'risk profile set, YAML or JSON (default: the bundled default profiles)')
    .option('--endpoint <url>', 'S3 endpoint, e.g. a local emulator (default: AWS_ENDPOINT_URL_S3, else AWS)')
    .option('--region <region>', 'AWS region (default: from the environment or profile)')
    .option(
      '--locations <file>',
      "the deployment's locations file (CSV, data/locations/README.md): uploaded to config/locations.csv, read by the ingest",
    )
    .option('--json', 'print the result as JSON')
    .action(
      async (opts: {
        bucket: string;
        watchlist?: string[];
        profiles?: string;
        endpoint?: string;
        region?: string;
        locations?: string;
        json?: boolean;
      }) => {
        // Checked before anything is published: a bad row stops the whole publication.
        const locations = opts.locations ? await readLocationsFile(opts.locations) : undefined;
        const endpoint = opts.endpoint ?? process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL;
        const s3 = s3ClientFor({ region: opts.region, endpoint });
        const store = createSnapshotStore({ s3, bucket: opts.bucket });
        const result = await publishConfig({
          store,
          bucket: opts.bucket,
          watchlistPaths: opts.watchlist,
          profilesPath: opts.profiles,
        });
        if (locations) {
          try {
            await createLocationsFileStore({ s3, bucket: opts.bucket }).put(locations.text);
          } catch (err) {
            throw asUserError(err, opts.bucket);
          }
        }
        if (opts.json) {
          process.stdout.write(
            `${JSON.stringify({ ...result, ...(locations && { locations: locations.locations.length }) })}\n`,
          );
        } else {
          const lists = result.watchlists.map((w) => `${w.list} ${w.entries}`).join(', ');
          process.stdout.write(
            `published config ${result.version} to s3://${opts.bucket}/${result.key}\n` +
              `  profiles ${result.profileVersion}; watchlists: ${lists || 'none'}\n` +
              `  pointer config/current.json now names ${result.version}${result.unchanged ? ' (it already did)' : ''}\n` +
              (locations
                ? `  locations: ${locations.locations.length} to s3://${opts.bucket}/${LOCATIONS_FILE_KEY}\n`
                : ''),
          );
        }
      },
    );
}

export type PublishResult = {
  version: string;
  key: string;
  profileVersion: string;
  watchlists: Array<{ list: string; entries: number }>;
  publishedAt: string;
  /** The pointer already named this version (same watchlists and profiles as before). */
  unchanged: boolean;
};

/** Builds and publishes a snapshot; user mistakes (bad file, missing bucket) become UserError. */
export async function publishConfig(input: {
  store: SnapshotStore;
  bucket: string;
  watchlistPaths?: string[];
  profilesPath?: string;
}): Promise<PublishResult> {
  const entries = readWatchlists(input.watchlistPaths);
  let profileSet: ReturnType<typeof defaultProfileSet>;
  try {
    profileSet = input.profilesPath ? loadProfileSet(input.profilesPath) : defaultProfileSet();
  } catch (err) {
    if (err instanceof ProfileError) throw new UserError(err.message);
    throw err;
  }
  const built = buildSnapshot({ entries, profileSet });

  let previous: string | undefined;
  try {
    const read = await input.store.readPointer();
    if (read.changed) previous = read.pointer.version;
  } catch (err) {
    if ((err as Error).name !== 'SnapshotNotPublishedError') throw asUserError(err, input.bucket);
  }
  try {
    const pointer = await publishSnapshot(input.store, built);
    return {
      version: built.version,
      key: pointer.key,
      profileVersion: built.header.profileVersion,
      watchlists: built.header.watchlists,
      publishedAt: pointer.publishedAt,
      unchanged: previous === built.version,
    };
  } catch (err) {
    throw asUserError(err, input.bucket);
  }
}

/** S3 refusals a user can fix (wrong bucket, no credentials, no access) without a stack trace. */
function asUserError(err: unknown, bucket: string): unknown {
  const name = (err as { name?: string })?.name ?? '';
  const fixable: Record<string, string> = {
    NoSuchBucket: `bucket ${bucket} does not exist (use the stack output BucketName)`,
    AccessDenied: `access to bucket ${bucket} was denied: check your AWS credentials and role`,
    CredentialsProviderError:
      'no AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID, or use --endpoint for a local stack',
    InvalidAccessKeyId: 'the AWS access key is not valid',
    ECONNREFUSED: 'nothing is listening at the S3 endpoint (is the local stack running?)',
  };
  const code = (err as { code?: string })?.code ?? '';
  const message = fixable[name] ?? fixable[code];
  return message ? new UserError(`pcu publish: ${message}`) : err;
}
