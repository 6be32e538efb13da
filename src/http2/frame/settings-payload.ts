import { readUint32 } from "./frame-header.js";
import { SettingId, checkSettingValue, type SettingsUpdate } from "./settings.js";

/** Each setting is a 16-bit identifier and a 32-bit value (§6.5.1). */
export const SETTING_ENTRY_SIZE = 6;

/**
 * Reads the settings of a SETTINGS payload (bytes `start` to `end`), whose
 * length is already known to be a multiple of 6. Throws a connection Http2Error for a value §6.5.2
 * forbids; skips identifiers it does not know, as §6.5.2 requires.
 */
export function readSettings(bytes: Uint8Array, start: number, end: number): SettingsUpdate {
  const settings: SettingsUpdate = {};
  for (let at = start; at + SETTING_ENTRY_SIZE <= end; at += SETTING_ENTRY_SIZE) {
    const id = (bytes[at]! << 8) | bytes[at + 1]!;
    const value = readUint32(bytes, at + 2);
    const error = checkSettingValue(id, value);
    if (error !== undefined) throw error;
    switch (id) {
      case SettingId.HEADER_TABLE_SIZE:
        settings.headerTableSize = value;
        break;
      case SettingId.ENABLE_PUSH:
        settings.enablePush = value === 1;
        break;
      case SettingId.MAX_CONCURRENT_STREAMS:
        settings.maxConcurrentStreams = value;
        break;
      case SettingId.INITIAL_WINDOW_SIZE:
        settings.initialWindowSize = value;
        break;
      case SettingId.MAX_FRAME_SIZE:
        settings.maxFrameSize = value;
        break;
      case SettingId.MAX_HEADER_LIST_SIZE:
        settings.maxHeaderListSize = value;
        break;
      default:
        break; // unknown identifier: ignored (§6.5.2)
    }
  }
  return settings;
}

/** The settings in the order they are written, with their identifiers. */
const WRITE_ORDER: ReadonlyArray<readonly [keyof SettingsUpdate, number]> = [
  ["headerTableSize", SettingId.HEADER_TABLE_SIZE],
  ["enablePush", SettingId.ENABLE_PUSH],
  ["maxConcurrentStreams", SettingId.MAX_CONCURRENT_STREAMS],
  ["initialWindowSize", SettingId.INITIAL_WINDOW_SIZE],
  ["maxFrameSize", SettingId.MAX_FRAME_SIZE],
  ["maxHeaderListSize", SettingId.MAX_HEADER_LIST_SIZE],
];

/**
 * The (identifier, value) pairs to send for `settings`, in a fixed order.
 * Throws a RangeError for a value we must never send (§6.5.2, or not a
 * 32-bit unsigned integer): that is a bug in the caller, not the peer.
 */
export function settingEntries(settings: SettingsUpdate): Array<[number, number]> {
  const entries: Array<[number, number]> = [];
  for (const [key, id] of WRITE_ORDER) {
    const given = settings[key];
    if (given === undefined) continue;
    const value = typeof given === "boolean" ? (given ? 1 : 0) : given;
    if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff) {
      throw new RangeError(`setting ${key} must be an integer from 0 to 2^32-1, got ${value}`);
    }
    const error = checkSettingValue(id, value);
    if (error !== undefined) throw new RangeError(`cannot send ${error.reason}`);
    entries.push([id, value]);
  }
  return entries;
}
