/**
 * The mode and the identifiers of its conveyance, in the user's language: the queue row's short
 * line ("air · flight XX8012 · aircraft UK-67003"), the flag detail and the inspection list.
 * The consignment's equipment (container, wagon, trailer, ULD) and transport documents (B/L,
 * CIM/SMGS note, CMR, master and house AWB) get their own labels.
 */
import type { Consignment, FlaggedSummary } from './api.ts';
import type { MessageKey, useI18n } from './i18n.ts';

type T = ReturnType<typeof useI18n>['t'];
type ConveyanceSource = Pick<FlaggedSummary, 'mode' | 'vesselName' | 'voyageNumber' | 'conveyance'>;
type Bill = Consignment['billsOfLading'][number];

export const MODES = ['sea', 'rail', 'road', 'air'] as const;

/**
 * The mode's identifiers as [label key, value], only those the manifest declares. The same
 * table as schemas/transport-mode.ts conveyanceIdentifiers (the CLI's): the console takes no
 * values from schemas/ (test/console/boundaries.test.ts), so it keeps its own copy.
 */
export function conveyanceParts(f: ConveyanceSource): [MessageKey, string][] {
  const c = f.conveyance ?? {};
  const parts: [MessageKey, string | undefined][] =
    f.mode === 'rail'
      ? [
          ['conveyance.train', c.trainNumber ?? f.vesselName],
          ['conveyance.border', c.borderStation],
        ]
      : f.mode === 'road'
        ? [
            ['conveyance.truck', c.truckRegistration ?? f.vesselName],
            ['conveyance.trailer', c.trailerRegistration],
            ['conveyance.tir', c.tirCarnet],
          ]
        : f.mode === 'air'
          ? [
              ['conveyance.flight', c.flightNumber ?? f.vesselName],
              ['conveyance.aircraft', c.aircraftRegistration],
            ]
          : [
              ['conveyance.vessel', f.vesselName],
              ['conveyance.imo', c.imoNumber],
              ['conveyance.voyage', f.voyageNumber],
            ];
  return parts.filter((p): p is [MessageKey, string] => Boolean(p[1]));
}

/** "rail · train 1234 · border station KZHOR" (a flag from before modes were stored is sea). */
export function conveyanceText(f: ConveyanceSource, t: T): string {
  const mode = f.mode ?? 'sea';
  return [
    t(`mode.${mode}` as MessageKey),
    ...conveyanceParts({ ...f, mode }).map(([key, value]) => `${t(key)} ${value}`),
  ].join(' · ');
}

/** "Wagon 31527352400", "ULD AKE12345AA", "Container MSCU1234565". */
export function equipmentText(container: Consignment['container'] | undefined, number: string, t: T): string {
  return `${t(`equipment.${container?.kind ?? 'container'}` as MessageKey)} ${number}`;
}

/** "B/L MSC123", "AWB 176-12345675", "CMR 0042", with the master AWB and pieces when declared. */
export function documentText(bl: Bill | undefined, number: string, t: T): string {
  const type = bl?.documentType ?? 'bill-of-lading';
  const label = t(type === 'bill-of-lading' ? 'inspection.bl' : (`document.${type}` as MessageKey), {
    number,
  });
  const master = bl?.masterNumber ? ` (${t('document.master', { number: bl.masterNumber })})` : '';
  const pieces =
    bl?.pieceCount !== undefined && bl.grossWeightKg !== undefined
      ? ` · ${t('document.pieces', { count: bl.pieceCount, weight: bl.grossWeightKg })}`
      : '';
  return `${label}${master}${pieces}`;
}
