/**
 * Ocean carriers as they appear on manifests: their container owner codes (BIC prefixes),
 * B/L number shapes, vessel naming habits and flags; plus leasing companies whose boxes
 * every carrier uses, and vessel identity (IMO number with a valid check digit, call sign).
 */
import { containerCheckDigit, isValidImo } from '#core/identifiers/index.ts';
import type { Prng } from './prng.ts';

export interface Carrier {
  name: string;
  /** ISO 6346 owner codes of its own boxes. */
  ownerCodes: string[];
  billOfLading(prng: Prng): string;
  vesselName(prng: Prng): string;
  voyageNumber(prng: Prng): string;
  flags: string[];
  weight: number;
}

const CITIES = [
  'HAMBURG',
  'ROTTERDAM',
  'SINGAPORE',
  'SHANGHAI',
  'BUSAN',
  'ANTWERP',
  'VALENCIA',
  'DUBAI',
  'SANTOS',
  'DURBAN',
  'COLOMBO',
  'GENOA',
  'PIRAEUS',
  'TANGIER',
  'OSAKA',
  'KEELUNG',
];
const WORDS = [
  'HARMONY',
  'GRACE',
  'PRIDE',
  'TRIUMPH',
  'SPIRIT',
  'GLORY',
  'UNITY',
  'FORTUNE',
  'VICTORY',
  'DESTINY',
  'BLESSING',
  'ORIENT',
  'AURORA',
  'EMINENCE',
  'EXCELLENCE',
  'INTEGRITY',
];
const FEMALE = [
  'ANNA',
  'ELENA',
  'SOFIA',
  'GIULIA',
  'CLARA',
  'ISABELLA',
  'LUCIA',
  'MAYA',
  'NOA',
  'AMELIA',
  'TERESA',
  'ROSA',
  'CHIARA',
  'MIA',
  'FEDERICA',
  'ALINA',
];

function voyageDirected(prng: Prng): string {
  return `${prng.digits(3)}${prng.pick(['E', 'W', 'N', 'S'])}`;
}

export const carriers: readonly Carrier[] = [
  {
    name: 'MAERSK A/S',
    ownerCodes: ['MSKU', 'MRKU', 'MAEU', 'MRSU', 'PONU', 'MSAU'],
    billOfLading: (p) => `${p.int(2, 2)}${p.digits(8)}`,
    vesselName: (p) => (p.chance(0.5) ? `MAERSK ${p.pick(CITIES)}` : `${p.pick(FEMALE)} MAERSK`),
    voyageNumber: voyageDirected,
    flags: ['DK', 'SG', 'HK', 'LR'],
    weight: 14,
  },
  {
    name: 'MEDITERRANEAN SHIPPING COMPANY S.A.',
    ownerCodes: ['MSCU', 'MEDU', 'MSDU', 'MSMU', 'MSNU', 'FSCU'],
    billOfLading: (p) => `MEDU${p.letters(2)}${p.digits(6)}`,
    vesselName: (p) => `MSC ${p.pick(FEMALE)}${p.chance(0.3) ? ` ${p.pick(['II', 'III', 'V'])}` : ''}`,
    voyageNumber: (p) => `${p.letters(2)}${p.digits(3)}${p.pick(['A', 'R'])}`,
    flags: ['PA', 'LR', 'PT', 'MT'],
    weight: 18,
  },
  {
    name: 'CMA CGM S.A.',
    ownerCodes: ['CMAU', 'CGMU', 'ECMU', 'APZU', 'APHU', 'TLLU'],
    billOfLading: (p) => `${p.letters(3)}${p.digits(7)}`,
    vesselName: (p) =>
      `CMA CGM ${p.pick([...WORDS, 'TAGE', 'MARCO POLO', 'JACQUES SAADE', 'ORFEO', 'TENERE'])}`,
    voyageNumber: (p) => `0${p.letters(3)}${p.digits(1)}${p.pick(['N', 'S', 'E', 'W'])}${p.digits(1)}MA`,
    flags: ['FR', 'MT', 'SG', 'LR', 'BS'],
    weight: 13,
  },
  {
    name: 'COSCO SHIPPING LINES CO., LTD.',
    ownerCodes: ['CBHU', 'CSNU', 'CCLU', 'COSU', 'FCIU'],
    billOfLading: (p) => `COSU${p.digits(10)}`,
    vesselName: (p) =>
      `COSCO SHIPPING ${p.pick(['ARIES', 'TAURUS', 'GEMINI', 'LIBRA', 'VIRGO', 'PISCES', 'SAGITTARIUS', 'DANUBE', 'NILE', 'RHINE', 'HIMALAYAS', 'ALPS'])}`,
    voyageNumber: (p) => `${p.digits(3)}${p.pick(['E', 'W'])}`,
    flags: ['HK', 'CN', 'PA'],
    weight: 11,
  },
  {
    name: 'HAPAG-LLOYD AG',
    ownerCodes: ['HLXU', 'HLBU', 'UACU', 'HAMU', 'TCLU'],
    billOfLading: (p) => `HLCU${p.letters(3)}${p.digits(9)}`,
    vesselName: (p) => `${p.pick(CITIES)} EXPRESS`,
    voyageNumber: voyageDirected,
    flags: ['DE', 'MT', 'LR', 'SG'],
    weight: 9,
  },
  {
    name: 'OCEAN NETWORK EXPRESS PTE. LTD.',
    ownerCodes: ['ONEU', 'NYKU', 'MOLU', 'KKFU', 'TCNU'],
    billOfLading: (p) => `ONEY${p.letters(4)}${p.digits(8)}`,
    vesselName: (p) =>
      `ONE ${p.pick(['APUS', 'AQUILA', 'CYGNUS', 'HARMONY', 'INNOVATION', 'MINATO', 'STORK', 'TRIUMPH'])}`,
    voyageNumber: voyageDirected,
    flags: ['JP', 'PA', 'SG'],
    weight: 7,
  },
  {
    name: 'EVERGREEN MARINE CORP.',
    ownerCodes: ['EGHU', 'EISU', 'EMCU', 'EGSU', 'TEMU'],
    billOfLading: (p) => `EGLV${p.digits(12)}`,
    vesselName: (p) =>
      `EVER ${p.pick(['GIVEN', 'ACE', 'GLOBE', 'LOVELY', 'LEADING', 'BRAVE', 'CONCERT', 'FAITH', 'LAUREL', 'URBAN'])}`,
    voyageNumber: (p) => `${p.digits(4)}-${p.digits(3)}${p.pick(['E', 'W'])}`,
    flags: ['PA', 'SG', 'GB', 'TW'],
    weight: 8,
  },
  {
    name: 'ORIENT OVERSEAS CONTAINER LINE LTD.',
    ownerCodes: ['OOLU', 'OOCU'],
    billOfLading: (p) => `OOLU${p.digits(10)}`,
    vesselName: (p) => `OOCL ${p.pick(CITIES)}`,
    voyageNumber: voyageDirected,
    flags: ['HK'],
    weight: 4,
  },
  {
    name: 'YANG MING MARINE TRANSPORT CORP.',
    ownerCodes: ['YMLU', 'YMMU'],
    billOfLading: (p) => `YMLU${p.letters(1)}${p.digits(9)}`,
    vesselName: (p) => `YM ${p.pick(WORDS)}`,
    voyageNumber: voyageDirected,
    flags: ['LR', 'TW', 'SG'],
    weight: 4,
  },
  {
    name: 'HMM CO., LTD.',
    ownerCodes: ['HDMU', 'HMMU'],
    billOfLading: (p) => `HDMU${p.letters(4)}${p.digits(7)}`,
    vesselName: (p) =>
      `HMM ${p.pick(['ALGECIRAS', 'COPENHAGEN', 'DUBLIN', 'GDANSK', 'HAMBURG', 'OSLO', 'ROTTERDAM', 'SOUTHAMPTON', 'STOCKHOLM'])}`,
    voyageNumber: voyageDirected,
    flags: ['KR', 'PA', 'MH'],
    weight: 3,
  },
  {
    name: 'ZIM INTEGRATED SHIPPING SERVICES LTD.',
    ownerCodes: ['ZIMU', 'ZCSU', 'ZMOU'],
    billOfLading: (p) => `ZIMU${p.letters(3)}${p.digits(7)}`,
    vesselName: (p) => `ZIM ${p.pick(CITIES)}`,
    voyageNumber: voyageDirected,
    flags: ['LR', 'MT', 'PT'],
    weight: 3,
  },
  {
    name: 'PACIFIC INTERNATIONAL LINES PTE LTD',
    ownerCodes: ['PCIU', 'PILU'],
    billOfLading: (p) => `${p.letters(4)}${p.digits(8)}`,
    vesselName: (p) =>
      `KOTA ${p.pick(['LAYANG', 'PELANGI', 'MANIS', 'RAJIN', 'SEJATI', 'BAHAGIA', 'CARUM', 'LUKIS'])}`,
    voyageNumber: voyageDirected,
    flags: ['SG'],
    weight: 3,
  },
];

/** Leasing companies' owner codes: seen in every carrier's fleet and as shipper-owned boxes. */
export const LEASING_OWNER_CODES = [
  'TGHU',
  'TCNU',
  'TRLU',
  'SEGU',
  'CAIU',
  'BMOU',
  'GESU',
  'TEMU',
  'TRHU',
  'CXDU',
  'FBIU',
  'DFSU',
];

const CALL_SIGN_PREFIX: Record<string, string[]> = {
  PA: ['3E', '3F', 'H3', 'H8', 'H9', 'HO', 'HP'],
  LR: ['A8', 'D5', '5L'],
  MH: ['V7'],
  SG: ['9V', '9W'],
  MT: ['9H'],
  HK: ['VR'],
  BS: ['C6'],
  DK: ['OU', 'OW', 'OX', 'OZ'],
  DE: ['DA', 'DC', 'DD', 'DF'],
  PT: ['CQ'],
  FR: ['FM', 'FN'],
  GB: ['2A', 'MA', 'VQ'],
  CN: ['BO', 'BP', 'BR'],
  TW: ['BJ', 'BL'],
  JP: ['7J', '7K'],
  KR: ['D7', 'DS'],
  CY: ['5B', 'C4', 'H2', 'P3'],
  GR: ['SV', 'SX', 'SZ'],
};

export function callSign(prng: Prng, flag: string): string {
  const prefix = prng.pick(CALL_SIGN_PREFIX[flag] ?? ['V7']);
  return `${prefix}${prng.letters(2)}${prng.digits(prng.int(1, 2))}`;
}

/** A 7-digit IMO ship number (modern ships: 9xxxxxx) with a valid check digit. */
export function imoNumber(prng: Prng): string {
  const first6 = `9${prng.digits(5)}`;
  for (let d = 0; d <= 9; d++) if (isValidImo(`${first6}${d}`)) return `${first6}${d}`;
  throw new Error(`no check digit for ${first6}`);
}

/** An ISO 6346 container number with a valid check digit. */
export function containerNumber(prng: Prng, ownerCode: string): string {
  const first10 = `${ownerCode}${prng.digits(6)}`;
  return `${first10}${containerCheckDigit(first10)}`;
}

export function pickCarrier(prng: Prng): Carrier {
  return prng.weighted(carriers.map((c) => [c, c.weight] as const));
}
