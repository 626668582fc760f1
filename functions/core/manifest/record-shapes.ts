import type { BillOfLading, Container, GoodsItem, Party } from '#schemas/manifest.ts';

/**
 * Empty model records with room for all their fields inside the object. An object literal gets
 * in-object room only for the properties it is written with; each optional field set later
 * (hsCode, marks, shipper...) then lands in a separate property array, which cost about 40 MB
 * for a 200,000-row manifest. V8 sizes objects made by `new F()` from the `this.x =`
 * assignments in F's body, executed or not. The prototype is Object.prototype: the records
 * are plain objects, equal to literals.
 */
type Shape = Record<string, unknown>;

function BlShape(this: Shape, all: boolean) {
  if (all) {
    this.number = this.type = this.masterNumber = this.shipper = this.consignee = '';
    this.notifyParties = this.forwarder = this.placeOfReceipt = this.portOfLoading = '';
    this.transshipmentPorts = this.portOfDischarge = this.placeOfDelivery = this.freightTerms = '';
    this.containers = this.goods = '';
  }
}
function GoodsShape(this: Shape, all: boolean) {
  if (all) {
    this.lineNumber = this.description = this.hsCode = this.packageCount = this.packageType = '';
    this.grossWeightKg = this.volumeM3 = this.marks = this.dangerousGoodsUn = this.containers = '';
  }
}
function ContainerShape(this: Shape, all: boolean) {
  if (all) {
    this.number = this.isoType = this.seals = this.status = this.shipperOwned = this.verifiedGrossMassKg = '';
  }
}
function PartyShape(this: Shape, all: boolean) {
  if (all) this.name = this.address = this.country = this.identifier = '';
}
for (const shape of [BlShape, GoodsShape, ContainerShape, PartyShape]) shape.prototype = Object.prototype;

type Construct<T> = new (all: boolean) => T;

export function emptyBillOfLading(): BillOfLading {
  return new (BlShape as unknown as Construct<BillOfLading>)(false);
}
export function emptyGoodsItem(): GoodsItem {
  return new (GoodsShape as unknown as Construct<GoodsItem>)(false);
}
export function emptyContainer(): Container {
  return new (ContainerShape as unknown as Construct<Container>)(false);
}
export function emptyParty(): Party {
  return new (PartyShape as unknown as Construct<Party>)(false);
}
