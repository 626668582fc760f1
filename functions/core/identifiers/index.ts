export * from './container-number.ts';
export * from './country.ts';
export * from './hs-code.ts';
export * from './imo.ts';
export * from './iso-type.ts';
export * from './locode.ts';
export * from './problem.ts';
