import type { Metadata } from "next";
import { requireAdminPage } from "@/app/_lib/session";
import { listUsers } from "@/lib/users/service";
import { DataTable } from "@/app/_components/data-table";
import { UserRow } from "./user-row";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const actor = await requireAdminPage();
  const users = await listUsers(actor);
  return (
    <section aria-labelledby="users-heading" className="space-y-4">
      <h1 id="users-heading" className="text-2xl font-semibold">
        Users
      </h1>
      <DataTable columns={["User", "Stores", "Role, quota and access"]}>
        {users.map((user) => (
          <UserRow key={user.id} user={user} isSelf={user.id === actor.id} />
        ))}
      </DataTable>
    </section>
  );
}
