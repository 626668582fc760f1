/**
 * Kept apart from the zod schemas (validation-report.ts re-exports it) so code that only needs
 * the texts, such as the identifier checks the profile Lambda uses, does not pull in zod.
 *
 * Every problem found in a manifest has a stable machine code. Codes are an API: add new
 * ones, never rename or reuse. The text is the default explanation shown to officers (the
 * README's error-code table is generated from this list).
 */
export const ISSUE_CODES = {
  // The file as a whole (severity error => the file is rejected, nothing is accepted).
  FILE_EMPTY: 'The file is empty.',
  FILE_BINARY: 'The file is not text (binary content).',
  FILE_FORMAT_UNKNOWN: 'The format could not be recognised as CSV, JSON or EDIFACT CUSCAR.',
  FILE_FORMAT_MISMATCH:
    'The file extension or requested format does not match the content; the content wins.',
  FILE_ENCODING_LATIN1: 'The file is not valid UTF-8; it was read as Latin-1 (ISO 8859-1).',
  FILE_TOO_LARGE: 'The file is larger than the configured limit.',
  FILE_UNREADABLE: 'The file could not be read.',
  INGEST_FAILED:
    'The file could not be processed (the ingest crashed, timed out or ran out of memory on every attempt); it is kept for the operators, and a successful retry replaces this report.',
  TEXT_CONTROL_CHARACTER:
    'The text contains control characters (NUL and the like) that cannot be text; they were removed.',
  // CSV structure
  CSV_MALFORMED: 'The CSV structure is broken (unclosed quote or similar).',
  CSV_MISSING_COLUMN: 'A required column is missing from the header.',
  CSV_UNKNOWN_COLUMN: 'A column is not recognised and was ignored.',
  CSV_DUPLICATE_COLUMN: 'Two header cells map to the same field; the first is used.',
  CSV_FIELD_COUNT: 'The row has a different number of cells than the header.',
  CSV_VOYAGE_CONFLICT:
    'The row declares voyage details that differ from earlier rows; the first values are kept.',
  CSV_FORMULA_CELL: 'A cell starts like a spreadsheet formula; it is kept as plain text.',
  BL_CONFLICT: 'The B/L details differ from an earlier row of the same B/L; the first values are kept.',
  // JSON structure
  JSON_SYNTAX: 'The JSON is not well formed.',
  JSON_SCHEMA: 'A value does not match the manifest schema.',
  // EDIFACT structure
  EDI_NO_INTERCHANGE: 'No UNB/UNH segment: this is not an EDIFACT interchange.',
  EDI_NOT_CUSCAR: 'The message is not a CUSCAR message.',
  EDI_SEGMENT_COUNT: 'The UNT segment count does not match the number of segments.',
  EDI_TRUNCATED: 'The interchange ends without UNT/UNZ: it may be truncated.',
  EDI_UNKNOWN_SEGMENT: 'A segment is not part of the supported CUSCAR subset and was ignored.',
  EDI_SYNTAX: 'A segment is malformed.',
  EDI_CONTROL_REFERENCE: 'Control references of the interchange or message do not match.',
  EQUIPMENT_NOT_CONTAINER: 'The transport equipment is not an ISO container (e.g. a truck or trailer).',
  // Records and fields
  REQUIRED_FIELD: 'A required field is missing.',
  CONTAINER_FORMAT: 'The container number is not 4 letters and 7 digits.',
  CONTAINER_CATEGORY: 'The 4th letter of the container number must be U, J or Z.',
  CONTAINER_CHECK_DIGIT: 'The container number check digit (ISO 6346) is wrong.',
  CONTAINER_TYPE_UNKNOWN: 'The ISO 6346 size/type code is not recognised.',
  IMO_FORMAT: 'The IMO number is not 7 digits.',
  IMO_CHECK_DIGIT: 'The IMO number check digit is wrong.',
  LOCODE_FORMAT: 'The location is not a UN/LOCODE (2 letters + 3 letters or digits).',
  LOCODE_UNKNOWN: 'The UN/LOCODE is not in the code list.',
  LOCODE_NOT_SEAPORT: 'The UN/LOCODE is not flagged as a seaport in the code list.',
  HS_FORMAT: 'The HS code is not 6 to 10 digits.',
  HS_UNKNOWN: 'The first six digits are not an HS 2022 subheading.',
  COUNTRY_UNKNOWN: 'The country is not an ISO 3166 alpha-2 code.',
  DATE_INVALID: 'The date is not a valid date.',
  NUMBER_INVALID: 'The value is not a valid number.',
  WEIGHT_IMPOSSIBLE:
    'The weight is impossible (negative, zero for a full container, or beyond any container).',
  DG_UN_NUMBER: 'The dangerous-goods UN number is not 4 digits.',
  VALUE_UNKNOWN: 'The value is not one of the values this field accepts.',
  EDI_VOYAGE_CONFLICT: 'A later message of the interchange describes a different voyage; the first is kept.',
  DUPLICATE_ROW: 'The same B/L, container and goods line appear twice; the repeat was ignored.',
  DUPLICATE_CONTAINER: 'The container is declared twice with different details; the first is kept.',
  CONTAINER_WITHOUT_BL: 'The container is not linked to any bill of lading.',
  GOODS_CONTAINER_UNKNOWN: 'A goods item refers to a container that is not declared.',
  RECORD_REJECTED: 'The record was rejected.',
  // Rail, road and air identifiers and messages
  WAGON_FORMAT: 'The wagon number is not 12 digits (UIC) or 8 digits (1520 mm gauge).',
  WAGON_CHECK_DIGIT: 'The wagon number check digit is wrong.',
  AWB_FORMAT: 'The air waybill number is not a 3-digit prefix and an 8-digit serial (prefix-serial).',
  AWB_CHECK_DIGIT: 'The air waybill number check digit (the first 7 serial digits mod 7) is wrong.',
  ULD_FORMAT: 'The ULD id is not 3 letters, a 4- or 5-digit serial and a 2-character owner code.',
  AIRPORT_UNKNOWN: 'The IATA airport code is not mapped to any UN/LOCODE.',
  XML_SYNTAX: 'The XML is not well formed.',
  AIR_MESSAGE_UNSUPPORTED:
    'The message is not a supported air waybill message (Cargo-XML XFWB or XFZB, Cargo-IMP FWB or FHL).',
  IMP_SYNTAX: 'A Cargo-IMP message line is malformed.',
  LOCODE_FUNCTION:
    'The UN/LOCODE is not flagged in the code list with the function used here (rail, road, airport or border crossing).',
} as const;
