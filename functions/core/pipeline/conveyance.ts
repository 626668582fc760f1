import type { TransportModeName } from '../../../schemas/transport-mode.ts';
import { excerpt } from '../text/excerpt.ts';

/**
 * The conveyance as the lists show it: the mode and that mode's identifiers (sea: IMO; rail:
 * train number and border station; road: truck and trailer plates, TIR carnet; air: flight
 * number and aircraft registration). Stored on the manifest record and on every flag (a flag
 * list row reads it from the index), each value a bounded excerpt. Pure and zod-free: the
 * profile Lambda builds it for every flag it writes.
 */
export const CONVEYANCE_IDENTIFIERS = [
  'imoNumber',
  'trainNumber',
  'borderStation',
  'truckRegistration',
  'trailerRegistration',
  'tirCarnet',
  'flightNumber',
  'aircraftRegistration',
] as const;
export type ConveyanceIdentifier = (typeof CONVEYANCE_IDENTIFIERS)[number];
export type ConveyanceIdentifiers = Partial<Record<ConveyanceIdentifier, string>>;

export type ConveyanceSource = { mode?: TransportModeName | undefined } & {
  [K in ConveyanceIdentifier]?: string | undefined;
};

/** The mode (sea when the manifest does not say) and the identifiers the voyage declares. */
export function conveyanceOf(voyage: ConveyanceSource | undefined): {
  mode: TransportModeName;
  conveyance?: ConveyanceIdentifiers;
} {
  const identifiers: ConveyanceIdentifiers = {};
  for (const name of CONVEYANCE_IDENTIFIERS) {
    const value = voyage?.[name];
    if (typeof value === 'string' && value !== '') identifiers[name] = excerpt(value);
  }
  return {
    mode: voyage?.mode ?? 'sea',
    ...(Object.keys(identifiers).length > 0 && { conveyance: identifiers }),
  };
}
