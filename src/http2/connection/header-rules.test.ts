// The field rules of RFC 9113 §8.1-§8.3 and §8.5, one row per rule: a
// header list that breaks it is malformed (a stream error PROTOCOL_ERROR,
// §8.1.1), and the one beside it that keeps it is accepted.
import { describe, expect, it } from "vitest";
import { checkRequestHead, checkResponseHead, checkTrailers, contentLengthMismatch, isViolation } from "./header-rules.js";

const REQ = [":method", "POST", ":scheme", "http", ":path", "/p.S/M", ":authority", "a"];

const badRequests: [rule: string, fields: string[], reason: RegExp][] = [
  ["no :method", [":scheme", "http", ":path", "/"], /no :method/],
  ["no :scheme", [":method", "GET", ":path", "/"], /no :scheme/],
  ["no :path", [":method", "GET", ":scheme", "http"], /no :path/],
  ["an empty :path", [":method", "GET", ":scheme", "http", ":path", ""], /no :path/],
  ["a :path without a slash", [":method", "GET", ":scheme", "https", ":path", "x"], /does not start with/],
  ["a repeated :method", [...REQ, ":method", "GET"], /repeated :method/],
  ["a repeated :path", [":method", "GET", ":scheme", "http", ":path", "/", ":path", "/b"], /repeated :path/],
  ["a repeated :scheme", [":method", "GET", ":scheme", "http", ":scheme", "https", ":path", "/"], /repeated :scheme/],
  ["a repeated :authority", [...REQ, ":authority", "b"], /repeated :authority/],
  ["an unknown pseudo-header", [...REQ, ":status", "200"], /not defined for requests/],
  ["extended CONNECT's :protocol (not enabled)", [...REQ, ":protocol", "websocket"], /not defined/],
  ["a pseudo-header after a regular field", [":method", "GET", "x", "1", ":scheme", "http", ":path", "/"], /after a regular field/],
  ["an upper-case name", [...REQ, "X-Big", "1"], /forbids/],
  ["a space in a name", [...REQ, "a b", "1"], /forbids/],
  ["a colon inside a name", [...REQ, "a:b", "1"], /forbids/],
  ["a byte above 0x7e in a name", [...REQ, "caf\u00e9", "1"], /forbids/],
  ["an empty name", [...REQ, "", "1"], /empty field name/],
  ["NUL in a value", [...REQ, "x", "a\u0000b"], /NUL, CR, LF/],
  ["CR in a value", [...REQ, "x", "a\rb"], /NUL, CR, LF/],
  ["LF in a value", [...REQ, "x", "a\nb"], /NUL, CR, LF/],
  ["a value with a leading space", [...REQ, "x", " a"], /surrounding white space/],
  ["a value with a trailing tab", [...REQ, "x", "a\t"], /surrounding white space/],
  ["a pseudo-header value with CR", [":method", "GET\r", ":scheme", "http", ":path", "/"], /NUL, CR, LF/],
  ["connection", [...REQ, "connection", "keep-alive"], /connection-specific/],
  ["keep-alive", [...REQ, "keep-alive", "5"], /connection-specific/],
  ["proxy-connection", [...REQ, "proxy-connection", "x"], /connection-specific/],
  ["transfer-encoding", [...REQ, "transfer-encoding", "chunked"], /connection-specific/],
  ["upgrade", [...REQ, "upgrade", "h2c"], /connection-specific/],
  ["te other than trailers", [...REQ, "te", "gzip"], /only "trailers"/],
  ["a content-length that is not a number", [...REQ, "content-length", "12a"], /not one decimal number/],
  ["two content-lengths that disagree", [...REQ, "content-length", "1", "content-length", "2"], /not one decimal number/],
  ["CONNECT with :path", [":method", "CONNECT", ":authority", "a:1", ":path", "/"], /CONNECT with :scheme or :path/],
  ["CONNECT without :authority", [":method", "CONNECT"], /CONNECT without :authority/],
];

const goodRequests: [what: string, fields: string[]][] = [
  ["a gRPC request", [...REQ, "content-type", "application/grpc", "te", "trailers"]],
  ["no :authority (it is optional, §8.3.1)", [":method", "GET", ":scheme", "http", ":path", "/"]],
  ["OPTIONS *", [":method", "OPTIONS", ":scheme", "http", ":path", "*"]],
  ["a non-http scheme with any path", [":method", "GET", ":scheme", "foo", ":path", "x"]],
  ["CONNECT with only :authority", [":method", "CONNECT", ":authority", "a:443"]],
  ["content-length repeated with the same value", [...REQ, "content-length", "5", "content-length", "5"]],
  ["a value with white space inside", [...REQ, "x", "a b\tc"]],
  ["an empty value", [...REQ, "x", ""]],
];

describe("request heads (RFC 9113 §8.3.1)", () => {
  it.each(badRequests)("refuses %s", (_rule, fields, reason) => {
    const head = checkRequestHead(fields);
    expect(isViolation(head)).toBe(true);
    if (isViolation(head)) expect(head.reason).toMatch(reason);
  });

  it.each(goodRequests)("accepts %s", (_what, fields) => {
    expect(isViolation(checkRequestHead(fields))).toBe(false);
  });

  it("reads the pseudo-headers and content-length", () => {
    expect(checkRequestHead([...REQ, "content-length", "12"])).toEqual({ method: "POST", path: "/p.S/M", scheme: "http", authority: "a", contentLength: 12 });
  });
});

describe("response heads (RFC 9113 §8.3.2)", () => {
  it.each([
    ["no :status", ["content-type", "x"], /no :status/],
    ["a repeated :status", [":status", "200", ":status", "204"], /repeated :status/],
    ["a request pseudo-header", [":status", "200", ":path", "/"], /not defined for responses/],
    ["a two-digit :status", [":status", "20"], /three-digit/],
    ["a :status with letters", [":status", "2xx"], /three-digit/],
    ["101, which HTTP/2 does not have (§8.6)", [":status", "101"], /does not exist in HTTP\/2/],
    ["a pseudo-header after a regular field", ["x", "1", ":status", "200"], /after a regular field/],
    ["a connection-specific field", [":status", "200", "transfer-encoding", "chunked"], /connection-specific/],
  ])("refuses %s", (_rule, fields, reason) => {
    const head = checkResponseHead(fields as string[]);
    expect(isViolation(head)).toBe(true);
    if (isViolation(head)) expect(head.reason).toMatch(reason as RegExp);
  });

  it("reads :status and content-length", () => {
    expect(checkResponseHead([":status", "200", "content-length", "3"])).toEqual({ status: 200, contentLength: 3 });
    expect(checkResponseHead([":status", "103"])).toEqual({ status: 103, contentLength: -1 });
  });
});

describe("trailers (RFC 9113 §8.1)", () => {
  it("carry no pseudo-headers, and follow the field rules", () => {
    expect(checkTrailers(["grpc-status", "0", "grpc-message", "ok"])).toBeUndefined();
    expect(checkTrailers([":status", "200"])?.reason).toMatch(/pseudo-header :status in trailers/);
    expect(checkTrailers(["Grpc-Status", "0"])?.reason).toMatch(/forbids/);
    expect(checkTrailers(["connection", "close"])?.reason).toMatch(/connection-specific/);
  });
});

describe("content-length against DATA (RFC 9113 §8.1.1)", () => {
  it.each([
    [-1, 100, true, undefined],
    [5, 5, true, undefined],
    [5, 3, false, undefined],
    [5, 6, false, /more than content-length 5/],
    [5, 3, true, /END_STREAM after 3 bytes/],
    [0, 0, true, undefined],
  ])("declared %i, received %i, ended %s", (declared, received, ended, reason) => {
    const mismatch = contentLengthMismatch(declared, received, ended);
    if (reason === undefined) expect(mismatch).toBeUndefined();
    else expect(mismatch).toMatch(reason);
  });
});
