import { CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';

/*
 * Explicit least-privilege grants. The L2 `grant*` helpers hand out wildcard action groups
 * (`s3:GetObject*`, `s3:List*`, `kms:GenerateDataKey*`, `kms:ReEncrypt*`); a pipeline function
 * needs a handful of exact actions, each key use limited to the service that makes it.
 */

function keyUse(grantee: IGrantable, key: IKey, service: 's3' | 'sqs' | 'dynamodb', actions: string[]): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions,
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `${service}.${Stack.of(key).region}.amazonaws.com` } },
    }),
  );
}

/**
 * An object-prefix grant is a wildcard by nature (`bucket/incoming/*`): cdk-nag reports it as
 * AwsSolutions-IAM5 with the bucket's logical id. Acknowledge exactly that finding, on the
 * grantee only, with the reason the prefix is the narrowest scope possible.
 */
function acknowledgePrefix(grantee: IGrantable, bucket: IBucket, prefix: string, reason: string): void {
  const stack = Stack.of(bucket);
  const cfnBucket = bucket.node.defaultChild;
  if (!(cfnBucket instanceof CfnElement)) return;
  const logicalId = stack.resolve(stack.getLogicalId(cfnBucket));
  Validations.of(grantee as unknown as IConstruct).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/${prefix}*]`,
    reason,
  });
}

/** GetObject (which also allows HeadObject) on the keys under `prefix`. */
export function grantReadPrefix(grantee: IGrantable, bucket: IBucket, key: IKey, prefix: string): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects(`${prefix}*`)] }),
  );
  keyUse(grantee, key, 's3', ['kms:Decrypt']);
  acknowledgePrefix(
    grantee,
    bucket,
    prefix,
    `Reads objects whose keys are only known at run time (content-derived ids, uploaded file names); GetObject is limited to the ${prefix} prefix.`,
  );
}

/** PutObject (single or multipart upload) on the keys under `prefix`. */
export function grantWritePrefix(grantee: IGrantable, bucket: IBucket, key: IKey, prefix: string): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
      resources: [bucket.arnForObjects(`${prefix}*`)],
    }),
  );
  // Multipart uploads to an SSE-KMS bucket decrypt the data key to assemble the parts.
  keyUse(grantee, key, 's3', ['kms:GenerateDataKey', 'kms:Decrypt']);
  acknowledgePrefix(
    grantee,
    bucket,
    prefix,
    `Writes objects named by content-derived ids known only at run time; PutObject is limited to the ${prefix} prefix.`,
  );
}

/** SendMessage (SendMessageBatch included) on one queue, and its key when it is encrypted. */
export function grantSendMessages(grantee: IGrantable, queue: IQueue): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes'],
      resources: [queue.queueArn],
    }),
  );
  if (queue.encryptionMasterKey) {
    keyUse(grantee, queue.encryptionMasterKey, 'sqs', ['kms:GenerateDataKey', 'kms:Decrypt']);
  }
}

/**
 * ReceiveMessage on one queue (and its key), without DeleteMessage: for a reader that looks
 * at what a dead-letter queue holds and leaves it there for operators.
 */
export function grantPeekMessages(grantee: IGrantable, queue: IQueue): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['sqs:ReceiveMessage'], resources: [queue.queueArn] }),
  );
  if (queue.encryptionMasterKey) keyUse(grantee, queue.encryptionMasterKey, 'sqs', ['kms:Decrypt']);
}

/** Item-level actions on the table itself (not its indexes). */
export function grantItemActions(grantee: IGrantable, table: ITable, key: IKey, actions: string[]): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({ actions: actions.map((a) => `dynamodb:${a}`), resources: [table.tableArn] }),
  );
  keyUse(grantee, key, 'dynamodb', ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey']);
}

/** Query on named global secondary indexes (exact index ARNs, no `index/*`). */
export function grantIndexQuery(grantee: IGrantable, table: ITable, key: IKey, indexNames: string[]): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['dynamodb:Query'],
      resources: indexNames.map((name) => `${table.tableArn}/index/${name}`),
    }),
  );
  keyUse(grantee, key, 'dynamodb', ['kms:Decrypt', 'kms:DescribeKey']);
}
