// What a store's logs may show its owner: the last lines of a container's output with anything
// that looks like a secret replaced. The stores' own scripts never print their secrets, but
// WordPress, plugins and MariaDB may, so every line shown (timeline, logs on demand) passes here.
// Pure, so each rule is unit-tested.

export const REDACTED = "[redacted]";

const RULES: [RegExp, string][] = [
  // Bearer and basic credentials (before the key rule: "Authorization: Bearer <token>").
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, `$1 ${REDACTED}`],
  // key=value, key: value and "key": "value" where the key names a secret.
  [/((?:password|passwd|passphrase|pwd|_pass|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential|salt|nonce)[\w-]*"?\s*[:=]\s*"?)(?!Bearer |Basic )[^\s",;&]+/gi, `$1${REDACTED}`],
  // Credentials in URLs: scheme://user:password@host.
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, `$1${REDACTED}@`],
  // Long random-looking strings (keys, salts, hashes): 32+ characters of a token alphabet.
  [/\b[A-Za-z0-9+/_-]{32,}={0,2}/g, REDACTED],
];

/** The text with secret-looking values and the given known secrets replaced. */
export function redactLog(text: string, knownSecrets: readonly string[] = []): string {
  let out = text;
  for (const secret of knownSecrets) if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}

/** The last `count` non-empty lines, redacted; null when there are none. */
export function lastLogLines(text: string | undefined | null, count = 20): string | null {
  const lines = (text ?? "").split("\n").map((l) => l.trimEnd()).filter(Boolean);
  if (lines.length === 0) return null;
  return redactLog(lines.slice(-count).join("\n"));
}
