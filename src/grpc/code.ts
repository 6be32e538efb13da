/**
 * The 17 gRPC status codes (grpc/grpc doc/statuscodes.md). The numbers travel
 * in the `grpc-status` trailer as decimal ASCII.
 */
export enum Code {
  Ok = 0,
  Cancelled = 1,
  Unknown = 2,
  InvalidArgument = 3,
  DeadlineExceeded = 4,
  NotFound = 5,
  AlreadyExists = 6,
  PermissionDenied = 7,
  ResourceExhausted = 8,
  FailedPrecondition = 9,
  Aborted = 10,
  OutOfRange = 11,
  Unimplemented = 12,
  Internal = 13,
  Unavailable = 14,
  DataLoss = 15,
  Unauthenticated = 16,
}

const NAMES: readonly string[] = [
  "OK",
  "CANCELLED",
  "UNKNOWN",
  "INVALID_ARGUMENT",
  "DEADLINE_EXCEEDED",
  "NOT_FOUND",
  "ALREADY_EXISTS",
  "PERMISSION_DENIED",
  "RESOURCE_EXHAUSTED",
  "FAILED_PRECONDITION",
  "ABORTED",
  "OUT_OF_RANGE",
  "UNIMPLEMENTED",
  "INTERNAL",
  "UNAVAILABLE",
  "DATA_LOSS",
  "UNAUTHENTICATED",
];

/** The canonical upper-case name of a code, as other gRPC libraries print it: "UNAVAILABLE". */
export function codeName(code: Code): string {
  return NAMES[code] ?? `CODE_${code}`;
}

/** True for the numbers 0..16. */
export function isCode(value: number): value is Code {
  return Number.isInteger(value) && value >= 0 && value <= 16;
}

/**
 * A status as carried by trailers: a code and a human-readable message.
 * The RPC layer turns these into RpcErrors; this layer only produces them.
 */
export interface Status {
  readonly code: Code;
  readonly message: string;
}
