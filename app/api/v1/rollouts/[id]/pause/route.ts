import { rolloutControlRoute } from "@/app/api/_lib/rollout-control";

export const POST = rolloutControlRoute("pause");
