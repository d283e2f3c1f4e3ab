// A small list-then-watch cache of one kind of object, like client-go's informers, keeping only a
// compact record of each object (whatever `transform` returns) so thousands of stores cost a few
// megabytes. The watch resumes from the last resourceVersion it saw (bookmarks keep it fresh); when
// the API server has compacted that far (410 Gone) the cache is rebuilt from a new list.
import type { KubernetesObject } from "@kubernetes/client-node";
import { getJson, type Kube } from "./client";

interface ListPage {
  items: KubernetesObject[];
  metadata?: { resourceVersion?: string; continue?: string };
}

export interface InformerSpec<T> {
  /** For logs. */
  kind: string;
  /** Cluster-wide path, e.g. /apis/apps/v1/deployments: listed, then watched. */
  path: string;
  labelSelector?: string;
  transform(obj: KubernetesObject): T;
}

export interface InformerEvents<T> {
  /** After the first complete list, and after every relist. */
  onSynced?(): void;
  onChange?(key: string, now: T | undefined, before: T | undefined): void;
  onError?(error: unknown): void;
}

const PAGE = 500;
const RETRY_MS = 1_000;

/** namespace/name, or name for cluster-scoped objects. */
export function objectKey(o: KubernetesObject): string {
  return o.metadata?.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : String(o.metadata?.name);
}

export class Informer<T> {
  private readonly items = new Map<string, T>();
  private resourceVersion = "";
  private synced = false;
  private stopped = false;
  private abort: AbortController | null = null;
  private readonly firstSync: Promise<void>;
  private resolveFirstSync!: () => void;

  constructor(
    private readonly kube: Kube,
    private readonly spec: InformerSpec<T>,
    private readonly events: InformerEvents<T> = {},
  ) {
    this.firstSync = new Promise((r) => (this.resolveFirstSync = r));
  }

  /** Starts listing and watching; resolves once the first list is in the cache. */
  start(): Promise<void> {
    void this.run();
    return this.firstSync;
  }

  stop(): void {
    this.stopped = true;
    this.abort?.abort();
  }

  get isSynced(): boolean {
    return this.synced;
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  values(): IterableIterator<T> {
    return this.items.values();
  }

  get size(): number {
    return this.items.size;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        if (!this.resourceVersion) await this.relist();
        const gone = await this.watchOnce();
        if (gone) this.resourceVersion = ""; // compacted: rebuild from a fresh list
      } catch (error) {
        this.events.onError?.(error);
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    }
  }

  private async relist(): Promise<void> {
    const seen = new Map<string, T>();
    let page: ListPage;
    let token: string | undefined;
    do {
      page = await getJson<ListPage>(this.kube.kc, this.spec.path, { labelSelector: this.spec.labelSelector, limit: PAGE, continue: token });
      // List items carry no kind; the transform may need it.
      for (const o of page.items) seen.set(objectKey(o), this.spec.transform({ ...o, kind: this.spec.kind }));
      token = page.metadata?.continue || undefined;
    } while (token);
    for (const [key, before] of this.items) if (!seen.has(key)) this.set(key, undefined, before);
    for (const [key, now] of seen) this.set(key, now, this.items.get(key));
    this.resourceVersion = page.metadata?.resourceVersion ?? "";
    this.synced = true;
    this.events.onSynced?.();
    this.resolveFirstSync();
  }

  private set(key: string, now: T | undefined, before: T | undefined): void {
    if (now === undefined) this.items.delete(key);
    else this.items.set(key, now);
    this.events.onChange?.(key, now, before);
  }

  /** One watch stream, until the server ends it; true when the resourceVersion is too old. */
  private watchOnce(): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      let gone = false;
      const query: Record<string, string | number | boolean> = {
        resourceVersion: this.resourceVersion,
        allowWatchBookmarks: true,
        timeoutSeconds: 300 + Math.floor(Math.random() * 60),
      };
      if (this.spec.labelSelector) query.labelSelector = this.spec.labelSelector;
      this.kube.watch
        .watch(
          this.spec.path,
          query,
          (type: string, obj: KubernetesObject & { code?: number }) => {
            if (type === "ERROR") {
              if (obj.code === 410) gone = true;
              return;
            }
            if (obj.metadata?.resourceVersion) this.resourceVersion = obj.metadata.resourceVersion;
            if (type === "BOOKMARK") return;
            const key = objectKey(obj);
            const before = this.items.get(key);
            this.set(key, type === "DELETED" ? undefined : this.spec.transform(obj), before);
          },
          (err: unknown) => {
            this.abort = null;
            const status = (err as { statusCode?: number } | null)?.statusCode;
            if (status === 410) resolve(true);
            else if (err && !this.stopped) reject(err);
            else resolve(gone);
          },
        )
        .then((controller) => {
          this.abort = controller;
          if (this.stopped) controller.abort();
        })
        .catch(reject);
    });
  }
}
