// The portal's production HTTP server (`npm start`): Next.js's request handler behind a plain
// Node server that appends the socket's peer address to X-Forwarded-For, as every proxy hop does.
// Next.js keeps an X-Forwarded-For it receives and drops the socket address, so without this the
// audit log and the throttles could only see what the client chose to write there. The last
// entry is now always the real peer; lib/http/client-address.ts believes earlier entries only
// from TRUSTED_PROXIES.
// It runs bundled, as dist/portal.mjs inside Next.js's standalone output (scripts/build.sh, the
// image): `node .next/standalone/dist/portal.mjs [--port 3000] [--hostname 0.0.0.0]`.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import next from "next";

const { values } = parseArgs({ options: { port: { type: "string", default: "3000" }, hostname: { type: "string", default: "0.0.0.0" } } });
const port = Number(values.port);
const hostname = values.hostname!;

// The standalone output has no next.config.ts; its build left the resolved configuration in
// required-server-files.json, which Next.js reads from this variable (as the server.js it
// generates does).
const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(dir);
const { config } = JSON.parse(readFileSync(path.join(dir, ".next", "required-server-files.json"), "utf8")) as { config: object };
process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(config);

const app = next({ dev: false, dir, hostname, port });
await app.prepare();
const handle = app.getRequestHandler();

/** Methods the Fetch standard forbids: Next.js cannot even build a request object for them (it
 * answers 500), so they are refused here with 405 and the methods the path does serve. */
const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);

createServer(async (req, res) => {
  if (FORBIDDEN_METHODS.has(req.method ?? "")) {
    // Imported once Next.js is prepared: the route table reads modules that need its runtime.
    const { allowedMethods } = await import("@/app/api/_lib/methods");
    const allow = allowedMethods(new URL(req.url ?? "/", "http://localhost").pathname) ?? ["GET", "HEAD"];
    res.writeHead(405, { Allow: allow.join(", "), "Content-Type": "application/json" });
    res.end(JSON.stringify({ error: { code: "method_not_allowed", message: `${req.method} is not supported here; use ${allow.join(", ")}` } }));
    return;
  }
  const peer = req.socket.remoteAddress;
  if (peer) {
    const forwarded = req.headers["x-forwarded-for"];
    const earlier = Array.isArray(forwarded) ? forwarded.join(", ") : forwarded;
    req.headers["x-forwarded-for"] = earlier ? `${earlier}, ${peer}` : peer;
  }
  void handle(req, res);
}).listen(port, hostname, () => {
  console.log(`Storefleet portal listening on http://${hostname}:${port}`);
});
