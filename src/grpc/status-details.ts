import { Reader } from "../wire/reader.js";
import { WireType } from "../wire/wire-type.js";
import { Writer } from "../wire/writer.js";

/**
 * The `grpc-status-details-bin` trailer: a serialized google.rpc.Status
 * (google/rpc/status.proto) carrying richer error details than a code and a
 * message. It is read and written here with the wire primitives, so the RPC
 * layer needs no generated code for it:
 *
 *   message Status { int32 code = 1; string message = 2; repeated google.protobuf.Any details = 3; }
 *   message Any    { string type_url = 1; bytes value = 2; }
 */

/** One google.protobuf.Any: a type URL and the serialized message it names. */
export interface ErrorDetail {
  /** "type.googleapis.com/google.rpc.RetryInfo" */
  readonly typeUrl: string;
  readonly value: Uint8Array;
}

export interface StatusDetails {
  readonly code: number;
  readonly message: string;
  readonly details: readonly ErrorDetail[];
}

export function encodeStatusDetails(status: StatusDetails): Uint8Array {
  const w = new Writer();
  if (status.code !== 0) w.tag(1, WireType.Varint).int32(status.code);
  if (status.message !== "") w.tag(2, WireType.LengthDelimited).string(status.message);
  for (const d of status.details) {
    w.tag(3, WireType.LengthDelimited).fork();
    if (d.typeUrl !== "") w.tag(1, WireType.LengthDelimited).string(d.typeUrl);
    if (d.value.byteLength > 0) w.tag(2, WireType.LengthDelimited).bytes(d.value);
    w.join();
  }
  return w.finish();
}

/** Throws DecodeError on malformed bytes. Unknown fields are skipped. */
export function decodeStatusDetails(bytes: Uint8Array): StatusDetails {
  const r = new Reader(bytes);
  let code = 0;
  let message = "";
  const details: ErrorDetail[] = [];
  while (!r.done()) {
    const tag = r.tag();
    switch (tag) {
      case (1 << 3) | WireType.Varint:
        code = r.int32();
        break;
      case (2 << 3) | WireType.LengthDelimited:
        message = r.string();
        break;
      case (3 << 3) | WireType.LengthDelimited: {
        const outer = r.beginMessage();
        let typeUrl = "";
        let value: Uint8Array = new Uint8Array(0);
        while (!r.done()) {
          const t = r.tag();
          if (t === ((1 << 3) | WireType.LengthDelimited)) typeUrl = r.string();
          else if (t === ((2 << 3) | WireType.LengthDelimited)) value = new Uint8Array(r.bytesView()); // a copy, plain Uint8Array
          else r.skip(t);
        }
        r.endMessage(outer);
        details.push({ typeUrl, value });
        break;
      }
      default:
        r.skip(tag);
    }
  }
  return { code, message, details };
}
