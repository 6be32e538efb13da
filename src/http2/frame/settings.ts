import { ErrorCode } from "../error-code.js";
import { Http2Error } from "../http2-error.js";
import { MAX_MAX_FRAME_SIZE, MIN_MAX_FRAME_SIZE } from "./frame-header.js";

/** The setting identifiers of RFC 9113 §6.5.2 (16 bits each on the wire). */
export const SettingId = {
  HEADER_TABLE_SIZE: 0x1,
  ENABLE_PUSH: 0x2,
  MAX_CONCURRENT_STREAMS: 0x3,
  INITIAL_WINDOW_SIZE: 0x4,
  MAX_FRAME_SIZE: 0x5,
  MAX_HEADER_LIST_SIZE: 0x6,
} as const;

/** The largest flow-control window, 2^31-1 (§6.5.2, §6.9.1). */
export const MAX_WINDOW_SIZE = 0x7fff_ffff;

/**
 * The values each side assumes until the peer's SETTINGS says otherwise
 * (§6.5.2). MAX_CONCURRENT_STREAMS and MAX_HEADER_LIST_SIZE start unlimited.
 */
export const DEFAULT_SETTINGS = {
  headerTableSize: 4096,
  enablePush: true,
  maxConcurrentStreams: Infinity,
  initialWindowSize: 65_535,
  maxFrameSize: 16_384,
  maxHeaderListSize: Infinity,
} as const;

/**
 * The settings one SETTINGS frame carries: only those present in the frame.
 * When a frame names the same setting twice the last value wins, which is
 * what processing them in order (§6.5.3) amounts to.
 */
export interface SettingsUpdate {
  headerTableSize?: number | undefined;
  enablePush?: boolean | undefined;
  maxConcurrentStreams?: number | undefined;
  initialWindowSize?: number | undefined;
  maxFrameSize?: number | undefined;
  maxHeaderListSize?: number | undefined;
}

/**
 * Checks one received value against §6.5.2 and returns the error it earns,
 * if any (all are connection errors). Identifiers the RFC does not define
 * are not checked: they are ignored.
 */
export function checkSettingValue(id: number, value: number): Http2Error | undefined {
  switch (id) {
    case SettingId.ENABLE_PUSH:
      if (value > 1) {
        return Http2Error.connection(ErrorCode.PROTOCOL_ERROR, `SETTINGS_ENABLE_PUSH of ${value} (must be 0 or 1, RFC 9113 §6.5.2)`);
      }
      return undefined;
    case SettingId.INITIAL_WINDOW_SIZE:
      if (value > MAX_WINDOW_SIZE) {
        return Http2Error.connection(
          ErrorCode.FLOW_CONTROL_ERROR,
          `SETTINGS_INITIAL_WINDOW_SIZE of ${value} (must be at most 2^31-1, RFC 9113 §6.5.2)`,
        );
      }
      return undefined;
    case SettingId.MAX_FRAME_SIZE:
      if (value < MIN_MAX_FRAME_SIZE || value > MAX_MAX_FRAME_SIZE) {
        return Http2Error.connection(
          ErrorCode.PROTOCOL_ERROR,
          `SETTINGS_MAX_FRAME_SIZE of ${value} (must be 16384 to 16777215, RFC 9113 §6.5.2)`,
        );
      }
      return undefined;
    default:
      return undefined;
  }
}
