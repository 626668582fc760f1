export type { Commodity, Equipment, LoadClass } from './cargo-catalogue.ts';
export { commodities, officialDescription, VAGUE_DESCRIPTIONS } from './cargo-catalogue.ts';
export {
  type GenerateOptions,
  GeneratorOptionError,
  generateManifest,
  generateManifestParts,
  type ManifestPart,
  type ManifestParts,
} from './generate-manifest.ts';
export { DEFAULT_MODAL_PORTS, type LandOrAirMode } from './modal-manifest.ts';
export { type PlantedTruth, type PlantRole, type PlantVariant, plantedSpelling } from './planting.ts';
export { Prng } from './prng.ts';
export { DEFAULT_REPORTING_PORTS, portByCode, ports } from './routes.ts';
export { type GeneratedFormat, type GeneratedText, generateManifestText } from './write-generated.ts';
