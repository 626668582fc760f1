/**
 * Kept apart from the zod schemas (manifest.ts re-exports it) so the profile Lambda, which
 * reads the mode of every unit, does not pull in zod.
 */
export type TransportModeName = 'sea' | 'rail' | 'road' | 'air';

/** The mode of a voyage: sea when the manifest does not say. */
export function transportMode(voyage: { mode?: TransportModeName | undefined }): TransportModeName {
  return voyage.mode ?? 'sea';
}

/** What a list or detail names a conveyance by; each reader words it in its own language. */
export type ConveyanceLabel =
  | 'vessel'
  | 'imo'
  | 'voyage'
  | 'train'
  | 'border'
  | 'truck'
  | 'trailer'
  | 'tir'
  | 'flight'
  | 'aircraft';

type ConveyanceRecord = {
  mode?: TransportModeName | undefined;
  vesselName?: string | undefined;
  voyageNumber?: string | undefined;
  conveyance?: Partial<
    Record<
      | 'imoNumber'
      | 'trainNumber'
      | 'borderStation'
      | 'truckRegistration'
      | 'trailerRegistration'
      | 'tirCarnet'
      | 'flightNumber'
      | 'aircraftRegistration',
      string
    >
  >;
};

/**
 * The identifiers a flag or manifest record shows for its mode, as [label, value], only those
 * declared. Rail, road and air manifests read into the model's vessel name carry the train,
 * truck or flight there when the mode's own field is absent. The CLI and the console share it.
 */
export function conveyanceIdentifiers(f: ConveyanceRecord): [ConveyanceLabel, string][] {
  const c = f.conveyance ?? {};
  const mode = f.mode ?? 'sea';
  const named: [ConveyanceLabel, string | undefined][] =
    mode === 'rail'
      ? [
          ['train', c.trainNumber ?? f.vesselName],
          ['border', c.borderStation],
        ]
      : mode === 'road'
        ? [
            ['truck', c.truckRegistration ?? f.vesselName],
            ['trailer', c.trailerRegistration],
            ['tir', c.tirCarnet],
          ]
        : mode === 'air'
          ? [
              ['flight', c.flightNumber ?? f.vesselName],
              ['aircraft', c.aircraftRegistration],
            ]
          : [
              ['vessel', f.vesselName],
              ['imo', c.imoNumber],
              ['voyage', f.voyageNumber],
            ];
  return named.filter((p): p is [ConveyanceLabel, string] => Boolean(p[1]));
}
