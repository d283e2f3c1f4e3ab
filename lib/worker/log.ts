// One structured logger for the worker: one JSON object per line on stdout, so log shippers and
// the tests can parse every line. Fields whose name suggests a secret are masked before writing,
// because a careless `log.info("x", { values })` must never leak a password into the logs.
type Level = "debug" | "info" | "warn" | "error";
type Fields = Record<string, unknown>;

const SECRET_KEY = /pass(word)?|secret|token|credential|salt|key$|values/i;

function scrub(value: unknown, depth = 0): unknown {
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) return { name: value.name, message: value.message.slice(0, 2000) };
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Fields).map(([k, v]) => [k, SECRET_KEY.test(k) ? "[redacted]" : scrub(v, depth + 1)]),
  );
}

export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  child(fields: Fields): Logger;
}

export function createLogger(base: Fields = {}, write: (line: string) => void = (l) => process.stdout.write(l + "\n")): Logger {
  const emit = (level: Level, msg: string, fields?: Fields) =>
    write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...(scrub({ ...base, ...fields }) as Fields) }));
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    child: (fields) => createLogger({ ...base, ...fields }, write),
  };
}
