import type { NextConfig } from "next";
import { env } from "./lib/config/env";

// Parsing here makes a bad environment stop `next build` and `next start` with a message that
// names each bad variable.
env();

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The image holds only what the server needs (scripts/build.sh completes the layout).
  output: "standalone",
  // The Kubernetes client and pg are Node libraries; keep them out of the server bundle.
  serverExternalPackages: ["@kubernetes/client-node", "pg", "@prisma/adapter-pg"],
  async headers() {
    return [
      {
        source: "/(.*)",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
