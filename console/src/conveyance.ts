/**
 * The mode and the identifiers of its conveyance, in the user's language: the queue row's short
 * line ("air · flight XX8012 · aircraft UK-67003"), the flag detail and the inspection list.
 * The consignment's equipment (container, wagon, trailer, ULD) and transport documents (B/L,
 * CIM/SMGS note, CMR, master and house AWB) get their own labels.
 */

import { conveyanceIdentifiers } from '../../schemas/transport-mode.ts';
import type { Consignment, FlaggedSummary } from './api.ts';
import type { MessageKey, useI18n } from './i18n.ts';

type T = ReturnType<typeof useI18n>['t'];
type ConveyanceSource = Pick<FlaggedSummary, 'mode' | 'vesselName' | 'voyageNumber' | 'conveyance'>;
type Bill = Consignment['billsOfLading'][number];

export const MODES = ['sea', 'rail', 'road', 'air'] as const;

/** "rail · train 1234 · border station KZHOR" (a flag from before modes were stored is sea). */
export function conveyanceText(f: ConveyanceSource, t: T): string {
  const mode = f.mode ?? 'sea';
  return [
    t(`mode.${mode}` as MessageKey),
    ...conveyanceIdentifiers(f).map(([label, value]) => `${t(`conveyance.${label}` as MessageKey)} ${value}`),
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
