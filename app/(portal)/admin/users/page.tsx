import type { Metadata } from "next";
import { requireAdminPage } from "@/app/_lib/session";
import { listUsers } from "@/lib/users/service";
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
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">User</th>
              <th scope="col" className="px-4 py-2 font-medium">Stores</th>
              <th scope="col" className="px-4 py-2 font-medium">Role, quota and access</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {users.map((user) => (
              <UserRow key={user.id} user={user} isSelf={user.id === actor.id} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
