/**
 * Names used in TypeScript for protobuf things.
 */

/**
 * lowerCamelCase as protobuf's JSON mapping computes it from a field name:
 * drop each underscore and upper-case the letter after it ("user_id" -> "userId").
 */
export function camelCase(protoName: string): string {
  let out = "";
  let upper = false;
  for (const ch of protoName) {
    if (ch === "_") {
      upper = true;
    } else if (upper) {
      out += ch.toUpperCase();
      upper = false;
    } else {
      out += ch;
    }
  }
  return out;
}

/** "UserRecommend" -> "userRecommend": method names on clients and handler objects. */
export function lowerFirst(name: string): string {
  return name.length === 0 ? name : name[0]!.toLowerCase() + name.slice(1);
}
