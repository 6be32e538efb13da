/**
 * Names protoc derives from the names written in a .proto file.
 */

const A = 97;
const Z = 122;

function upper(c: string): string {
  const code = c.charCodeAt(0);
  return code >= A && code <= Z ? String.fromCharCode(code - 32) : c;
}

/**
 * The JSON name of a field, as protoc computes it (json_name in
 * FieldDescriptorProto): every underscore is dropped and the letter after it
 * upper-cased (ASCII only); nothing else changes, so "foo_bar" -> "fooBar",
 * "_foo" -> "Foo", "FOO_BAR" -> "FOOBAR".
 */
export function jsonName(fieldName: string): string {
  if (fieldName.indexOf("_") === -1) return fieldName;
  let out = "";
  let capNext = false;
  for (const c of fieldName) {
    if (c === "_") capNext = true;
    else {
      out += capNext ? upper(c) : c;
      capNext = false;
    }
  }
  return out;
}

/**
 * The name of the message protoc generates for a map field: the field name in
 * CamelCase (underscores dropped, the first letter and each letter after an
 * underscore upper-cased) plus "Entry": "my_map" -> "MyMapEntry".
 */
export function mapEntryName(fieldName: string): string {
  let out = "";
  let capNext = true;
  for (const c of fieldName) {
    if (c === "_") capNext = true;
    else {
      out += capNext ? upper(c) : c;
      capNext = false;
    }
  }
  return out + "Entry";
}

/** "pkg" + "Name" -> "pkg.Name"; "" + "Name" -> "Name". */
export function joinName(scope: string, name: string): string {
  return scope === "" ? name : `${scope}.${name}`;
}
