"use client";

import { useActionState } from "react";
import { FormStatus } from "@/app/_components/form";
import { revokeUserTokensAction, updateUserAction } from "./actions";

interface Props {
  user: { id: string; email: string; name: string; role: string; disabled: boolean; storeQuota: number; storeCount: number; activeTokenCount: number };
  isSelf: boolean;
}

export function UserRow({ user, isSelf }: Props) {
  const [state, action, pending] = useActionState(updateUserAction.bind(null, user.id), null);
  const [revokeState, revokeAction, revoking] = useActionState(revokeUserTokensAction.bind(null, user.id), null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const id = (field: string) => `${field}-${user.id}`;
  return (
    <tr data-testid={`user-${user.email}`}>
      <td className="px-4 py-3 align-top">
        <p className="font-medium">{user.name}</p>
        <p className="text-slate-500">{user.email}</p>
        {user.disabled ? <p className="mt-1 text-xs font-semibold uppercase text-red-700">Disabled</p> : null}
        <form action={revokeAction} className="mt-2 space-y-1">
          <p className="text-xs text-slate-600" data-testid="active-tokens">
            {user.activeTokenCount} active API token{user.activeTokenCount === 1 ? "" : "s"}
          </p>
          {user.activeTokenCount > 0 ? (
            <button type="submit" disabled={revoking} className="rounded-md border border-red-300 px-2 py-0.5 text-xs font-medium text-red-800 hover:bg-red-50">
              {revoking ? "Revoking…" : "Revoke all API tokens"}
              <span className="sr-only"> of {user.email}</span>
            </button>
          ) : null}
          <FormStatus state={revokeState} />
        </form>
      </td>
      <td className="px-4 py-3 align-top tabular-nums">
        {user.storeCount} / {user.storeQuota}
      </td>
      <td className="px-4 py-3">
        <form action={action} className="flex flex-wrap items-end gap-3">
          <div>
            <label htmlFor={id("role")} className="block text-xs text-slate-600">Role</label>
            <select id={id("role")} name="role" defaultValue={user.role} className="rounded-md border border-slate-300 px-2 py-1">
              <option value="member">member</option>
              <option value="admin">admin</option>
            </select>
          </div>
          <div>
            <label htmlFor={id("quota")} className="block text-xs text-slate-600">Store quota</label>
            <input
              id={id("quota")}
              name="storeQuota"
              type="number"
              min={0}
              max={1000}
              defaultValue={user.storeQuota}
              aria-invalid={errors?.storeQuota ? true : undefined}
              className="w-20 rounded-md border border-slate-300 px-2 py-1"
            />
          </div>
          <div className="flex items-center gap-2 pb-1">
            <input id={id("disabled")} name="disabled" type="checkbox" defaultChecked={user.disabled} disabled={isSelf} />
            <label htmlFor={id("disabled")} className="text-sm">Disabled</label>
          </div>
          <button type="submit" disabled={pending} className="rounded-md border border-slate-300 px-3 py-1 font-medium hover:bg-slate-50">
            {pending ? "Saving…" : "Save"}
            <span className="sr-only"> {user.email}</span>
          </button>
          <div className="basis-full">
            <FormStatus state={state ? { ok: state.ok, message: state.ok ? state.message : [state.message, ...Object.values(errors ?? {}).flat()].join(" ") } : null} />
          </div>
        </form>
      </td>
    </tr>
  );
}
