import { NextResponse } from "next/server";
import { updateUser } from "@/lib/users/service";
import { jsonBody, withActor } from "@/app/api/_lib/handler";

/** Admin: change a user's role, store quota or disabled flag. */
export const PATCH = withActor<{ id: string }>(async (req, ctx, { id }) => {
  const user = await updateUser(id, await jsonBody(req), ctx);
  return NextResponse.json({ user });
});
