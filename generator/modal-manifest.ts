/**
 * Synthetic rail, road and air manifests for the CCP units away from seaports: a China-Europe
 * or Central Asian container train through Horgos or Dostyk (CIM/SMGS notes, ISO containers
 * and 1520 mm gauge wagons), a truck into Termez (CMR, TIR carnet, its trailer), and an
 * e-commerce consolidation flown from Hong Kong or Shanghai into Tashkent or Almaty (a master
 * air waybill over house waybills, in ULDs). Every identifier carries a valid check digit
 * (functions/core/identifiers); every location code is in data/reference (UN/LOCODE).
 */
import { awbCheckDigit, containerCheckDigit, wagonCheckDigit } from '#core/identifiers/index.ts';
import type { BillOfLading, Container, GoodsItem, TransportMode, Voyage } from '#schemas/manifest.ts';
import { type Commodity, commodities } from './cargo-catalogue.ts';
import { LEASING_OWNER_CODES } from './carriers.ts';
import { company, forwarder, person } from './party-names.ts';
import type { Prng } from './prng.ts';

export type LandOrAirMode = Exclude<TransportMode, 'sea'>;

export interface ModalPart {
  billsOfLading: BillOfLading[];
  containers: Container[];
}

/** What `generateManifestParts` needs of a builder, whatever the mode. */
export interface PartBuilder {
  readonly voyage: Voyage;
  next(remaining: number): ModalPart;
}

/** A place on a route: its UN/LOCODE and the city its parties are named after. */
interface Place {
  code: string;
  city: string;
}

const RAIL_ORIGINS: Place[] = [
  { code: 'CNXIY', city: "Xi'an" },
  { code: 'CNURC', city: 'Urumqi' },
  { code: 'CNCGO', city: 'Zhengzhou' },
];
/** Where the trains' consignments go, by the PCU's station: the dry port sees transit to Europe. */
const RAIL_DESTINATIONS: Record<string, [Place, number][]> = {
  KZHOR: [
    [{ code: 'KZALA', city: 'Almaty' }, 4],
    [{ code: 'UZTAS', city: 'Tashkent' }, 3],
    [{ code: 'KGFRU', city: 'Bishkek' }, 1],
    [{ code: 'DEDUI', city: 'Duisburg' }, 2],
    [{ code: 'PLWAW', city: 'Warsaw' }, 1],
  ],
  KZALA: [[{ code: 'KZALA', city: 'Almaty' }, 1]],
  UZTAS: [[{ code: 'UZTAS', city: 'Tashkent' }, 1]],
};
/** The rail border stations on the Kazakh-Chinese border in UN/LOCODE (Altynkol is not: see data/locations). */
const RAIL_BORDER: [string, number][] = [
  ['KZHOR', 3],
  ['KZDOS', 1],
];
/** Road into Termez from Afghanistan (Hairatan) and transit from Pakistan and Iran. */
const ROAD_ORIGINS: [Place, number][] = [
  [{ code: 'AFMZR', city: 'Mazar-i-Sharif' }, 5],
  [{ code: 'PKKHI', city: 'Karachi' }, 2],
  [{ code: 'IRTHR', city: 'Tehran' }, 1],
];
const AIR_ORIGINS: Place[] = [
  { code: 'HKHKG', city: 'Hong Kong' },
  { code: 'CNPVG', city: 'Shanghai' },
];
const CITY: Record<string, string> = {
  KZHOR: 'Khorgos',
  KZALA: 'Almaty',
  UZTAS: 'Tashkent',
  UZTER: 'Termez',
};

export const DEFAULT_MODAL_PORTS: Record<LandOrAirMode, string[]> = {
  rail: ['KZHOR', 'KZALA', 'UZTAS'],
  road: ['UZTER'],
  air: ['UZTAS', 'KZALA'],
};

/** Air freighters into Tashkent and Almaty: AWB prefix, IATA code, registrations. */
const AIRLINES = [
  {
    name: 'Uzbekistan Airways',
    code: 'HY',
    prefix: '250',
    registrations: ['UK-67001', 'UK-67003', 'UK-67005'],
  },
  { name: 'Air Astana', code: 'KC', prefix: '465', registrations: ['P4-KCA', 'P4-KCB'] },
  { name: 'Cathay Pacific Cargo', code: 'CX', prefix: '160', registrations: ['B-LJA', 'B-LJE', 'B-LJN'] },
  { name: 'China Eastern', code: 'MU', prefix: '781', registrations: ['B-2076', 'B-2077', 'B-2078'] },
];

/** E-commerce parcels: what a cross-border consolidation into Central Asia is made of. */
const PARCELS: { hs: string; descriptions: string[]; kg: [number, number] }[] = [
  { hs: '851830', descriptions: ['WIRELESS EARPHONES', 'BLUETOOTH HEADPHONES'], kg: [0.2, 1.5] },
  { hs: '392690', descriptions: ['PHONE CASES', 'PLASTIC ORGANISERS'], kg: [0.1, 2] },
  { hs: '611020', descriptions: ['COTTON SWEATERS', 'KNITTED PULLOVERS'], kg: [0.4, 3] },
  { hs: '640299', descriptions: ['SPORTS SHOES', 'SNEAKERS'], kg: [0.8, 4] },
  { hs: '950300', descriptions: ['TOYS', 'PLASTIC TOY FIGURES'], kg: [0.3, 5] },
  { hs: '330499', descriptions: ['COSMETICS', 'SKIN CARE CREAMS'], kg: [0.2, 2] },
  { hs: '940542', descriptions: ['LED LIGHT FITTINGS', 'LED STRIP LIGHTS'], kg: [0.3, 4] },
  { hs: '847130', descriptions: ['TABLET COMPUTERS', 'LAPTOP COMPUTER'], kg: [0.6, 3] },
];

/** ULD types: LD3 containers and main-deck pallets, with their maximum gross weight. */
const ULD_TYPES: [string, number, number][] = [
  ['AKE', 1588, 5],
  ['AKH', 1135, 1],
  ['PMC', 6804, 3],
  ['PAG', 6033, 1],
];

const DRY = commodities.filter((c) => c.equipment === 'dry').map((c) => [c, c.weight] as const);

export class ModalManifestBuilder implements PartBuilder {
  readonly voyage: Voyage;
  private readonly used = new Set<string>();
  private trailers = 0;
  private readonly airline = AIRLINES[0] as (typeof AIRLINES)[number];
  private readonly reportingCountry: string;

  constructor(
    private readonly prng: Prng,
    private readonly mode: LandOrAirMode,
    private readonly reportingPort: string,
  ) {
    const p = prng;
    this.reportingCountry = reportingPort.slice(0, 2);
    const day = new Date(Date.UTC(2026, 0, 5 + p.int(0, 360), p.int(0, 23)));
    const eta = `${day.toISOString().slice(0, 13)}:00:00Z`;
    const date = eta.slice(0, 10);
    if (mode === 'rail') {
      // China-Europe and Central Asian container trains run as X8xxx / X9xxx.
      const train = `X${p.pick(['8', '9'])}${p.digits(3)}`;
      this.voyage = {
        mode,
        vesselName: train,
        voyageNumber: `${train}/${date}`,
        carrier: p.pick(['KTZ Express', 'China Railway Container Transport', 'UTLC ERA']),
        eta,
        reportingPort,
        previousPortsOfCall: [],
        trainNumber: train,
        borderStation: reportingPort === 'KZHOR' ? 'KZHOR' : p.weighted(RAIL_BORDER),
      };
    } else if (mode === 'road') {
      const truck = `${p.pick(['01', '10', '30', '75'])}${p.letters(1)}${p.digits(3)}${p.letters(2)}`;
      const tir = `XH${p.digits(8)}`;
      this.voyage = {
        mode,
        vesselName: truck,
        voyageNumber: tir,
        carrier: company(p, 'UZ', { portCity: 'Termez' }).name,
        eta,
        reportingPort,
        previousPortsOfCall: [],
        borderStation: reportingPort,
        truckRegistration: truck,
        trailerRegistration: this.trailerPlate(),
        tirCarnet: tir,
      };
    } else {
      this.airline = p.pick(AIRLINES);
      const flight = `${this.airline.code}${p.int(100, 9899)}`;
      this.voyage = {
        mode,
        vesselName: flight,
        voyageNumber: `${flight}/${date}`,
        carrier: this.airline.name,
        eta,
        reportingPort,
        previousPortsOfCall: [],
        flightNumber: flight,
        aircraftRegistration: p.pick(this.airline.registrations),
      };
    }
  }

  next(remaining: number): ModalPart {
    if (this.mode === 'rail') return this.railConsignment(remaining);
    if (this.mode === 'road') return this.roadConsignment();
    return this.airConsolidation(remaining);
  }

  // --- identifiers ---

  private unique(make: () => string): string {
    for (;;) {
      const value = make();
      if (!this.used.has(value)) {
        this.used.add(value);
        return value;
      }
    }
  }

  private trailerPlate(): string {
    return this.unique(() => `01${this.prng.letters(2)}${this.prng.digits(4)}`);
  }

  /** 1520 mm gauge: 8 digits, the first the wagon type (2 covered, 4 flat, 6 gondola), the last the check digit. */
  private wagonNumber(type: '2' | '4' | '6'): string {
    return this.unique(() => {
      const body = `${type}${this.prng.digits(6)}`;
      return `${body}${wagonCheckDigit(body)}`;
    });
  }

  private isoContainer(): string {
    return this.unique(() => {
      const first10 = `${this.prng.pick(LEASING_OWNER_CODES)}${this.prng.digits(6)}`;
      return `${first10}${containerCheckDigit(first10)}`;
    });
  }

  private awb(prefix: string): string {
    return this.unique(() => {
      const serial7 = `${this.prng.int(1, 9)}${this.prng.digits(6)}`;
      return `${prefix}-${serial7}${awbCheckDigit(serial7)}`;
    });
  }

  private uld(type: string): string {
    return this.unique(() => `${type}${this.prng.digits(5)}${this.airline.code}`);
  }

  // --- documents ---

  private document(
    documentType: BillOfLading['documentType'] & string,
    number: string,
    from: Place,
    to: Place,
    type: 'master' | 'house' = 'master',
  ): BillOfLading {
    return {
      number,
      documentType,
      type,
      notifyParties: [],
      placeOfReceipt: from.code,
      portOfLoading: from.code,
      transshipmentPorts: [],
      portOfDischarge: to.code,
      placeOfDelivery: to.code,
      containers: [],
      goods: [],
    };
  }

  private goods(c: Commodity, lineNumber: number, kg: number, unit: string): GoodsItem {
    const p = this.prng;
    const item: GoodsItem = {
      lineNumber,
      description: p.pick(c.descriptions),
      hsCode: c.hs,
      packageCount: Math.max(1, Math.round(kg / p.int(15, 400))),
      packageType: p.pick(c.packages),
      grossWeightKg: kg,
      containers: [unit],
    };
    if (c.dangerousGoodsUn) item.dangerousGoodsUn = c.dangerousGoodsUn;
    return item;
  }

  /** One CIM/SMGS note: 1-3 forty-foot containers on flat wagons, or a covered wagon of bulk goods. */
  private railConsignment(remaining: number): ModalPart {
    const p = this.prng;
    const from = p.pick(RAIL_ORIGINS);
    const to = p.weighted(RAIL_DESTINATIONS[this.reportingPort] ?? [[this.local(), 1]]);
    const note = this.document(
      'cim-smgs',
      this.unique(() => p.digits(8)),
      from,
      to,
    );
    note.shipper = company(p, 'CN', { portCity: from.city });
    note.consignee = company(p, to.code.slice(0, 2), { portCity: to.city });
    if (p.chance(0.3)) note.forwarder = forwarder(p, this.reportingCountry, { portCity: this.localCity() });
    const containers: Container[] = [];
    if (p.chance(0.75)) {
      const n = Math.min(
        remaining,
        p.weighted<number>([
          [1, 6],
          [2, 3],
          [3, 1],
        ]),
      );
      for (let i = 0; i < n; i++) {
        const cargo = p.int(6000, 24000);
        containers.push({
          number: this.isoContainer(),
          isoType: p.pick(['45G1', '42G1']),
          seals: [`${p.letters(2)}${p.digits(7)}`],
          status: 'full',
          shipperOwned: false,
          verifiedGrossMassKg: cargo + 3900,
        });
      }
    } else {
      containers.push({
        kind: 'wagon',
        number: this.wagonNumber(p.pick(['2', '6'])),
        seals: [`${p.letters(2)}${p.digits(6)}`],
        status: 'full',
        shipperOwned: false,
      });
    }
    note.containers = containers.map((c) => c.number);
    note.goods = containers.map((c, i) =>
      this.goods(
        p.weighted(DRY),
        i + 1,
        c.kind === 'wagon' ? p.int(25000, 44000) : (c.verifiedGrossMassKg ?? 4000) - 3900,
        c.number,
      ),
    );
    this.totals(note);
    return { billsOfLading: [note], containers };
  }

  /** The truck's trailer under 1-3 CMRs (groupage of Afghan dried fruit, Pakistani textiles ...). */
  private roadConsignment(): ModalPart {
    const p = this.prng;
    const trailer: Container = {
      kind: 'trailer',
      // The semi-trailer of the voyage; a second unit is a drawbar trailer with its own plate.
      number: this.trailers === 0 ? (this.voyage.trailerRegistration as string) : this.trailerPlate(),
      seals: [`${p.letters(2)}${p.digits(6)}`],
      status: 'full',
      shipperOwned: false,
    };
    this.trailers++;
    const count = p.int(1, 3);
    const bls: BillOfLading[] = [];
    for (let i = 0; i < count; i++) {
      const from = p.weighted(ROAD_ORIGINS);
      const cmr = this.document(
        'cmr',
        this.unique(() => `${p.digits(7)}`),
        from,
        this.local(),
      );
      cmr.shipper = company(p, from.code.slice(0, 2), { portCity: from.city });
      cmr.consignee = company(p, this.reportingCountry, { portCity: this.localCity() });
      cmr.containers = [trailer.number];
      cmr.goods = [this.goods(p.weighted(DRY), 1, p.int(2000, Math.floor(22000 / count)), trailer.number)];
      this.totals(cmr);
      bls.push(cmr);
    }
    return { billsOfLading: bls, containers: [trailer] };
  }

  /** A forwarder's master AWB over house AWBs of e-commerce parcels, packed in 1-2 ULDs. */
  private airConsolidation(remaining: number): ModalPart {
    const p = this.prng;
    const from = p.pick(AIR_ORIGINS);
    const to = this.local();
    const master = this.document('air-waybill', this.awb(this.airline.prefix), from, to);
    master.shipper = forwarder(p, from.code.slice(0, 2), { portCity: from.city });
    master.consignee = forwarder(p, this.reportingCountry, { portCity: to.city });
    const ulds: Container[] = [];
    const houses: BillOfLading[] = [];
    const n = Math.min(remaining, p.chance(0.7) ? 1 : 2);
    for (let u = 0; u < n; u++) {
      const [type, maxKg] = p.weighted(ULD_TYPES.map(([t, kg, w]) => [[t, kg] as const, w] as const));
      const uld: Container = {
        kind: 'uld',
        number: this.uld(type),
        seals: [],
        status: 'full',
        shipperOwned: false,
      };
      ulds.push(uld);
      let load = 0;
      const count = p.int(5, 30);
      for (let h = 0; h < count; h++) {
        const parcel = p.pick(PARCELS);
        const kg =
          Math.round((parcel.kg[0] + p.next() * (parcel.kg[1] - parcel.kg[0])) * 10 * p.int(1, 12)) / 10;
        if (load + kg > maxKg * 0.9) break;
        load += kg;
        const house = this.document(
          'air-waybill',
          this.unique(() => `${from.code.slice(2)}${p.digits(8)}`),
          from,
          to,
          'house',
        );
        house.masterNumber = master.number;
        house.shipper = company(p, from.code.slice(0, 2), { portCity: from.city });
        // E-commerce: the buyer is a private person.
        house.consignee = person(p, this.reportingCountry, { portCity: to.city });
        house.containers = [uld.number];
        const item: GoodsItem = {
          lineNumber: 1,
          description: p.pick(parcel.descriptions),
          hsCode: parcel.hs,
          packageCount: p.int(1, 4),
          packageType: 'PK',
          grossWeightKg: kg,
          containers: [uld.number],
        };
        house.goods = [item];
        this.totals(house);
        houses.push(house);
      }
    }
    master.containers = ulds.map((u) => u.number);
    master.pieceCount = houses.reduce((sum, h) => sum + (h.pieceCount ?? 0), 0);
    master.grossWeightKg = Math.round(houses.reduce((sum, h) => sum + (h.grossWeightKg ?? 0), 0) * 10) / 10;
    return { billsOfLading: [master, ...houses], containers: ulds };
  }

  /** The document's declared totals: the sum of its goods lines. */
  private totals(bl: BillOfLading): void {
    bl.pieceCount = bl.goods.reduce((sum, g) => sum + (g.packageCount ?? 0), 0);
    bl.grossWeightKg = Math.round(bl.goods.reduce((sum, g) => sum + (g.grossWeightKg ?? 0), 0) * 10) / 10;
  }

  private local(): Place {
    return { code: this.reportingPort, city: this.localCity() };
  }

  private localCity(): string {
    return CITY[this.reportingPort] ?? this.reportingPort;
  }
}
