import { describe, expect, it } from "vitest";
import { clientAddress, trustedProxies } from "./client-address";

const none = trustedProxies([]);
const ingress = trustedProxies(["10.0.0.0/8", "fd00::/8", "192.0.2.1"]);

describe("the client address", () => {
  it("is the socket's peer (the last entry) when no proxy is trusted, whatever the client wrote", () => {
    expect(clientAddress("203.0.113.9, 127.0.0.1", none)).toBe("127.0.0.1");
    expect(clientAddress("127.0.0.1", none)).toBe("127.0.0.1");
    expect(clientAddress("::ffff:198.51.100.4", none)).toBe("198.51.100.4");
  });

  it("walks left past trusted proxies only", () => {
    expect(clientAddress("203.0.113.9, 10.1.2.3", ingress)).toBe("203.0.113.9");
    // The client forged an entry before its own address; the trusted proxy appended the real one.
    expect(clientAddress("1.1.1.1, 198.51.100.4, 10.1.2.3", ingress)).toBe("198.51.100.4");
    expect(clientAddress("2001:db8::5, fd00::1", ingress)).toBe("2001:db8::5");
    expect(clientAddress("203.0.113.9, 192.0.2.1, 10.9.9.9", ingress)).toBe("203.0.113.9");
  });

  it("stops at a garbled entry, keeping the last hop it could check", () => {
    expect(clientAddress("not-an-ip, 10.1.2.3", ingress)).toBe("10.1.2.3");
    expect(clientAddress("", none)).toBeNull();
    expect(clientAddress(null, none)).toBeNull();
  });

  it("answers with the innermost trusted hop when every hop is trusted", () => {
    expect(clientAddress("10.0.0.7, 10.1.2.3", ingress)).toBe("10.0.0.7");
  });
});
