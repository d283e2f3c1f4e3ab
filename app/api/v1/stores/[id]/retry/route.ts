import { lifecycleRoute } from "@/app/api/_lib/lifecycle";

export const POST = lifecycleRoute("retry");
