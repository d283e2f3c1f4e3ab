// One health check of a store, as a shopper's browser would see it: the storefront answers 200
// with WooCommerce's markup, and the Store API's cart answers 200 with JSON. The requests carry
// the store's host name and may connect elsewhere (HEALTH_CHECK_CONNECT_TO: the router's Service
// inside the cluster), like curl's --connect-to.
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

export interface ProbeResult {
  ok: boolean;
  /** The storefront's response time. */
  responseMs: number;
  /** Why it failed, in a few words; null when it passed. */
  problem: string | null;
}

interface Answer {
  status: number;
  type: string;
  body: string;
}

const MAX_BODY = 512 * 1024;

function get(url: URL, connectTo: string | undefined, timeoutMs: number): Promise<Answer> {
  const [host, port] = connectTo ? [connectTo.slice(0, connectTo.lastIndexOf(":")), Number(connectTo.slice(connectTo.lastIndexOf(":") + 1))] : [url.hostname, Number(url.port) || (url.protocol === "https:" ? 443 : 80)];
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      { host, port, path: `${url.pathname}${url.search}`, method: "GET", servername: url.hostname, timeout: timeoutMs, headers: { Host: url.host, "User-Agent": "storefleet-health/1", Accept: "*/*" } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          if (body.length < MAX_BODY) body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"] ?? ""), body }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on("error", reject);
    req.end();
  });
}

/** Checks the store at `storeUrl`; never throws. */
export async function probeStore(storeUrl: string, connectTo: string | undefined, timeoutMs = 10_000): Promise<ProbeResult> {
  const started = performance.now();
  try {
    const front = await get(new URL("/", storeUrl), connectTo, timeoutMs);
    const responseMs = Math.round(performance.now() - started);
    if (front.status !== 200) return { ok: false, responseMs, problem: `the storefront answered ${front.status}` };
    if (!/woocommerce/i.test(front.body)) return { ok: false, responseMs, problem: "the storefront does not show the shop (no WooCommerce markup)" };
    const cart = await get(new URL("/wp-json/wc/store/v1/cart", storeUrl), connectTo, timeoutMs);
    if (cart.status !== 200 || !cart.type.includes("json")) return { ok: false, responseMs, problem: `the Store API's cart answered ${cart.status}${cart.type.includes("json") ? "" : " without JSON"}` };
    return { ok: true, responseMs, problem: null };
  } catch (error) {
    return { ok: false, responseMs: Math.round(performance.now() - started), problem: `the storefront did not answer: ${(error as Error).message}` };
  }
}
