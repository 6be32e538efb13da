// Differential check against protoc: generates random valid .proto files
// (proto2 and proto3: scalars, defaults, enums, maps, oneofs, reserved,
// extension ranges, nested messages, standard options), compiles each with
// protoc and with our loader, and compares the FileDescriptorProto bytes.
// Needs protoc and a build (npm run build). Not part of the test suite.
//
//   node scripts/schema-differential.mjs [seed] [count]
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { loadProtoFilesWith, encodeFileDescriptorProto, decodeFileDescriptorSet, ParseError } from "../dist/src/schema/index.js";
import { writeFileSync, readFileSync } from "node:fs";
import { execSync } from "node:child_process";
const dir = mkdtempSync(join(tmpdir(), "schema-diff-"));
let seed = Number(process.argv[2] ?? 1);
const r = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (a) => a[Math.floor(r() * a.length)];
const SC = ["double","float","int64","uint64","int32","fixed64","fixed32","bool","string","bytes","uint32","sfixed32","sfixed64","sint32","sint64"];
const names = ["a","b_c","fooBar","x_1","_u","Qq","val","data_x","z__z"];
function defVal(t) {
  switch (t) {
    case "double": case "float": return pick(["1.5","-2","1e10","0.1","inf","-inf","nan","3.14159265358979","1e-40","123456789.123","0x10",".25","-0.0"]);
    case "bool": return pick(["true","false"]);
    case "string": case "bytes": return pick(['"a\\tb"','"\\x01\\377"','"héllo"','""',"'q\\'t'",'"\\u00e9" "x"']);
    case "uint64": case "fixed64": case "uint32": case "fixed32": return pick(["0","7","0x7f","017","4294967295"].filter(v => !(t.endsWith("32") && v.length > 9)));
    default: return pick(["0","-1","42","-0x10","2147483647","-2147483648"]);
  }
}
function gen(p3) {
  let n = 0; const out = [];
  out.push(`syntax = "${p3 ? "proto3" : "proto2"}";`, "package g.h;");
  if (r() < 0.5) out.push(`option java_package = "x.y"; option optimize_for = ${pick(["SPEED","CODE_SIZE"])};`);
  const msg = (depth, mname) => {
    const lines = [`message ${mname} {`]; let num = 1; const used = new Set();
    const fname = () => { let x; do { x = pick(names) + (n++); } while (used.has(x)); used.add(x); return x; };
    if (r() < 0.3) lines.push(`  option deprecated = true;`);
    const fields = 1 + Math.floor(r() * 6);
    for (let i = 0; i < fields; i++) {
      const t = pick([...SC, "E", "M" + (depth), "map"]);
      num += 1 + Math.floor(r() * 3);
      if (t === "map") { lines.push(`  map<${pick(["string","int32","bool","sint64","fixed32"])}, ${pick(["string","bytes","E","double", mname])}> ${fname()} = ${num};`); continue; }
      const tt = t === "M" + depth ? mname : t;
      let label = p3 ? pick(["", "", "repeated ", "optional "]) : pick(["optional ","repeated ","required "]);
      const opts = [];
      if (!p3 && label === "optional " && SC.includes(t) && r() < 0.6) opts.push(`default = ${defVal(t)}`);
      if (!p3 && label === "optional " && t === "E" && r() < 0.5) opts.push(`default = ${pick(["E_A","E_B","E_NEG"])}`);
      if (label === "repeated " && SC.includes(t) && !["string","bytes"].includes(t) && r() < 0.5) opts.push(`packed = ${pick(["true","false"])}`);
      if (r() < 0.2) opts.push(`json_name = "j${n}"`);
      if (r() < 0.2) opts.push(`deprecated = true`);
      lines.push(`  ${label}${tt} ${fname()} = ${num}${opts.length ? " [" + opts.join(", ") + "]" : ""};`);
    }
    if (r() < 0.4) { lines.push(`  oneof o${n++} {`); lines.push(`    string ${fname()} = ${++num};`); lines.push(`    ${mname} ${fname()} = ${++num};`); lines.push("  }"); }
    if (r() < 0.3) lines.push(`  reserved ${num + 5}, ${num + 10} to ${num + 12};`, `  reserved "old${n++}";`);
    if (!p3 && r() < 0.3) lines.push(`  extensions ${num + 100} to ${pick([num + 200, "max"])};`);
    if (depth < 2 && r() < 0.5) lines.push(...msg(depth + 1, "N" + (n++)).map((l) => "  " + l));
    lines.push("}"); return lines;
  };
  out.push("enum E { E_A = 0; E_B = 1; E_NEG = -3; }");
  for (let i = 0; i < 2; i++) out.push(...msg(0, "M" + i));
  out.push("service S { rpc R (M0) returns (stream M1); }");
  return out.join("\n") + "\n";
}
let match = 0, both = 0, total = 0;
for (let i = 0; i < Number(process.argv[3] ?? 200); i++) {
  const p3 = r() < 0.5; const text = gen(p3); total++;
  writeFileSync(join(dir, "g.proto"), text);
  let want;
  try { execSync(`protoc -I${dir} --descriptor_set_out=${dir}/g.pb ${dir}/g.proto`, { stdio: "pipe" }); want = decodeFileDescriptorSet(new Uint8Array(readFileSync(join(dir, "g.pb")))).file[0]; } catch (e) { want = String(e.stderr).split("\n")[0]; }
  let got;
  try { got = loadProtoFilesWith(["g.proto"], (p) => p === "g.proto" ? text : undefined).files[0]; } catch (e) { if (!(e instanceof ParseError)) throw e; got = e.message; }
  if (typeof want === "string" || typeof got === "string") {
    if (typeof want !== typeof got) { console.log("ONE FAILED\n", text, "\nprotoc:", typeof want === "string" ? want : "ok", "\nours:", typeof got === "string" ? got : "ok"); process.exit(1); }
    both++; continue;
  }
  const a = Buffer.from(encodeFileDescriptorProto(got)), b = Buffer.from(encodeFileDescriptorProto(want));
  if (a.equals(b)) match++; else { writeFileSync(join(dir, "bad.proto"), text); console.log(`input kept in ${dir}/bad.proto`); console.log("DIFF", JSON.stringify(got, (k, v) => v instanceof Uint8Array ? [...v] : v).slice(0, 3000)); console.log(JSON.stringify(want, (k, v) => v instanceof Uint8Array ? [...v] : v).slice(0, 3000)); process.exit(1); }
}
console.log(`match ${match}, both errored ${both}, total ${total}`);
