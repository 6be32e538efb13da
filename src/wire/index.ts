/**
 * The protobuf wire format, without schemas: varints, tags, wire types,
 * fixed-width numbers, length-delimited values. Everything above this layer
 * (generated code, the dynamic codec, descriptors) is built on these verbs.
 */
export { DecodeError } from "./decode-error.js";
export { Reader, DEFAULT_MAX_DEPTH } from "./reader.js";
export { Writer } from "./writer.js";
export {
  WireType,
  makeTag,
  tagFieldNumber,
  tagWireType,
  wireTypeName,
  MIN_FIELD_NUMBER,
  MAX_FIELD_NUMBER,
  FIRST_RESERVED_FIELD_NUMBER,
  LAST_RESERVED_FIELD_NUMBER,
} from "./wire-type.js";
export { sizeVarint32, sizeVarint64, sizeInt32 } from "./varint-size.js";
export { decodeUtf8, utf8Length, writeUtf8 } from "./utf8.js";
export {
  halves,
  splitInt64,
  joinInt64,
  joinUint64,
  zigzagEncode32,
  zigzagDecode32,
  zigzagEncode64,
  zigzagDecode64,
} from "./int64.js";
export { readWireFields, formatWireFields, hex, type WireField } from "./dump.js";
