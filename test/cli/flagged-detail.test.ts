import { describe, expect, it } from 'vitest';
import type { FlaggedDetail } from '#schemas/api.ts';
import { flaggedDetailText } from '../../cli/commands/api-client.ts';

const base: FlaggedDetail = {
  id: '0859dd929d545831664f0d4071fd8d81_NO-CONTAINER-MEDU3',
  manifestId: '0859dd929d545831664f0d4071fd8d81',
  containerNumber: 'NO-CONTAINER-MEDU3',
  port: 'NLRTM',
  score: 70,
  lane: 'green',
  status: 'open',
  version: 1,
  flaggedAt: '2026-11-28T00:52:00.000Z',
  rules: ['DQ-HS-INVALID', 'VAGUE-DESCRIPTION'],
  assessment: {
    containerNumber: 'NO-CONTAINER-MEDU3',
    noContainerDeclared: true,
    billsOfLading: ['MEDU3'],
    score: 70,
    lane: 'green',
    flagged: true,
    randomlySelected: false,
    threshold: 65,
    profileVersion: '2026.11-default-5',
    hits: [],
  },
  history: [],
} as unknown as FlaggedDetail;

describe('pcu flagged show', () => {
  it('says when a flag is a B/L with no container declared', () => {
    expect(flaggedDetailText(base)).toContain('no container declared: B/L MEDU3');
    const boxed = {
      ...base,
      assessment: { ...base.assessment, noContainerDeclared: undefined },
    } as FlaggedDetail;
    expect(flaggedDetailText(boxed)).not.toContain('no container declared');
  });
});
