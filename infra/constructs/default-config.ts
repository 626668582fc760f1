import { CustomResource, Duration } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { S3_PREFIXES, SNAPSHOT_POINTER_KEY } from '../../functions/adapters/resource-settings.ts';
import type { StageConfig } from '../config.ts';
import { BUNDLED_SNAPSHOT_FILE } from '../config-publisher/bundle-layout.ts';
import type { DefaultSnapshot } from '../default-snapshot.ts';
import { grantWritePrefix } from './grants.ts';
import { PipelineFunction } from './pipeline-function.ts';

export interface DefaultConfigProps {
  readonly bucket: IBucket;
  readonly key: IKey;
  /** The compiled default snapshot (built at synth time by infra/default-snapshot.ts). */
  readonly snapshot: DefaultSnapshot;
  readonly config: StageConfig;
}

/**
 * Publishes the default risk profiles and bundled watchlists as the first configuration.
 * The snapshot travels inside the installer function's bundle (no asset-bucket access, no
 * Docker, works offline); the custom resource runs again only when the snapshot version
 * changes, and it never moves a pointer an analyst already published with `pcu publish`.
 */
export class DefaultConfig extends Construct {
  readonly installer: PipelineFunction;
  readonly resource: CustomResource;
  readonly version: string;

  constructor(scope: Construct, id: string, props: DefaultConfigProps) {
    super(scope, id);
    this.version = props.snapshot.version;
    this.installer = new PipelineFunction(this, 'Installer', {
      entry: 'infra/config-publisher/handler.ts',
      description: 'PCU Targeting: install the default configuration snapshot at deploy time',
      serviceName: 'default-config',
      timeout: Duration.minutes(2),
      memorySize: 512,
      config: props.config,
      copyIntoBundle: { from: props.snapshot.file, to: BUNDLED_SNAPSHOT_FILE },
    });
    // Snapshots live under a version known only at deploy time; the pointer is one key.
    grantWritePrefix(this.installer, props.bucket, props.key, S3_PREFIXES.snapshots);
    this.installer.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [props.bucket.arnForObjects(SNAPSHOT_POINTER_KEY)],
      }),
    );
    this.resource = new CustomResource(this, 'Snapshot', {
      serviceToken: this.installer.lambda.functionArn,
      resourceType: 'Custom::PcuDefaultConfig',
      properties: { BucketName: props.bucket.bucketName, Version: this.version },
    });
    // The role's policy must exist before CloudFormation invokes the installer.
    this.resource.node.addDependency(this.installer.role);
  }
}
