// The string formats Kubernetes checks in a CRD's schema, as a table: each format, values it
// accepts and values it refuses.
import { describe, expect, it } from "vitest";
import { KUBERNETES_FORMATS } from "./formats.js";

const table: [string, string[], string[]][] = [
  ["email", ["a@example.com", "first.last+tag@sub.example.org"], ["a", "a@", "@b", "a b@c.d"]],
  ["hostname", ["example.com", "a", "my-host.internal.example"], ["-bad.com", "a..b", "x".repeat(256)]],
  ["ipv4", ["10.0.0.1", "255.255.255.255"], ["256.0.0.1", "10.0.0", "::1"]],
  ["ipv6", ["::1", "fe80::1", "2001:db8::8a2e:370:7334"], ["10.0.0.1", "2001:::1"]],
  ["cidr", ["10.0.0.0/8", "fd00::/64"], ["10.0.0.0", "10.0.0.0/33", "fd00::/129", "x/8"]],
  ["mac", ["00:1a:2b:3c:4d:5e", "00-1A-2B-3C-4D-5E", "001a.2b3c.4d5e"], ["00:1a:2b:3c:4d", "zz:1a:2b:3c:4d:5e"]],
  ["uuid", ["123e4567-e89b-12d3-a456-426614174000", "123e4567e89b12d3a456426614174000"], ["123e4567-e89b-12d3-a456", "g23e4567-e89b-12d3-a456-426614174000"]],
  ["uuid4", ["123e4567-e89b-42d3-a456-426614174000"], ["123e4567-e89b-12d3-a456-426614174000"]],
  ["date", ["2026-12-07", "2024-02-29"], ["2026-13-01", "2023-02-29", "2026-1-1", "07/12/2026"]],
  ["date-time", ["2026-12-07T09:10:00Z", "2026-12-07T09:10:00.123+02:00", "2026-12-07 09:10:00Z"], ["2026-12-07", "2026-12-07T25:00:00Z", "yesterday"]],
  ["duration", ["1h30m", "1.5s", "3 days", "2w", "500ms"], ["1 fortnight", "h", "10"]],
  ["uri", ["https://example.com/a?b=c", "/just/a/path", "mailto:a@example.com"], ["example.com", "relative/path", ""]],
  ["byte", ["aGVsbG8=", ""], ["not base64!", "aGVsbG8"]],
  ["hexcolor", ["#fff", "a0b1c2"], ["#ffff", "#ggg"]],
  ["rgbcolor", ["rgb(0, 128, 255)"], ["rgb(256,0,0)", "rgb(1,2)"]],
  ["isbn", ["0306406152", "978-0-306-40615-7"], ["0306406153", "9780306406158"]],
  ["creditcard", ["4111111111111111"], ["1234"]],
  ["ssn", ["123-45-6789"], ["123-456-789"]],
  ["bsonobjectid", ["507f1f77bcf86cd799439011"], ["507f1f77bcf86cd79943901"]],
];

describe("Kubernetes' string formats", () => {
  it.each(table)("%s", (format, good, bad) => {
    const check = KUBERNETES_FORMATS[format]!;
    for (const value of good) expect(check(value), `${format} accepts ${JSON.stringify(value)}`).toBe(true);
    for (const value of bad) expect(check(value), `${format} refuses ${JSON.stringify(value)}`).toBe(false);
  });

  it("leaves the formats Kubernetes does not check to the type alone", () => {
    for (const name of ["int32", "int64", "float", "double", "password"]) expect(KUBERNETES_FORMATS[name]).toBeUndefined();
  });
});
