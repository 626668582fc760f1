/**
 * Flags written straight into the local stack's table, as the profile Lambda writes them
 * (flaggedUpdate): for the console's browser tests and its bench, which need many flags at
 * chosen times without profiling a manifest of that size first.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { flaggedUpdate } from '../../functions/adapters/flagged-store.ts';
import { createManifestRecords } from '../../functions/adapters/manifest-records.ts';
import type { ConveyanceIdentifiers } from '../../functions/core/pipeline/conveyance.ts';
import type { LocalStack } from '../../local/local-stack.ts';
import type { ContainerAssessment } from '../../schemas/assessment.ts';
import type { TransportModeName } from '../../schemas/transport-mode.ts';

export type SeededFlag = {
  containerNumber: string;
  profiledAt: string;
  voyageNumber?: string;
  lane: 'red' | 'yellow';
  assessment: Pick<ContainerAssessment, 'hits' | 'score'> & Partial<ContainerAssessment>;
  consignment?: Record<string, unknown>;
};

/** A consolidated box as the profile Lambda stores it beside the flag: 4 B/Ls of 6 goods lines (~10 KB). */
export function consolidatedBox(number: string, i: number, port: string) {
  const party = (role: string, b: number) => ({
    name: `${role} TRADING COMPANY ${i}-${b} LIMITED`,
    address: `${100 + b} HARBOUR INDUSTRIAL ESTATE, WAREHOUSE DISTRICT ${i % 40}, GUAYAQUIL`,
    country: 'EC',
  });
  return {
    previousPortsOfCall: ['ECGYE', 'PAMIT', 'ESALG'],
    container: { number, isoType: '45G1', seals: [`SL${i}A`, `SL${i}B`], verifiedGrossMassKg: 24_000 + i },
    billsOfLading: Array.from({ length: 4 }, (_, b) => ({
      number: `BL${i}-${b}`,
      shipper: party('SHIPPER', b),
      consignee: party('CONSIGNEE', b),
      notifyParties: [party('NOTIFY', b)],
      placeOfReceipt: 'ECGYE',
      portOfLoading: 'ECGYE',
      transshipmentPorts: ['PAMIT'],
      portOfDischarge: port,
      placeOfDelivery: port,
      goods: Array.from({ length: 6 }, (_, g) => ({
        description: `FRESH BANANAS CAVENDISH GRADE A IN CARTONS OF 18.14 KG NET, PALLETISED, REEFER SET TO 13.3 C, LOT ${i}-${b}-${g}`,
        hsCode: '080390',
        packageCount: 1080,
        packageType: 'CT',
        grossWeightKg: 21_000,
      })),
    })),
  };
}

function documentClientOf(stack: LocalStack): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: stack.clientConfig.region,
      credentials: stack.clientConfig.credentials,
      endpoint: stack.clientConfig.endpoints.dynamodb,
    }),
  );
}

/** Writes the flags of one manifest at `port`, 50 at a time. */
export async function seedFlags(
  stack: LocalStack,
  options: {
    port: string;
    manifestId: string;
    vesselName: string;
    flags: SeededFlag[];
    mode?: TransportModeName;
    conveyance?: ConveyanceIdentifiers;
  },
): Promise<void> {
  const doc = documentClientOf(stack);
  try {
    const writes: Promise<unknown>[] = [];
    for (const flag of options.flags) {
      writes.push(
        doc.send(
          new UpdateCommand(
            flaggedUpdate(
              stack.resources.tableName,
              {
                manifestId: options.manifestId,
                port: options.port,
                vesselName: options.vesselName,
                ...(options.mode && { mode: options.mode }),
                ...(options.conveyance && { conveyance: options.conveyance }),
                voyageNumber: flag.voyageNumber,
                snapshotVersion: 'seeded',
                profiledAt: flag.profiledAt,
                expiresAt: 2_000_000_000,
              },
              {
                containerNumber: flag.containerNumber,
                score: flag.assessment.score,
                lane: flag.lane,
                assessment: flag.assessment as unknown as Record<string, unknown>,
                ...(flag.consignment && { consignment: flag.consignment }),
              },
            ),
          ),
        ),
      );
      if (writes.length >= 50) await Promise.all(writes.splice(0));
    }
    await Promise.all(writes);
  } finally {
    doc.destroy();
  }
}

/** The manifest record the ingest Lambda writes, so the inspection list of seeded flags opens. */
export async function seedManifestRecord(
  stack: LocalStack,
  record: {
    manifestId: string;
    port: string;
    vesselName: string;
    receivedAt: string;
    containers: number;
    mode?: TransportModeName;
    conveyance?: ConveyanceIdentifiers;
  },
): Promise<void> {
  const doc = documentClientOf(stack);
  try {
    const { containers, ...rest } = record;
    await createManifestRecords({ doc, table: stack.resources.tableName }).createIfAbsent({
      ...rest,
      sourceKey: `incoming/${record.port}/${record.receivedAt.slice(0, 10)}/seeded.json`,
      status: 'received',
      validationStatus: 'accepted',
      counts: {
        billsOfLading: containers,
        containers,
        goodsItems: containers,
        recordsRead: containers,
        recordsWithErrors: 0,
        rejectedRecords: 0,
        errors: 0,
        warnings: 0,
      },
      reportKey: `reports/${record.manifestId}.json`,
      chunkCount: 1,
      expiresAt: 2_000_000_000,
    });
  } finally {
    doc.destroy();
  }
}
