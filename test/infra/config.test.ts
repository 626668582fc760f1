import { describe, expect, it } from 'vitest';
import { StageConfigError, stageConfig } from '../../infra/config.ts';

describe('stageConfig', () => {
  it('defaults to dev, which throws data away and keeps logs briefly', () => {
    const config = stageConfig(undefined);
    expect(config.stage).toBe('dev');
    expect(config.retainData).toBe(false);
    expect(config.logRetentionDays).toBeLessThanOrEqual(30);
  });

  it('keeps prod data', () => {
    expect(stageConfig('prod').retainData).toBe(true);
  });

  it('rejects an unknown stage, naming the valid ones', () => {
    expect(() => stageConfig('staging')).toThrow(StageConfigError);
    expect(() => stageConfig('staging')).toThrow(/dev\|prod/);
  });

  it('applies -c overrides, turning command-line strings into numbers', () => {
    const config = stageConfig('prod', { alarmEmail: 'ops@example.org', dataRetentionDays: '730' });
    expect(config.alarmEmail).toBe('ops@example.org');
    expect(config.dataRetentionDays).toBe(730);
  });

  it('names the field of a bad override', () => {
    expect(() => stageConfig('dev', { alarmEmail: 'not-an-address' })).toThrow(/alarmEmail/);
    expect(() => stageConfig('dev', { logRetentionDays: '10' })).toThrow(/logRetentionDays.*14/);
    expect(() => stageConfig('dev', { alarmTopicArn: 'arn:aws:sqs:eu-west-1:111122223333:q' })).toThrow(
      /alarmTopicArn: must be an SNS topic ARN/,
    );
  });

  it('reads the ports from a comma-separated -c ports=..., and rejects a malformed one', () => {
    expect(stageConfig('prod', { ports: 'NLRTM, beanr' }).ports).toEqual(['NLRTM', 'BEANR']);
    expect(() => stageConfig('prod', { ports: 'NL RTM' })).toThrow(/ports\.0: must be UN\/LOCODEs/);
  });

  it('ignores context keys that are not overridable', () => {
    expect(stageConfig('prod', { retainData: false }).retainData).toBe(true);
  });
});
