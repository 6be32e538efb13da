/**
 * PartialMessage lives with the codec interfaces now (every MessageType's
 * `encode` and `create` take one); re-exported here for existing imports.
 */
export type { PartialMessage } from "../codec/message-type.js";
