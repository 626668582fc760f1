/**
 * Realistic synthetic manifests of one vessel call, deterministic by seed (same seed, same
 * bytes). Used by tests, benchmarks, demos and `pcu generate`. `generateManifestParts` yields
 * the manifest shipment by shipment so a 200,000-container CSV can be written without holding
 * the whole manifest; `generateManifest` collects it.
 */
import { isoTypeInfo } from '#core/identifiers/index.ts';
import type {
  BillOfLading,
  Container,
  GoodsItem,
  Manifest,
  Party,
  TransportMode,
  Voyage,
} from '#schemas/manifest.ts';
import type { WatchlistEntry } from '#schemas/watchlist.ts';
import {
  type Commodity,
  commodities,
  type Equipment,
  type LoadClass,
  officialDescription,
  VAGUE_DESCRIPTIONS,
} from './cargo-catalogue.ts';
import {
  type Carrier,
  callSign,
  carriers,
  containerNumber,
  imoNumber,
  LEASING_OWNER_CODES,
  pickCarrier,
} from './carriers.ts';
import {
  DEFAULT_MODAL_PORTS,
  type LandOrAirMode,
  ModalManifestBuilder,
  type PartBuilder,
} from './modal-manifest.ts';
import { company, companyName, forwarder, namedCountries, person } from './party-names.ts';
import {
  containerOf,
  countryCode,
  imoOf,
  type PlantedTruth,
  pickEntries,
  plantedSpelling,
} from './planting.ts';
import { Prng } from './prng.ts';
import {
  DEFAULT_REPORTING_PORTS,
  type Port,
  planRouting,
  portByCode,
  ports,
  type Routing,
} from './routes.ts';

export interface GenerateOptions {
  containers: number;
  seed: number | string;
  /** UN/LOCODE of the PCU's port; default: one of the usual CCP ports, chosen by seed. */
  reportingPort?: string;
  /**
   * Sea (default): a vessel call. Rail: a container train through Horgos or Dostyk; road: one
   * truck into Termez (1 or 2 trailers); air: e-commerce consolidations into Tashkent or Almaty.
   * `containers` counts the equipment: containers, wagons, trailers or ULDs.
   */
  mode?: TransportMode;
  /** Plant `count` entries of `entries` (a loaded watchlist) and return the ground truth. */
  plant?: { count: number; entries: WatchlistEntry[] };
}

export interface ManifestPart {
  billsOfLading: BillOfLading[];
  containers: Container[];
}

export interface ManifestParts {
  voyage: Voyage;
  /** Iterate once. */
  parts: Iterable<ManifestPart>;
  /** Filled while `parts` is iterated; complete afterwards. */
  truth: PlantedTruth[];
}

export class GeneratorOptionError extends Error {
  override name = 'GeneratorOptionError';
}

const ISO_TYPES: Record<Equipment, Record<LoadClass, [string, number][]>> = {
  dry: {
    light: [
      ['45G1', 5],
      ['42G1', 3],
      ['22G1', 2],
      ['L5G1', 0.3],
    ],
    medium: [
      ['22G1', 4],
      ['42G1', 3],
      ['45G1', 3],
    ],
    heavy: [
      ['22G1', 8],
      ['42G1', 2],
    ],
  },
  reefer: {
    light: [['45R1', 1]],
    medium: [
      ['45R1', 7],
      ['22R1', 3],
    ],
    heavy: [
      ['45R1', 7],
      ['22R1', 3],
    ],
  },
  tank: { light: [['22T1', 1]], medium: [['22T1', 1]], heavy: [['22T1', 1]] },
  open: {
    light: [['42U1', 1]],
    medium: [
      ['22U1', 1],
      ['42U1', 1],
    ],
    heavy: [
      ['22U1', 2],
      ['42U1', 1],
    ],
  },
  flat: {
    light: [['42P1', 1]],
    medium: [['42P1', 1]],
    heavy: [
      ['42P1', 2],
      ['22P1', 1],
    ],
  },
};

/** Cargo mass per box by load class and length (20' / 40'+), kg. */
const CARGO_KG: Record<LoadClass, { short: [number, number]; long: [number, number] }> = {
  light: { short: [2000, 7500], long: [3500, 12000] },
  medium: { short: [7000, 17000], long: [8000, 20000] },
  heavy: { short: [17000, 26500], long: [18000, 27500] },
};
/** kg per m3 by load class: how much volume a tonne takes. */
const DENSITY: Record<LoadClass, [number, number]> = {
  light: [120, 220],
  medium: [250, 450],
  heavy: [700, 1500],
};
/** Typical mass of one package by UN/ECE Rec. 21 code, kg. */
const PACKAGE_KG: Record<string, [number, number]> = {
  BG: [25, 60],
  CT: [6, 30],
  PK: [20, 90],
  PX: [350, 1000],
  DR: [180, 250],
  RO: [60, 400],
  BL: [60, 220],
  CS: [150, 900],
  BE: [1000, 3000],
  CL: [6000, 20000],
  NE: [500, 3000],
  PC: [8, 14],
  PL: [18, 25],
  VL: [15000, 25000],
};

const COMMODITY_WEIGHTS = commodities.map((c) => [c, c.weight] as const);
const COMMODITY_WEIGHTS_BY_EQUIPMENT = Object.fromEntries(
  (['dry', 'reefer', 'tank', 'open', 'flat'] as const).map((e) => [
    e,
    COMMODITY_WEIGHTS.filter(([c]) => c.equipment === e),
  ]),
) as Record<Equipment, (readonly [Commodity, number])[]>;

const FREIGHT_TERMS: [BillOfLading['freightTerms'] & string, number][] = [
  ['prepaid', 70],
  ['collect', 27],
  ['elsewhere', 3],
];

/** Realistic gross limits: most fleets rate 20' boxes at 30,480 kg and 40'+ at 32,500 kg. */
function grossLimit(iso: string): number {
  const info = isoTypeInfo(iso);
  if (!info) throw new Error(`unknown ISO type ${iso}`);
  return Math.min(info.maxGrossKg, info.lengthFt <= 20 ? 30_480 : 32_500);
}

function capacityM3(iso: string): number {
  const info = isoTypeInfo(iso);
  if (!info) return 33;
  if (info.lengthFt <= 20) return 33;
  if (info.lengthFt >= 45) return 86;
  return info.highCube ? 76 : 67;
}

interface Box {
  container: Container;
  cargoKg: number;
}

class ManifestBuilder implements PartBuilder {
  readonly voyage: Voyage;
  private readonly carrier: Carrier;
  private readonly routing: Routing;
  private readonly usedContainers = new Set<string>();
  private readonly usedBills = new Set<string>();
  private readonly reportingCountry: string;

  constructor(
    private readonly prng: Prng,
    reportingPort: Port,
  ) {
    const vp = new Prng(prng.int(0, 2 ** 31), 'voyage');
    this.carrier = pickCarrier(vp);
    this.routing = planRouting(vp, reportingPort);
    this.reportingCountry = reportingPort.locode.slice(0, 2);
    const flag = vp.pick(this.carrier.flags);
    const day = new Date(Date.UTC(2026, 0, 5 + vp.int(0, 360), vp.int(0, 23)));
    this.voyage = {
      vesselName: this.carrier.vesselName(vp),
      imoNumber: imoNumber(vp),
      callSign: callSign(vp, flag),
      flag,
      voyageNumber: this.carrier.voyageNumber(vp),
      carrier: this.carrier.name,
      eta: `${day.toISOString().slice(0, 13)}:00:00Z`,
      reportingPort: reportingPort.locode,
      previousPortsOfCall: this.routing.previousPortsOfCall.map((p) => p.locode),
    };
  }

  // --- identifiers ---

  private newContainerNumber(soc: boolean): string {
    const p = this.prng;
    for (;;) {
      let owner: string;
      if (soc) owner = p.chance(0.6) ? p.pick(LEASING_OWNER_CODES) : `${p.letters(3)}U`;
      else {
        const r = p.next();
        owner =
          r < 0.7
            ? p.pick(this.carrier.ownerCodes)
            : r < 0.9
              ? p.pick(LEASING_OWNER_CODES)
              : p.pick(p.pick(carriers).ownerCodes);
      }
      const n = containerNumber(p, owner);
      if (!this.usedContainers.has(n)) {
        this.usedContainers.add(n);
        return n;
      }
    }
  }

  private newBillNumber(house: boolean, origin: Port): string {
    for (;;) {
      const n = house
        ? `${origin.locode.slice(2)}${this.prng.letters(2)}${this.prng.digits(7)}`
        : this.carrier.billOfLading(this.prng);
      if (!this.usedBills.has(n)) {
        this.usedBills.add(n);
        return n;
      }
    }
  }

  private seals(): string[] {
    const p = this.prng;
    const carrierSeal = `${p.letters(2)}${p.digits(7)}`;
    if (p.chance(0.15)) return [carrierSeal, `${p.digits(8)}`];
    return [carrierSeal];
  }

  private box(iso: string, cargoKg: number, soc: boolean, empty = false): Box {
    const info = isoTypeInfo(iso);
    if (!info) throw new Error(`unknown ISO type ${iso}`);
    // Units of one type differ by a few percent from the nominal tare.
    const tare = Math.round((info.tareKg * (0.96 + this.prng.next() * 0.08)) / 10) * 10;
    const cargo = empty ? 0 : Math.max(50, Math.min(Math.round(cargoKg), grossLimit(iso) - tare));
    return {
      container: {
        number: this.newContainerNumber(soc),
        isoType: iso,
        seals: empty ? [] : this.seals(),
        status: empty ? 'empty' : 'full',
        shipperOwned: soc,
        verifiedGrossMassKg: tare + cargo,
      },
      cargoKg: cargo,
    };
  }

  // --- parties ---

  private shipper(origin: Port): Party {
    const p = this.prng;
    // Now and then the seller is not where the goods are shipped from (a trader elsewhere).
    const local = p.chance(0.88);
    const country = local ? origin.locode.slice(0, 2) : p.pick(namedCountries);
    const opts = local ? { portCity: origin.name } : {};
    return p.chance(0.04) ? person(p, country, opts) : company(p, country, opts);
  }

  private consignee(): Party {
    const p = this.prng;
    const r = this.routing.reportingPort;
    // A few consignees are abroad (transit cargo for a landlocked neighbour, a buyer's head office).
    const local = p.chance(0.97);
    const country = local ? this.reportingCountry : p.pick(namedCountries);
    const opts = local ? { portCity: r.name } : {};
    return p.chance(0.07) ? person(p, country, opts) : company(p, country, opts);
  }

  private partiesFor(bl: BillOfLading, origin: Port): void {
    const p = this.prng;
    bl.shipper = this.shipper(origin);
    const consignee = this.consignee();
    if (p.chance(0.04)) {
      // Negotiable B/L: the real buyer only appears as notify party.
      bl.consignee = {
        name: p.chance(0.5)
          ? 'TO ORDER'
          : `TO THE ORDER OF ${companyName(p, consignee.country ?? this.reportingCountry, { latinOnly: true }).toUpperCase()}`,
      };
      bl.notifyParties.push(consignee);
    } else {
      bl.consignee = consignee;
      const r = p.next();
      if (r < 0.35) bl.notifyParties.push({ ...consignee });
      else if (r < 0.65)
        bl.notifyParties.push(
          forwarder(p, this.reportingCountry, { portCity: this.routing.reportingPort.name }),
        );
      else if (r < 0.7)
        bl.notifyParties.push({
          name: 'SAME AS CONSIGNEE',
          country: consignee.country ?? this.reportingCountry,
        });
      if (p.chance(0.08))
        bl.notifyParties.push(
          company(p, this.reportingCountry, { portCity: this.routing.reportingPort.name }),
        );
    }
    if (p.chance(0.3)) bl.forwarder = forwarder(p, origin.locode.slice(0, 2), { portCity: origin.name });
  }

  // --- B/Ls ---

  private bill(
    type: 'master' | 'house',
    origin: Port,
    transshipment: Port[],
    masterNumber?: string,
  ): BillOfLading {
    const p = this.prng;
    const r = this.routing.reportingPort;
    const bl: BillOfLading = {
      number: this.newBillNumber(type === 'house', origin),
      type,
      notifyParties: [],
      transshipmentPorts: transshipment.map((t) => t.locode),
      containers: [],
      goods: [],
    };
    if (masterNumber) bl.masterNumber = masterNumber;
    if (p.chance(0.4)) bl.placeOfReceipt = origin.locode;
    bl.portOfLoading = origin.locode;
    bl.portOfDischarge = r.locode;
    if (p.chance(0.4)) bl.placeOfDelivery = r.locode;
    bl.freightTerms = p.weighted(FREIGHT_TERMS);
    return bl;
  }

  private goodsItem(
    lineNumber: number,
    c: Commodity,
    weightKg: number,
    containers: string[],
    lcl = false,
    capacity = Number.POSITIVE_INFINITY,
  ): GoodsItem {
    const p = this.prng;
    const vague = !c.dangerousGoodsUn && p.chance(lcl ? 0.05 : 0.02);
    const packageType = p.pick(c.packages);
    const [minKg, maxKg] = PACKAGE_KG[packageType] ?? [10, 50];
    const packageCount = Math.max(1, Math.round(weightKg / (minKg + p.next() * (maxKg - minKg))));
    const [dMin, dMax] = DENSITY[c.load];
    // Light cargo cubes out: never more volume than the boxes hold.
    const volume = Math.min(weightKg / (dMin + p.next() * (dMax - dMin)), capacity);
    const item: GoodsItem = {
      lineNumber,
      description: vague
        ? p.pick(VAGUE_DESCRIPTIONS)
        : p.chance(0.15)
          ? (officialDescription(c.hs) ?? p.pick(c.descriptions))
          : p.pick(c.descriptions),
      containers,
    };
    if (!vague || p.chance(0.3)) {
      const ext = p.next();
      item.hsCode = ext < 0.7 ? c.hs : ext < 0.85 ? `${c.hs}${p.digits(2)}` : `${c.hs}${p.digits(4)}`;
    }
    item.packageCount = packageCount;
    item.packageType = packageType;
    item.grossWeightKg = Math.round(weightKg * 10) / 10;
    item.volumeM3 = Math.round(volume * 1000) / 1000;
    item.marks = p.chance(0.45)
      ? 'N/M'
      : `${p.letters(3)}/${this.routing.reportingPort.name.toUpperCase()}/C/NO. 1-${packageCount}`;
    if (c.dangerousGoodsUn) item.dangerousGoodsUn = c.dangerousGoodsUn;
    return item;
  }

  private commodity(equipment?: Equipment): Commodity {
    return this.prng.weighted(equipment ? COMMODITY_WEIGHTS_BY_EQUIPMENT[equipment] : COMMODITY_WEIGHTS);
  }

  /** One shipper's full containers under one master B/L. */
  fcl(maxContainers: number): ManifestPart {
    const p = this.prng;
    const { portOfLoading, transshipment } = this.routing.route(p);
    const bl = this.bill('master', portOfLoading, transshipment);
    this.partiesFor(bl, portOfLoading);
    const n = Math.min(
      maxContainers,
      p
        .weighted<[number, number]>([
          [[1, 1], 55],
          [[2, 2], 18],
          [[3, 3], 8],
          [[4, 5], 9],
          [[6, 10], 7],
          [[11, 30], 3],
        ])
        .reduce((lo, hi) => p.int(lo, hi)),
    );
    const main = this.commodity();
    const iso = p.weighted(ISO_TYPES[main.equipment][main.load]);
    const soc = p.chance(0.04);
    const range = CARGO_KG[main.load][(isoTypeInfo(iso)?.lengthFt ?? 20) <= 20 ? 'short' : 'long'];
    const boxes: Box[] = [];
    for (let i = 0; i < n; i++) boxes.push(this.box(iso, p.int(range[0], range[1]), soc));
    // Goods lines: one box may hold two lines; a light shipment in a few boxes is often declared
    // as one line over all of them (goods and containers are many-to-many); otherwise each box
    // gets its own line, as most carriers' manifests do.
    const totalCargo = boxes.reduce((sum, b) => sum + b.cargoKg, 0);
    const perLine: { commodity: Commodity; boxes: Box[]; share: number[] }[] = [];
    if (n === 1 && p.chance(0.35)) {
      const second = p.chance(0.8) ? main : this.commodity(main.equipment);
      const share = Math.round((0.3 + p.next() * 0.4) * 100) / 100;
      perLine.push({ commodity: main, boxes: [boxes[0] as Box], share: [share] });
      perLine.push({ commodity: second, boxes: [boxes[0] as Box], share: [1 - share] });
    } else if (n > 1 && n <= 4 && totalCargo <= 30_000 && p.chance(0.4)) {
      perLine.push({ commodity: main, boxes, share: boxes.map(() => 1) });
    } else {
      for (const b of boxes) {
        perLine.push({
          commodity: p.chance(0.9) ? main : this.commodity(main.equipment),
          boxes: [b],
          share: [1],
        });
      }
    }
    bl.containers = boxes.map((b) => b.container.number);
    bl.goods = perLine.map((entry, k) => {
      const c = entry.commodity;
      const weight = entry.boxes.reduce((sum, b, j) => sum + b.cargoKg * (entry.share[j] ?? 0), 0);
      const space = entry.share.reduce((sum, share) => sum + share, 0) * capacityM3(iso) * 0.97;
      return this.goodsItem(
        k + 1,
        c,
        weight,
        entry.boxes.map((b) => b.container.number),
        false,
        space,
      );
    });
    // Each box's VGM is its tare plus its cargo, which is what its goods lines' shares add up to.
    return { billsOfLading: [bl], containers: boxes.map((b) => b.container) };
  }

  /** A forwarder's consolidation: a master B/L over 1-2 boxes, house B/Ls for each shipper. */
  consolidation(maxContainers: number): ManifestPart {
    const p = this.prng;
    const { portOfLoading, transshipment } = this.routing.route(p);
    const master = this.bill('master', portOfLoading, transshipment);
    const originCountry = portOfLoading.locode.slice(0, 2);
    master.shipper = forwarder(p, originCountry, { portCity: portOfLoading.name });
    master.consignee = forwarder(p, this.reportingCountry, { portCity: this.routing.reportingPort.name });
    master.notifyParties.push({ ...master.consignee });
    const n = Math.min(maxContainers, p.chance(0.8) ? 1 : 2);
    const iso = p.weighted<string>([
      ['45G1', 4],
      ['42G1', 3],
      ['22G1', 3],
    ]);
    const limit = grossLimit(iso);
    const houses: BillOfLading[] = [];
    const boxes: Box[] = [];
    for (let i = 0; i < n; i++) {
      const box = this.box(iso, 0, false);
      const tare = (box.container.verifiedGrossMassKg ?? 0) - box.cargoKg;
      let cargo = 0;
      const count = p.int(3, 14);
      for (let h = 0; h < count; h++) {
        const c = this.commodity('dry');
        const kg = p.int(80, c.load === 'heavy' ? 4500 : 2500);
        if (tare + cargo + kg > limit) break;
        cargo += kg;
        const house = this.bill('house', portOfLoading, transshipment, master.number);
        this.partiesFor(house, portOfLoading);
        house.containers = [box.container.number];
        house.goods = [this.goodsItem(1, c, kg, [box.container.number], true, capacityM3(iso) / 3)];
        houses.push(house);
      }
      box.cargoKg = cargo;
      box.container.verifiedGrossMassKg = tare + cargo;
      boxes.push(box);
    }
    master.containers = boxes.map((b) => b.container.number);
    return { billsOfLading: [master, ...houses], containers: boxes.map((b) => b.container) };
  }

  /** Empty boxes repositioned by the carrier under its own B/L. */
  empties(maxContainers: number): ManifestPart {
    const p = this.prng;
    const origin = this.routing.previousPortsOfCall[0] ?? this.routing.reportingPort;
    const bl = this.bill('master', origin, []);
    const agent: Party = {
      name: `${this.carrier.name.replace(/\s+(A\/S|S\.A\.|AG|CO\., LTD\.|LTD\.|CORP\.|PTE\.? LTD\.?)$/, '')} AGENCY`,
      country: origin.locode.slice(0, 2),
    };
    bl.shipper = agent;
    bl.consignee = { name: agent.name, country: this.reportingCountry };
    const n = Math.min(maxContainers, p.int(2, 12));
    const iso = p.weighted<string>([
      ['22G1', 4],
      ['42G1', 2],
      ['45G1', 3],
      ['45R1', 1],
    ]);
    const boxes = Array.from({ length: n }, () => this.box(iso, 0, false, true));
    bl.containers = boxes.map((b) => b.container.number);
    bl.goods = [
      {
        lineNumber: 1,
        description: 'EMPTY CONTAINERS',
        packageCount: n,
        packageType: 'CN',
        containers: [...bl.containers],
      },
    ];
    return { billsOfLading: [bl], containers: boxes.map((b) => b.container) };
  }

  next(remaining: number): ManifestPart {
    const kind = this.prng.weighted<'fcl' | 'lcl' | 'empty'>([
      ['fcl', 88],
      ['lcl', 10],
      ['empty', 1.2],
    ]);
    if (kind === 'lcl') return this.consolidation(remaining);
    if (kind === 'empty' && remaining >= 2) return this.empties(remaining);
    return this.fcl(remaining);
  }
}

/** Rebuilds a B/L with its keys in schema order, so written JSON reads naturally. */
function inSchemaOrder(bl: BillOfLading): BillOfLading {
  const out: BillOfLading = { number: bl.number } as BillOfLading;
  if (bl.documentType) out.documentType = bl.documentType;
  out.type = bl.type;
  if (bl.masterNumber) out.masterNumber = bl.masterNumber;
  if (bl.shipper) out.shipper = bl.shipper;
  if (bl.consignee) out.consignee = bl.consignee;
  out.notifyParties = bl.notifyParties;
  if (bl.forwarder) out.forwarder = bl.forwarder;
  if (bl.placeOfReceipt) out.placeOfReceipt = bl.placeOfReceipt;
  if (bl.portOfLoading) out.portOfLoading = bl.portOfLoading;
  out.transshipmentPorts = bl.transshipmentPorts;
  if (bl.portOfDischarge) out.portOfDischarge = bl.portOfDischarge;
  if (bl.placeOfDelivery) out.placeOfDelivery = bl.placeOfDelivery;
  if (bl.freightTerms) out.freightTerms = bl.freightTerms;
  out.containers = bl.containers;
  const goods = bl.goods.map((g) => {
    const item: GoodsItem = { lineNumber: g.lineNumber, description: g.description } as GoodsItem;
    if (g.hsCode !== undefined) item.hsCode = g.hsCode;
    if (g.packageCount !== undefined) item.packageCount = g.packageCount;
    if (g.packageType !== undefined) item.packageType = g.packageType;
    if (g.grossWeightKg !== undefined) item.grossWeightKg = g.grossWeightKg;
    if (g.volumeM3 !== undefined) item.volumeM3 = g.volumeM3;
    if (g.marks !== undefined) item.marks = g.marks;
    if (g.dangerousGoodsUn !== undefined) item.dangerousGoodsUn = g.dangerousGoodsUn;
    item.containers = g.containers;
    return item;
  });
  out.goods = goods;
  if (bl.pieceCount !== undefined) out.pieceCount = bl.pieceCount;
  if (bl.grossWeightKg !== undefined) out.grossWeightKg = bl.grossWeightKg;
  return out;
}

function reportingPortOf(prng: Prng, code: string | undefined): Port {
  if (!code) return portByCode(prng.pick(DEFAULT_REPORTING_PORTS)) as Port;
  const normalised = code.toUpperCase().replace(/\s+/g, '');
  const known = portByCode(normalised);
  if (known) return known;
  // A port the generator has no coordinates for: place it at a container port of its country.
  const sameCountry = ports.find((p) => p.locode.startsWith(normalised.slice(0, 2)));
  if (sameCountry && /^[A-Z]{2}[A-Z0-9]{3}$/.test(normalised)) {
    return { ...sameCountry, locode: normalised, name: normalised, hub: false };
  }
  throw new GeneratorOptionError(
    `no container port known for reporting port "${code}": use a UN/LOCODE of a country with container ports (e.g. KEMBA, PKKHI)`,
  );
}

// --- planting --------------------------------------------------------------------------------

interface PendingPlant {
  entry: WatchlistEntry;
  /** Container ordinal at which to plant. */
  at: number;
}

function plantVessel(prng: Prng, entry: WatchlistEntry, voyage: Voyage, truth: PlantedTruth[]): void {
  const imo = imoOf(entry) as string;
  const { value, variant } = plantedSpelling(prng, entry);
  voyage.vesselName = value.toUpperCase();
  voyage.imoNumber = imo;
  const callSignId = entry.identifiers.find((i) => i.type.toLowerCase() === 'call-sign');
  if (callSignId) voyage.callSign = callSignId.value.toUpperCase().replace(/\s+/g, '');
  truth.push({
    entryId: entry.id,
    list: entry.list,
    entryType: entry.type,
    entryName: entry.name,
    role: 'vessel',
    plantedValue: voyage.vesselName,
    variant: variant === 'case-and-punctuation' ? 'exact' : variant,
    containers: [],
    imoNumber: imo,
  });
}

/** Roles already planted per B/L number, and planted container numbers: plants never overwrite each other. */
interface PlantLedger {
  roles: Map<string, Set<string>>;
  containers: Set<string>;
}

/** Whether a unit is an ISO 6346 container (absent kind: a container). */
function isIsoContainer(c: Container): boolean {
  return c.kind === undefined || c.kind === 'container';
}

/** Sea and rail manifests carry ISO containers, so container entries can be planted. */
function plantsContainers(mode: TransportMode): boolean {
  return mode === 'sea' || mode === 'rail';
}

/** The entries a manifest of the mode can carry: vessels only at sea, containers only where there are ISO containers. */
function plantableIn(mode: TransportMode, entries: WatchlistEntry[]): WatchlistEntry[] {
  if (mode === 'sea') return entries;
  return entries.filter((e) => e.type !== 'vessel' && (plantsContainers(mode) || e.type !== 'container'));
}

function modalBuilder(prng: Prng, mode: LandOrAirMode, opts: GenerateOptions): PartBuilder {
  if (mode === 'road' && opts.containers > 2) {
    throw new GeneratorOptionError(
      `a road manifest is one truck: containers (its trailers) must be 1 or 2, got ${opts.containers}`,
    );
  }
  let reportingPort: string;
  if (opts.reportingPort) {
    reportingPort = opts.reportingPort.toUpperCase().replace(/\s+/g, '');
    if (!/^[A-Z]{2}[A-Z0-9]{3}$/.test(reportingPort))
      throw new GeneratorOptionError(`reporting port "${opts.reportingPort}" is not a UN/LOCODE`);
  } else reportingPort = new Prng(opts.seed, 'reporting-port').pick(DEFAULT_MODAL_PORTS[mode]);
  return new ModalManifestBuilder(prng, mode, reportingPort);
}

function plantInPart(
  prng: Prng,
  entry: WatchlistEntry,
  part: ManifestPart,
  truth: PlantedTruth[],
  ledger: PlantLedger,
): boolean {
  if (entry.type === 'container') {
    const target = part.containers.find(
      (c) => c.status === 'full' && isIsoContainer(c) && !ledger.containers.has(c.number),
    );
    if (!target) return false;
    const number = containerOf(entry) as string;
    const old = target.number;
    ledger.containers.add(number);
    target.number = number;
    for (const bl of part.billsOfLading) {
      bl.containers = bl.containers.map((c) => (c === old ? number : c));
      for (const g of bl.goods) g.containers = g.containers.map((c) => (c === old ? number : c));
    }
    const bl = part.billsOfLading.find((b) => b.containers.includes(number));
    truth.push({
      entryId: entry.id,
      list: entry.list,
      entryType: entry.type,
      entryName: entry.name,
      role: 'container',
      plantedValue: number,
      variant: 'exact',
      ...(bl ? { billOfLading: bl.number } : {}),
      containers: [number],
    });
    return true;
  }
  // Parties go on B/Ls carrying goods (house B/Ls in a consolidation, not the master).
  const candidates = part.billsOfLading.filter(
    (b) =>
      b.goods.length > 0 &&
      b.goods[0]?.description !== 'EMPTY CONTAINERS' &&
      (part.billsOfLading.length === 1 || b.type === 'house'),
  );
  if (candidates.length === 0) return false;
  const bl = prng.pick(candidates);
  const used = ledger.roles.get(bl.number) ?? new Set<string>();
  ledger.roles.set(bl.number, used);
  // A B/L has one shipper and one consignee; any number of notify parties.
  const role = prng.weighted<'shipper' | 'consignee' | 'notify'>([
    ['shipper', used.has('shipper') ? 0 : 4],
    ['consignee', used.has('consignee') ? 0 : 4],
    ['notify', 2],
  ]);
  used.add(role);
  const { value, variant } = plantedSpelling(prng, entry);
  const party: Party = { name: value };
  const address = entry.addresses[0];
  const country = entry.countries.map(countryCode).find((c) => c !== undefined);
  if (address) party.address = address;
  if (country) party.country = country;
  // In a shipper or consignee slot the generated address, country and tax number stay unless
  // the list gives its own: a listed address without a country drops the generated country.
  const merge = (generated: Party | undefined): Party => {
    const merged: Party = { ...generated, ...party };
    if (address && !country) delete merged.country;
    return merged;
  };
  if (role === 'shipper') bl.shipper = merge(bl.shipper);
  else if (role === 'consignee') bl.consignee = merge(bl.consignee);
  else bl.notifyParties = [party, ...bl.notifyParties];
  truth.push({
    entryId: entry.id,
    list: entry.list,
    entryType: entry.type,
    entryName: entry.name,
    role,
    plantedValue: value,
    variant,
    billOfLading: bl.number,
    containers: [...bl.containers],
  });
  return true;
}

// --- entry points ----------------------------------------------------------------------------

export function generateManifestParts(opts: GenerateOptions): ManifestParts {
  if (!Number.isInteger(opts.containers) || opts.containers < 1) {
    throw new GeneratorOptionError(`containers must be a whole number of at least 1, got ${opts.containers}`);
  }
  const prng = new Prng(opts.seed, 'manifest');
  const mode = opts.mode ?? 'sea';
  const builder: PartBuilder =
    mode === 'sea'
      ? new ManifestBuilder(prng, reportingPortOf(new Prng(opts.seed, 'reporting-port'), opts.reportingPort))
      : modalBuilder(prng, mode, opts);
  const voyage = builder.voyage;
  const truth: PlantedTruth[] = [];

  // Planting draws from its own stream so the rest of the manifest is the same with or without it.
  const plantPrng = new Prng(opts.seed, 'plant');
  const pending: PendingPlant[] = [];
  if (opts.plant && opts.plant.count > 0) {
    let picked: WatchlistEntry[];
    try {
      picked = pickEntries(plantPrng, plantableIn(mode, opts.plant.entries), opts.plant.count);
    } catch (err) {
      throw new GeneratorOptionError((err as Error).message);
    }
    for (const entry of picked) {
      if (entry.type === 'vessel') plantVessel(plantPrng, entry, voyage, truth);
      else pending.push({ entry, at: plantPrng.int(0, opts.containers - 1) });
    }
    pending.sort((a, b) => a.at - b.at);
  }

  const ledger: PlantLedger = { roles: new Map(), containers: new Set() };
  // Container entries go into ISO containers; in a road or air manifest (no ISO containers, no
  // container entries) any full unit hosts the parties.
  const canHost = (part: ManifestPart) =>
    part.containers.some((c) => c.status === 'full' && (!plantsContainers(mode) || isIsoContainer(c)));

  function* parts(): Generator<ManifestPart> {
    let produced = 0;
    // The latest part that can host a plant is held back (with any empties after it), so
    // plants still due at the end always have a place.
    let held: ManifestPart[] = [];
    while (produced < opts.containers) {
      const part = builder.next(opts.containers - produced);
      produced += part.containers.length;
      for (const x of pending.filter((p) => p.at < produced)) {
        if (plantInPart(plantPrng, x.entry, part, truth, ledger)) pending.splice(pending.indexOf(x), 1);
      }
      if (canHost(part)) {
        for (const h of held) yield finish(h);
        held = [];
      }
      held.push(part);
    }
    const host = held.find(canHost);
    for (const x of [...pending]) {
      if (host && plantInPart(plantPrng, x.entry, host, truth, ledger)) pending.splice(pending.indexOf(x), 1);
    }
    if (pending.length > 0) throw new Error(`could not plant ${pending.length} entries`);
    for (const h of held) yield finish(h);
  }

  function finish(part: ManifestPart): ManifestPart {
    part.billsOfLading = part.billsOfLading.map(inSchemaOrder);
    return part;
  }

  return { voyage, parts: parts(), truth };
}

export function generateManifest(opts: GenerateOptions): { manifest: Manifest; truth?: PlantedTruth[] } {
  const { voyage, parts, truth } = generateManifestParts(opts);
  const manifest: Manifest = { voyage, billsOfLading: [], containers: [] };
  for (const part of parts) {
    for (const bl of part.billsOfLading) manifest.billsOfLading.push(bl);
    for (const c of part.containers) manifest.containers.push(c);
  }
  return opts.plant ? { manifest, truth } : { manifest };
}
