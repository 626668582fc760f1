import type { Consignment } from '#schemas/api.ts';
import type { ContainerUnit } from '#schemas/manifest.ts';
import { excerptStrings } from '../text/excerpt.ts';

/**
 * The container and its B/Ls as declared, for the inspection list an officer takes to the
 * scanner (seals, ISO type, weights, parties, goods, route). Validation issues are left out:
 * the validation report has them.
 */
export function consignmentOf(unit: ContainerUnit): Record<string, unknown> {
  const { container } = unit;
  const previous = unit.voyage.previousPortsOfCall ?? [];
  const consignment: Consignment = {
    ...(previous.length > 0 && { previousPortsOfCall: previous }),
    container: {
      ...(container.kind && { kind: container.kind }),
      number: container.number,
      ...(container.isoType && { isoType: container.isoType }),
      seals: container.seals ?? [],
      status: container.status,
      ...(container.verifiedGrossMassKg !== undefined && {
        verifiedGrossMassKg: container.verifiedGrossMassKg,
      }),
    },
    billsOfLading: unit.billsOfLading.map((bl) => ({
      number: bl.number,
      ...(bl.documentType && { documentType: bl.documentType }),
      ...(bl.masterNumber && { masterNumber: bl.masterNumber }),
      ...(bl.pieceCount !== undefined && { pieceCount: bl.pieceCount }),
      ...(bl.grossWeightKg !== undefined && { grossWeightKg: bl.grossWeightKg }),
      ...(bl.shipper && { shipper: party(bl.shipper) }),
      ...(bl.consignee && { consignee: party(bl.consignee) }),
      notifyParties: (bl.notifyParties ?? []).map(party),
      ...(bl.placeOfReceipt && { placeOfReceipt: bl.placeOfReceipt }),
      ...(bl.portOfLoading && { portOfLoading: bl.portOfLoading }),
      transshipmentPorts: bl.transshipmentPorts ?? [],
      ...(bl.portOfDischarge && { portOfDischarge: bl.portOfDischarge }),
      ...(bl.placeOfDelivery && { placeOfDelivery: bl.placeOfDelivery }),
      goods: (bl.goods ?? []).map((g) => ({
        description: g.description,
        ...(g.hsCode && { hsCode: g.hsCode }),
        ...(g.packageCount !== undefined && { packageCount: g.packageCount }),
        ...(g.packageType && { packageType: g.packageType }),
        ...(g.grossWeightKg !== undefined && { grossWeightKg: g.grossWeightKg }),
      })),
    })),
  };
  // Bounded like every stored value: a 480 KB description must not break the item.
  return excerptStrings(consignment) as unknown as Record<string, unknown>;
}

function party(p: { name: string; address?: string; country?: string; identifier?: string }) {
  return {
    name: p.name,
    ...(p.address && { address: p.address }),
    ...(p.country && { country: p.country }),
    ...(p.identifier && { identifier: p.identifier }),
  };
}
