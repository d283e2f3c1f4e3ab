import { describe, expect, it } from "vitest";
import { lastLogLines, redactLog } from "./log-redaction";

describe("redactLog", () => {
  it("replaces values of secret-named keys, whatever the notation", () => {
    expect(redactLog("DB_PASSWORD=hunter2 user=wordpress")).toBe("DB_PASSWORD=[redacted] user=wordpress");
    expect(redactLog('{"admin_password": "s3cr3t!", "user": "admin"}')).toBe('{"admin_password": "[redacted]", "user": "admin"}');
    expect(redactLog("api_key: abc123 next")).toBe("api_key: [redacted] next");
    expect(redactLog("wp user update admin --user_pass=abc")).toBe("wp user update admin --user_pass=[redacted]");
  });

  it("replaces bearer tokens, credentials in URLs and long random strings", () => {
    expect(redactLog("Authorization: Bearer sf_abcdefghij")).toBe("Authorization: Bearer [redacted]");
    expect(redactLog("mysql://wordpress:topsecret@db:3306/wp")).toBe("mysql://wordpress:[redacted]@db:3306/wp");
    expect(redactLog("salt 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 end")).toBe("salt [redacted] end");
  });

  it("replaces the secrets it is given, and keeps ordinary log lines whole", () => {
    expect(redactLog("connected with Xy7-pass-Q to the database", ["Xy7-pass-Q"])).toBe("connected with [redacted] to the database");
    const plain = "Error: Invalid user ID, email or login: 'admin'";
    expect(redactLog(plain)).toBe(plain);
  });
});

describe("lastLogLines", () => {
  it("keeps the last lines that say something, redacted", () => {
    const text = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join("\n") + "\n\npassword=x\n";
    const out = lastLogLines(text, 3)!.split("\n");
    expect(out).toEqual(["line 29", "line 30", "password=[redacted]"]);
    expect(lastLogLines("\n \n")).toBeNull();
    expect(lastLogLines(undefined)).toBeNull();
  });
});
