import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import {
  INDEXES,
  indexProjection,
  TABLE_KEYS,
  TTL_ATTRIBUTE,
} from '../../functions/adapters/pipeline-resources.ts';
import type { StageConfig } from '../config.ts';

export interface FlaggedStoreProps {
  readonly key: IKey;
  readonly config: StageConfig;
}

/**
 * The single DynamoDB table holding manifest records and flagged containers, with the keys
 * and indexes of `pipeline-resources.ts` (the one definition shared with the handlers).
 */
export class FlaggedStore extends Construct {
  readonly table: Table;
  readonly key: IKey;
  readonly indexNames: readonly string[];

  constructor(scope: Construct, id: string, props: FlaggedStoreProps) {
    super(scope, id);
    this.key = props.key;
    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TTL_ATTRIBUTE,
      deletionProtection: props.config.retainData,
      removalPolicy: props.config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    for (const index of Object.values(INDEXES)) {
      const projection = indexProjection(index);
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        // The flag lists hold only what a row shows (a 1,000-flag page reads ~300 KB, not every
        // stored consignment); the other indexes project everything, saving a GetItem per result.
        ...(projection.ProjectionType === 'INCLUDE'
          ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: projection.NonKeyAttributes }
          : { projectionType: ProjectionType.ALL }),
      });
    }
    this.indexNames = Object.values(INDEXES).map((i) => i.indexName);
  }
}
