/**
 * The rules a received field block must follow to be a well-formed HTTP/2
 * message (RFC 9113 §8.2 and §8.3). A block that breaks one is "malformed"
 * (§8.1.1): the connection answers with a stream error PROTOCOL_ERROR, and
 * the request never reaches the application.
 *
 * Blocks are flat lists, as the HPACK decoder produces them:
 * `[name, value, name, value, ...]`.
 */

/** Why a block is malformed (for logs and tests; RST_STREAM carries only the code). */
export interface HeaderRuleViolation {
  readonly violation: true;
  readonly reason: string;
}

export interface RequestHead {
  readonly method: string;
  readonly path: string;
  readonly scheme: string;
  readonly authority: string;
  /** The content-length field, or -1 when there is none. */
  readonly contentLength: number;
}

export interface ResponseHead {
  readonly status: number;
  readonly contentLength: number;
}

export function isViolation(x: RequestHead | ResponseHead | HeaderRuleViolation): x is HeaderRuleViolation {
  return (x as HeaderRuleViolation).violation === true;
}

function violation(reason: string): HeaderRuleViolation {
  return { violation: true, reason };
}

/** §8.2.2: fields that belong to HTTP/1.1 connections, never sent in HTTP/2. */
const CONNECTION_SPECIFIC = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade"]);

/**
 * §8.2.1: a name has no character in 0x00-0x20, 0x41-0x5a (upper case) or
 * 0x7f-0xff, and no colon except the leading one of a pseudo-header.
 */
function badNameCharacter(name: string, from: number): boolean {
  for (let i = from; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c <= 0x20 || (c >= 0x41 && c <= 0x5a) || c >= 0x7f || c === 0x3a) return true;
  }
  return false;
}

/** §8.2.1: a value has no NUL, CR or LF, and does not start or end with a space or tab. */
function badValue(value: string): boolean {
  const n = value.length;
  if (n === 0) return false;
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(n - 1);
  if (first === 0x20 || first === 0x09 || last === 0x20 || last === 0x09) return true;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c === 0 || c === 0x0a || c === 0x0d) return true;
  }
  return false;
}

/** Checks a regular (non-pseudo) field; returns a reason when it breaks a rule. */
function checkRegularField(name: string, value: string): string | undefined {
  if (name.length === 0) return "an empty field name (RFC 9113 §8.2.1)";
  if (badNameCharacter(name, 0)) return `field name ${JSON.stringify(name)} has a character HTTP/2 forbids (upper case, space, colon or control; RFC 9113 §8.2.1)`;
  if (badValue(value)) return `the value of ${name} has NUL, CR, LF or surrounding white space (RFC 9113 §8.2.1)`;
  if (CONNECTION_SPECIFIC.has(name)) return `connection-specific field ${name} (RFC 9113 §8.2.2)`;
  if (name === "te" && value !== "trailers") return `te: ${JSON.stringify(value)}; only "trailers" is allowed (RFC 9113 §8.2.2)`;
  return undefined;
}

/**
 * Parses content-length (RFC 9110 §8.6): decimal digits only; repeated
 * fields (or a comma-separated list) must agree. -1 when absent, -2 when
 * invalid.
 */
function parseContentLength(previous: number, value: string): number {
  let result = previous;
  for (const part of value.split(",")) {
    const digits = part.trim();
    if (!/^\d{1,15}$/.test(digits)) return -2;
    const n = Number(digits);
    if (result >= 0 && result !== n) return -2;
    result = n;
  }
  return result;
}

const REQUEST_PSEUDO = new Set([":method", ":scheme", ":authority", ":path"]);

/** §8.3.1: the head of a request (the first field block a server receives on a stream). */
export function checkRequestHead(block: readonly string[]): RequestHead | HeaderRuleViolation {
  let method: string | undefined;
  let path: string | undefined;
  let scheme: string | undefined;
  let authority: string | undefined;
  let contentLength = -1;
  let regular = false;
  for (let i = 0; i + 1 < block.length; i += 2) {
    const name = block[i]!;
    const value = block[i + 1]!;
    if (name.charCodeAt(0) === 0x3a) {
      if (regular) return violation(`pseudo-header ${name} after a regular field (RFC 9113 §8.3)`);
      // :protocol (RFC 8441, extended CONNECT) is unknown too: we never send SETTINGS_ENABLE_CONNECT_PROTOCOL.
      if (!REQUEST_PSEUDO.has(name)) return violation(`pseudo-header ${name} is not defined for requests (RFC 9113 §8.3)`);
      if (badValue(value)) return violation(`the value of ${name} has NUL, CR, LF or surrounding white space (RFC 9113 §8.2.1)`);
      switch (name) {
        case ":method":
          if (method !== undefined) return violation("a repeated :method (RFC 9113 §8.3)");
          method = value;
          break;
        case ":path":
          if (path !== undefined) return violation("a repeated :path (RFC 9113 §8.3)");
          path = value;
          break;
        case ":scheme":
          if (scheme !== undefined) return violation("a repeated :scheme (RFC 9113 §8.3)");
          scheme = value;
          break;
        default:
          if (authority !== undefined) return violation("a repeated :authority (RFC 9113 §8.3)");
          authority = value;
      }
      continue;
    }
    regular = true;
    const reason = checkRegularField(name, value);
    if (reason !== undefined) return violation(reason);
    if (name === "content-length") {
      contentLength = parseContentLength(contentLength, value);
      if (contentLength === -2) return violation(`content-length ${JSON.stringify(value)} is not one decimal number (RFC 9110 §8.6)`);
    }
  }
  if (method === undefined || method === "") return violation("no :method (RFC 9113 §8.3.1)");
  if (method === "CONNECT") {
    // §8.5: a CONNECT request has :authority, and neither :scheme nor :path.
    if (scheme !== undefined || path !== undefined) return violation("CONNECT with :scheme or :path (RFC 9113 §8.5)");
    if (authority === undefined || authority === "") return violation("CONNECT without :authority (RFC 9113 §8.5)");
    return { method, path: "", scheme: "", authority, contentLength };
  }
  if (scheme === undefined || scheme === "") return violation("no :scheme (RFC 9113 §8.3.1)");
  if (path === undefined || path === "") return violation("no :path, or an empty one (RFC 9113 §8.3.1)");
  if ((scheme === "http" || scheme === "https") && path.charCodeAt(0) !== 0x2f && !(path === "*" && method === "OPTIONS")) {
    return violation(`:path ${JSON.stringify(path.slice(0, 64))} does not start with "/" (RFC 9113 §8.3.1)`);
  }
  return { method, path, scheme, authority: authority ?? "", contentLength };
}

/** §8.3.2: the head of a response (:status and regular fields). */
export function checkResponseHead(block: readonly string[]): ResponseHead | HeaderRuleViolation {
  let status: string | undefined;
  let contentLength = -1;
  let regular = false;
  for (let i = 0; i + 1 < block.length; i += 2) {
    const name = block[i]!;
    const value = block[i + 1]!;
    if (name.charCodeAt(0) === 0x3a) {
      if (regular) return violation(`pseudo-header ${name} after a regular field (RFC 9113 §8.3)`);
      if (name !== ":status") return violation(`pseudo-header ${name} is not defined for responses (RFC 9113 §8.3)`);
      if (status !== undefined) return violation("a repeated :status (RFC 9113 §8.3.2)");
      status = value;
      continue;
    }
    regular = true;
    const reason = checkRegularField(name, value);
    if (reason !== undefined) return violation(reason);
    if (name === "content-length") {
      contentLength = parseContentLength(contentLength, value);
      if (contentLength === -2) return violation(`content-length ${JSON.stringify(value)} is not one decimal number (RFC 9110 §8.6)`);
    }
  }
  if (status === undefined) return violation("no :status (RFC 9113 §8.3.2)");
  if (!/^[1-9]\d\d$/.test(status)) return violation(`:status ${JSON.stringify(status.slice(0, 16))} is not a three-digit code (RFC 9110 §15)`);
  const code = Number(status);
  if (code === 101) return violation(":status 101 (Switching Protocols) does not exist in HTTP/2 (RFC 9113 §8.6)");
  return { status: code, contentLength };
}

/** §8.1: trailers carry no pseudo-header fields. */
export function checkTrailers(block: readonly string[]): HeaderRuleViolation | undefined {
  for (let i = 0; i + 1 < block.length; i += 2) {
    const name = block[i]!;
    if (name.charCodeAt(0) === 0x3a) return violation(`pseudo-header ${name} in trailers (RFC 9113 §8.1)`);
    const reason = checkRegularField(name, block[i + 1]!);
    if (reason !== undefined) return violation(reason);
  }
  return undefined;
}

/**
 * §8.1.1: with a content-length, the DATA received must not go beyond it,
 * and must equal it at END_STREAM. `declared` is -1 when there is none.
 */
export function contentLengthMismatch(declared: number, received: number, ended: boolean): string | undefined {
  if (declared < 0) return undefined;
  if (received > declared) return `${received} bytes of DATA, more than content-length ${declared} (RFC 9113 §8.1.1)`;
  if (ended && received !== declared) return `END_STREAM after ${received} bytes of DATA, but content-length is ${declared} (RFC 9113 §8.1.1)`;
  return undefined;
}
