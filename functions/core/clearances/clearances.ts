/** Clearances ("not this entry"): the records (clearance-records.ts) and what they suppress (suppression.ts). */
export * from './clearance-records.ts';
export { entryFingerprint } from './entry-fingerprint.ts';
export * from './suppression.ts';
