import type { Metadata } from "next";
import { requireActor } from "@/app/_lib/session";
import { listApiTokens } from "@/lib/tokens/service";
import { DataTable } from "@/app/_components/data-table";
import { DateTime } from "@/app/_components/time";
import { CreateTokenForm } from "./create-token-form";
import { RevokeTokenButton } from "./revoke-token-button";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const actor = await requireActor();
  const tokens = await listApiTokens(actor);
  return (
    <section aria-labelledby="tokens-heading" className="space-y-6">
      <div>
        <h1 id="tokens-heading" className="text-2xl font-semibold">
          API tokens
        </h1>
        <p className="text-sm text-slate-600">
          Personal tokens for the REST API (<code>Authorization: Bearer …</code>). A full token acts as you, with your permissions; a read-only token can only read. Choose an expiry: a token that leaks stops working on its own.
        </p>
      </div>
      <div className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
        <CreateTokenForm />
      </div>
      {tokens.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">You have no API tokens.</p>
      ) : (
        <DataTable caption="Your API tokens" columns={["Name", "Prefix", "Access", "Created", "Expires", "Last used", "Status"]}>
          {tokens.map((token) => (
            <tr key={token.id} data-testid={`token-${token.name}`}>
              <td className="px-4 py-3 align-top font-medium">{token.name}</td>
              <td className="px-4 py-3 align-top font-mono text-xs">{token.prefix}…</td>
              <td className="px-4 py-3 align-top">{token.scope === "read" ? "Read only" : "Full"}</td>
              <td className="px-4 py-3 align-top">
                <DateTime value={token.createdAt} />
              </td>
              <td className="px-4 py-3 align-top">{token.expiresAt ? <DateTime value={token.expiresAt} /> : <span className="text-slate-500">Never</span>}</td>
              <td className="px-4 py-3 align-top">{token.lastUsedAt ? <DateTime value={token.lastUsedAt} /> : <span className="text-slate-500">Never</span>}</td>
              <td className="px-4 py-3 align-top">
                {token.revokedAt ? (
                  <span className="text-slate-600">
                    Revoked <DateTime value={token.revokedAt} />
                  </span>
                ) : (
                  <RevokeTokenButton tokenId={token.id} name={token.name} />
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
