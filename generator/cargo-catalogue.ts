/**
 * A curated mix of common containerised trade: HS 2022 subheadings with the plain words
 * shippers use for them, how they are packed, how heavily they load a box, and which box
 * they travel in. The official HS description (data/reference/hs2022-descriptions.json)
 * is used instead of the trade wording now and then, as some shippers do.
 */
import hsDescriptions from '../data/reference/hs2022-descriptions.json' with { type: 'json' };

/** light: cubes out before it weighs out (furniture); heavy: weighs out (tiles, rice). */
export type LoadClass = 'light' | 'medium' | 'heavy';
export type Equipment = 'dry' | 'reefer' | 'tank' | 'open' | 'flat';

export interface Commodity {
  hs: string;
  descriptions: string[];
  packages: string[];
  load: LoadClass;
  equipment: Equipment;
  /** Relative frequency. */
  weight: number;
  /** UN dangerous-goods number, when the commodity is always dangerous goods. */
  dangerousGoodsUn?: string;
}

const C = (
  hs: string,
  descriptions: string[],
  packages: string[],
  load: LoadClass,
  weight: number,
  equipment: Equipment = 'dry',
  dangerousGoodsUn?: string,
): Commodity => ({
  hs,
  descriptions,
  packages,
  load,
  equipment,
  weight,
  ...(dangerousGoodsUn ? { dangerousGoodsUn } : {}),
});

export const commodities: readonly Commodity[] = [
  // Furniture and home
  C(
    '940360',
    ['WOODEN FURNITURE', 'KD WOODEN FURNITURE', 'DINING TABLES AND CHAIRS OF WOOD'],
    ['CT', 'PK'],
    'light',
    6,
  ),
  C('940350', ['WOODEN BEDROOM FURNITURE', 'WARDROBES AND BEDSIDE CABINETS'], ['CT', 'PK'], 'light', 3),
  C('940161', ['UPHOLSTERED SOFAS', 'SOFA SETS WITH WOODEN FRAME'], ['PK', 'CT'], 'light', 3),
  C('940171', ['OFFICE CHAIRS METAL FRAME UPHOLSTERED'], ['CT'], 'light', 2),
  C('940320', ['METAL FURNITURE', 'STEEL SHELVING UNITS'], ['CT', 'PK'], 'medium', 2),
  C('940421', ['FOAM MATTRESSES'], ['PK', 'BL'], 'light', 1),
  C('691110', ['PORCELAIN TABLEWARE', 'CERAMIC DINNER SETS'], ['CT'], 'medium', 1),
  C('701337', ['GLASSWARE', 'DRINKING GLASSES'], ['CT'], 'medium', 1),
  C('732393', ['STAINLESS STEEL KITCHENWARE', 'COOKWARE SETS'], ['CT'], 'medium', 1),
  C('392410', ['PLASTIC TABLEWARE AND KITCHENWARE', 'PLASTIC HOUSEHOLD ARTICLES'], ['CT'], 'light', 2),
  // Textiles, apparel, footwear
  C('610910', ['COTTON T-SHIRTS', "MEN'S KNITTED T-SHIRTS 100% COTTON"], ['CT'], 'light', 4),
  C('620342', ["MEN'S COTTON TROUSERS", 'DENIM JEANS'], ['CT'], 'light', 3),
  C('611020', ['COTTON SWEATERS AND PULLOVERS'], ['CT'], 'light', 2),
  C('520812', ['WOVEN COTTON FABRIC UNBLEACHED', 'GREY COTTON FABRIC'], ['RO', 'BL'], 'medium', 2),
  C('540752', ['POLYESTER WOVEN FABRIC DYED'], ['RO'], 'medium', 2),
  C('630260', ['COTTON TERRY TOWELS', 'BATH TOWELS'], ['CT', 'BL'], 'light', 2),
  C('630533', ['WOVEN POLYPROPYLENE BAGS', 'PP WOVEN SACKS'], ['BL'], 'medium', 1),
  C('640299', ['SPORTS SHOES', 'FOOTWEAR WITH RUBBER SOLES'], ['CT'], 'light', 3),
  C('640399', ['LEATHER SHOES'], ['CT'], 'light', 1),
  C('420292', ['TRAVEL BAGS', 'BACKPACKS'], ['CT'], 'light', 2),
  // Machinery, electrical, vehicles
  C('847130', ['LAPTOP COMPUTERS', 'PORTABLE COMPUTERS'], ['CT', 'PX'], 'light', 2),
  C('851713', ['MOBILE PHONES', 'SMARTPHONES'], ['CT'], 'light', 2),
  C('852872', ['LED TELEVISIONS', 'TV SETS'], ['CT'], 'light', 2),
  C('841510', ['SPLIT AIR CONDITIONERS', 'AIR CONDITIONING UNITS'], ['CT'], 'medium', 2),
  C('841810', ['REFRIGERATORS', 'REFRIGERATOR-FREEZERS'], ['CT'], 'light', 2),
  C('845011', ['WASHING MACHINES'], ['CT'], 'light', 1),
  C('850440', ['INVERTERS', 'POWER SUPPLIES'], ['CT', 'PX'], 'medium', 1),
  C('850760', ['LITHIUM-ION BATTERIES'], ['CT', 'PX'], 'medium', 1, 'dry', '3480'),
  C('854442', ['ELECTRIC CABLES', 'INSULATED COPPER WIRE'], ['RO', 'DR', 'PX'], 'heavy', 2),
  C('940542', ['LED LIGHTING FIXTURES', 'LED PANEL LIGHTS'], ['CT'], 'light', 2),
  C('841451', ['ELECTRIC FANS', 'STAND FANS'], ['CT'], 'light', 1),
  C('850211', ['DIESEL GENERATING SETS', 'GENERATOR SETS'], ['CS', 'PK'], 'heavy', 1),
  C('847989', ['INDUSTRIAL MACHINERY', 'MACHINE PARTS AND ACCESSORIES'], ['CS', 'PK'], 'heavy', 2, 'flat'),
  C('848180', ['VALVES AND TAPS', 'BRASS VALVES'], ['CT', 'PX'], 'heavy', 1),
  C('843149', ['SPARE PARTS FOR EXCAVATORS'], ['CS', 'PX'], 'heavy', 1),
  C('870899', ['AUTO SPARE PARTS', 'MOTOR VEHICLE PARTS'], ['CT', 'PX'], 'medium', 4),
  C('401110', ['NEW PASSENGER CAR TYRES', 'RADIAL TYRES'], ['PC', 'NE'], 'medium', 3),
  C('871120', ['MOTORCYCLES CKD', 'MOTORCYCLES IN CKD CONDITION'], ['CS', 'CT'], 'medium', 2),
  C('871200', ['BICYCLES'], ['CT'], 'light', 1),
  C('820559', ['HAND TOOLS'], ['CT'], 'heavy', 1),
  C('830140', ['PADLOCKS AND DOOR LOCKS'], ['CT'], 'heavy', 1),
  // Plastics, chemicals, paper
  C('392690', ['PLASTIC ARTICLES', 'PLASTIC PRODUCTS'], ['CT', 'PK'], 'light', 3),
  C('390110', ['POLYETHYLENE GRANULES LDPE', 'LOW DENSITY POLYETHYLENE RESIN'], ['BG', 'PX'], 'heavy', 3),
  C('390210', ['POLYPROPYLENE HOMOPOLYMER', 'PP RESIN'], ['BG'], 'heavy', 2),
  C('392321', ['PLASTIC SHOPPING BAGS', 'POLYETHYLENE BAGS'], ['CT', 'BL'], 'medium', 1),
  C('340250', ['DETERGENT POWDER', 'WASHING POWDER'], ['CT', 'BG'], 'heavy', 2),
  C('330499', ['COSMETICS', 'SKIN CARE PRODUCTS'], ['CT'], 'medium', 2),
  C('330300', ['PERFUMES'], ['CT'], 'medium', 1, 'dry', '1266'),
  C('320890', ['PAINTS AND VARNISHES'], ['DR', 'PL'], 'heavy', 1, 'dry', '1263'),
  C('281511', ['CAUSTIC SODA FLAKES'], ['BG'], 'heavy', 1, 'dry', '1823'),
  C('290511', ['METHANOL'], ['VL'], 'heavy', 1, 'tank', '1230'),
  C('360410', ['FIREWORKS'], ['CT'], 'medium', 1, 'dry', '0336'),
  C('300490', ['PHARMACEUTICAL PRODUCTS', 'MEDICAMENTS'], ['CT', 'PX'], 'medium', 2),
  C('481910', ['CORRUGATED CARTONS', 'CARTON BOXES'], ['PX', 'BE'], 'medium', 1),
  C('470321', ['BLEACHED WOOD PULP'], ['BE'], 'heavy', 1),
  C('480256', ['COPY PAPER A4'], ['CT', 'PX'], 'heavy', 2),
  // Foodstuffs
  C('100630', ['RICE', 'WHITE RICE LONG GRAIN', 'PARBOILED RICE'], ['BG'], 'heavy', 5),
  C('090111', ['GREEN COFFEE BEANS', 'RAW COFFEE'], ['BG'], 'heavy', 2),
  C('090240', ['BLACK TEA'], ['BG', 'CT'], 'medium', 1),
  C('170199', ['REFINED SUGAR', 'WHITE SUGAR'], ['BG'], 'heavy', 2),
  C('110100', ['WHEAT FLOUR'], ['BG'], 'heavy', 2),
  C('151190', ['REFINED PALM OIL', 'RBD PALM OLEIN'], ['CT', 'DR'], 'heavy', 2),
  C('160414', ['CANNED TUNA'], ['CT'], 'heavy', 2),
  C('200290', ['TOMATO PASTE'], ['DR', 'CT'], 'heavy', 2),
  C('190230', ['INSTANT NOODLES'], ['CT'], 'light', 2),
  C('210690', ['FOOD PREPARATIONS', 'FOOD SUPPLEMENTS'], ['CT'], 'medium', 1),
  C('220421', ['RED WINE IN BOTTLES', 'WINE'], ['CT'], 'heavy', 1),
  C('220300', ['BEER IN CANS', 'BEER'], ['CT'], 'heavy', 1),
  C('080132', ['CASHEW NUTS SHELLED'], ['CT', 'BG'], 'heavy', 1),
  C('080390', ['FRESH BANANAS'], ['CT'], 'heavy', 2, 'reefer'),
  C('080510', ['FRESH ORANGES'], ['CT'], 'heavy', 1, 'reefer'),
  C('020230', ['FROZEN BONELESS BEEF'], ['CT'], 'heavy', 2, 'reefer'),
  C('020714', ['FROZEN CHICKEN LEG QUARTERS', 'FROZEN CHICKEN CUTS'], ['CT'], 'heavy', 3, 'reefer'),
  C('030617', ['FROZEN SHRIMPS', 'FROZEN VANNAMEI SHRIMP'], ['CT'], 'heavy', 1, 'reefer'),
  C('030389', ['FROZEN FISH', 'FROZEN MACKEREL'], ['CT'], 'heavy', 1, 'reefer'),
  // Building materials, metals, scrap
  C('690721', ['CERAMIC FLOOR TILES', 'PORCELAIN TILES'], ['PX', 'CT'], 'heavy', 4),
  C('252329', ['PORTLAND CEMENT'], ['BG'], 'heavy', 1),
  C('721049', ['GALVANIZED STEEL COILS', 'GALVANISED STEEL SHEETS'], ['CL', 'BE'], 'heavy', 2),
  C('730890', ['STEEL STRUCTURES', 'STEEL STRUCTURAL PARTS'], ['BE', 'PC'], 'heavy', 1, 'open'),
  C('441231', ['PLYWOOD', 'HARDWOOD PLYWOOD'], ['BE', 'PX'], 'heavy', 2),
  C('440711', ['SAWN PINE TIMBER', 'SAWN PINE WOOD'], ['BE'], 'heavy', 1),
  C('720449', ['FERROUS SCRAP', 'HMS 1&2 STEEL SCRAP'], ['NE'], 'heavy', 1),
  C('391590', ['PLASTIC SCRAP', 'PET BOTTLE FLAKES'], ['BL'], 'medium', 1),
  C('760120', ['ALUMINIUM INGOTS'], ['BE'], 'heavy', 1),
  // Toys, sports, misc consumer
  C('950300', ['TOYS', 'PLASTIC TOYS'], ['CT'], 'light', 3),
  C('950691', ['FITNESS EQUIPMENT', 'EXERCISE EQUIPMENT'], ['CT'], 'medium', 1),
  C('961900', ['BABY DIAPERS', 'SANITARY PADS'], ['CT', 'BL'], 'light', 1),
];

/** Vague descriptions that turn up on real manifests, without a usable HS code. */
export const VAGUE_DESCRIPTIONS = [
  'FAK',
  'FREIGHT ALL KINDS',
  'SAID TO CONTAIN GENERAL CARGO',
  'STC GENERAL MERCHANDISE',
  'PERSONAL EFFECTS',
  'HOUSEHOLD GOODS',
  'CONSOLIDATED CARGO',
  'SPARE PARTS',
];

const subheadingText = new Map(
  (hsDescriptions.subheadings as [string, string][]).map(([code, text]) => [code, text]),
);

/** The official HS 2022 subheading wording, upper-cased as manifests write it. */
export function officialDescription(hs: string): string | undefined {
  return subheadingText.get(hs)?.toUpperCase();
}
