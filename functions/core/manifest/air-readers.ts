import type { AirFormat, AirParser } from './air-intake.ts';
import { airMessageToManifest } from './air-waybills.ts';
import { readCargoImp } from './cargo-imp-parser.ts';
import { readCargoXml } from './cargo-xml-parser.ts';
import { readWholeText } from './whole-text.ts';

/** The whole-model reader of an air format: the message read whole, its waybills converted (loaded by air-intake.ts). */
export function airReader(format: AirFormat): AirParser {
  const read = format === 'cargo-xml' ? readCargoXml : readCargoImp;
  return async (text, report, options) => {
    const whole = await readWholeText(text, report, format === 'cargo-xml' ? 'Cargo-XML' : 'Cargo-IMP');
    const message = whole === undefined ? undefined : read(whole, report);
    return message && airMessageToManifest(message, report, options);
  };
}
