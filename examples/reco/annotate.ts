// Encodes the seed client's UserRequest with the wire Writer and prints its
// bytes, one field per line: the tag byte, the value bytes, and what they mean.
import { formatWireFields, hex, readWireFields, Writer, WireType } from "../../src/wire/index.js";

const request = { userId: 1n, channelId: 2, articleNum: 10, timeStamp: BigInt(Date.now()) };

// Field numbers from proto/reco.proto: user_id = 1, channel_id = 2, article_num = 3, time_stamp = 4.
const w = new Writer();
w.tag(1, WireType.Varint).int64(request.userId);
w.tag(2, WireType.Varint).int32(request.channelId);
w.tag(3, WireType.Varint).int32(request.articleNum);
w.tag(4, WireType.Varint).int64(request.timeStamp);
const bytes = w.finish();

const names = new Map([
  ["1", "user_id"],
  ["2", "channel_id"],
  ["3", "article_num"],
  ["4", "time_stamp"],
]);
console.log(`UserRequest ${JSON.stringify(request, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v))}`);
console.log(`${bytes.length} bytes: ${hex(bytes)}\n`);
console.log("tag | value                               field");
console.log(formatWireFields(readWireFields(bytes), names));
console.log("\nA tag byte is (field_number << 3) | wire_type; VARINT values use 7 bits per byte, low groups first.");
