import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createFlaggedStore } from '#adapters/flagged-store.ts';
import { createListDownloader } from '#adapters/list-download.ts';
import { createListStatusStore } from '#adapters/list-status-store.ts';
import { createManifestRecords } from '#adapters/manifest-records.ts';
import { createManifestStore } from '#adapters/manifest-store.ts';
import { createRescreenStore } from '#adapters/rescreen-store.ts';
import { DEFAULTS } from '#adapters/resource-settings.ts';
import { createSnapshotStore } from '#adapters/snapshot-store.ts';
import { readManifestForIntake } from '#core/manifest/parse-manifest.ts';
import { listSourcesAt, OFFICIAL_LIST_SOURCES } from '#core/watchlists/list-sources.ts';
import type { RefreshDeps } from './refresh-lists.ts';
import { rescreenRecentManifests } from './rescreen.ts';

/**
 * The list refresh wired to a bucket and a table: used by the Lambda, `pcu lists refresh` and
 * the local stack's timer, so the three run the same code.
 */
export type RefreshSettings = {
  s3: S3Client;
  doc: DynamoDBDocumentClient;
  bucket: string;
  table: string;
  /** A mirror laid out like data/watchlists/; unset = the official addresses. */
  sourceUrl?: string;
  /** Ports whose manifests are re-screened. */
  ports: readonly string[];
  days?: number;
  retentionDays?: number;
  fetchTimeoutMs?: number;
  now?: () => Date;
};

export function refreshDepsFor(settings: RefreshSettings): RefreshDeps {
  const { s3, doc, bucket, table } = settings;
  return {
    sources: settings.sourceUrl ? listSourcesAt(settings.sourceUrl) : OFFICIAL_LIST_SOURCES,
    download: createListDownloader({ timeoutMs: settings.fetchTimeoutMs }),
    snapshots: createSnapshotStore({ s3, bucket }),
    statusStore: createListStatusStore({ s3, bucket }),
    ...(settings.now && { now: settings.now }),
    rescreen: (snapshot, update) =>
      rescreenRecentManifests(snapshot, update, {
        store: createRescreenStore({ doc, table }),
        manifestStore: createManifestStore({ s3, bucket }),
        flaggedStore: createFlaggedStore({ doc, table }),
        manifestRecords: createManifestRecords({ doc, table }),
        readManifest: readManifestForIntake,
        ports: settings.ports,
        days: settings.days ?? DEFAULTS.rescreenDays,
        retentionDays: settings.retentionDays ?? DEFAULTS.retentionDays,
      }),
  };
}

/** `NLRTM, beanr` -> ['NLRTM', 'BEANR']. */
export function parsePorts(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((p) => p.trim().toUpperCase())
    .filter(Boolean);
}
