/**
 * HPACK, header compression for HTTP/2 (RFC 7541), on its own: it knows
 * header blocks and header lists, nothing of frames or streams.
 *
 * A header list is a flat `[name0, value0, name1, value1, ...]` of strings,
 * one char per octet (see latin1.ts). One HpackDecoder and one HpackEncoder
 * per connection, each used for that connection's blocks in order.
 */
export {
  HpackDecoder,
  type HpackDecoderOptions,
  DEFAULT_TABLE_SIZE,
  DEFAULT_MAX_HEADER_LIST_SIZE,
} from "./decoder.js";
export { HpackEncoder, type HpackEncoderOptions } from "./encoder.js";
export { HpackError, HeaderListTooLargeError } from "./hpack-error.js";
export { type TableView, entrySize, ENTRY_OVERHEAD } from "./dynamic-table.js";
export { STATIC_ENTRIES, STATIC_TABLE_LENGTH } from "./static-table.js";
