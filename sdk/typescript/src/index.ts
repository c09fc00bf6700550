// The Herald client: the typed openapi-fetch client of every operation in sdk/openapi.json (`herald.api`), plus
// the few things every integration writes by hand otherwise: the API key, Idempotency-Key on creating POSTs,
// errors thrown as HeraldError with Herald's code, and cursor pagination.
import createClient, { type Client, type Middleware } from "openapi-fetch";

import type { components, paths } from "./generated/schema.js";

export type { components, paths };
export type Schemas = components["schemas"];
/**
 * The spec's schemas mark no response field as required (the services' documents do not say it); an object Herald
 * returns always has its id, so the shortcuts' results say so.
 */
export type Identified<T> = T & { id: string };
export type Post = Identified<Schemas["Post"]>;
export type CreatePostRequest = Schemas["CreatePostRequest"];
export type UpdatePostRequest = Schemas["UpdatePostRequest"];
export type Account = Identified<Schemas["Account"]>;
export type ErrorDetail = Schemas["ErrorDetail"];
export type ListPostsQuery = NonNullable<paths["/v1/posts"]["get"]["parameters"]["query"]>;
export type ListAccountsQuery = NonNullable<paths["/v1/accounts"]["get"]["parameters"]["query"]>;

export interface HeraldOptions {
  /** `hk_live_…` or `hk_test_…`. */
  apiKey: string;
  /** The gateway, e.g. `http://localhost:8080` (what `./herald up` prints). */
  baseUrl: string;
  /** Another fetch (a proxy-aware one, a test double); the global fetch by default. */
  fetch?: typeof globalThis.fetch;
  /** Sent with every request, e.g. `Herald-Mode` for a signed-in user. */
  headers?: Record<string, string>;
}

/** Options of a creating POST. */
export interface CreateOptions {
  /**
   * Makes a retried create safe: the same key with the same body returns the first response (with
   * `Idempotent-Replayed: true`) instead of creating again; kept 48 h. Use `newIdempotencyKey()` once per
   * logical create and reuse it on every retry of it.
   */
  idempotencyKey?: string;
}

/** Herald's error body, `{error: {code, message, details, request_id}}`, as a thrown error. */
export class HeraldError extends Error {
  override readonly name = "HeraldError";

  constructor(
    /** The HTTP status. */
    readonly status: number,
    /** Machine-readable, stable: `validation_failed`, `not_found`, `idempotency_key_reused`, … */
    readonly code: string,
    message: string,
    /** Quote it when asking for support: it finds the request in Herald's logs. */
    readonly requestId: string | undefined,
    /** One entry per problem of a 400: `{field, code, message}`. */
    readonly details: ErrorDetail[],
  ) {
    super(message);
  }

  /** From a response that failed; a body that is not Herald's error shape still gives a code (`http_<status>`). */
  static from(response: Response, body: unknown): HeraldError {
    const error = (body as { error?: Schemas["ErrorBody"] } | undefined)?.error;
    const requestId = error?.request_id ?? response.headers.get("X-Request-Id") ?? undefined;
    return new HeraldError(
      response.status,
      error?.code ?? `http_${response.status}`,
      error?.message ?? (response.statusText || `HTTP ${response.status}`),
      requestId,
      error?.details ?? [],
    );
  }
}

/** A page of a list: `{data, has_more, next_cursor}`. */
export interface Page<T> {
  data?: T[];
  has_more?: boolean;
  next_cursor?: string;
}

/** What every openapi-fetch call resolves to: the parsed body or the parsed error, and the response. */
interface Outcome<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The body of a successful call; a failed one throws {@link HeraldError}. */
export async function unwrap<T>(call: Promise<Outcome<T>>): Promise<T>;
/** The same, the body typed by the caller as a narrower type (e.g. `Identified<…>`). */
export async function unwrap<T>(call: Promise<Outcome<unknown>>): Promise<T>;
export async function unwrap<T>(call: Promise<Outcome<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) {
    throw HeraldError.from(response, error);
  }
  return data as T;
}

/** Every item of a cursor list, page after page, fetched as the caller iterates. */
export async function* paginate<T>(fetchPage: (cursor?: string) => Promise<Page<T>>): AsyncGenerator<T> {
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    yield* page.data ?? [];
    cursor = page.has_more ? page.next_cursor : undefined;
  } while (cursor);
}

/** A fresh Idempotency-Key (a random UUID). */
export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

/** The Herald API. `herald.api` reaches every operation of the spec, typed; the rest are shortcuts. */
export class Herald {
  readonly api: Client<paths>;

  constructor(options: HeraldOptions) {
    if (!options.apiKey) {
      throw new TypeError("Herald: apiKey is required");
    }
    this.api = createClient<paths>({
      baseUrl: options.baseUrl.replace(/\/+$/, ""),
      fetch: options.fetch,
      headers: { ...options.headers, Authorization: `Bearer ${options.apiKey}` },
    });
  }

  /** Adds openapi-fetch middleware (logging, tracing headers, …) to every call. */
  use(...middleware: Middleware[]): this {
    this.api.use(...middleware);
    return this;
  }

  readonly posts = {
    create: (body: CreatePostRequest, options: CreateOptions = {}): Promise<Post> =>
      unwrap<Post>(this.api.POST("/v1/posts", { body, params: { header: idempotency(options) } })),
    get: (id: string): Promise<Post> => unwrap<Post>(this.api.GET("/v1/posts/{id}", { params: { path: { id } } })),
    /** One page, newest first. */
    list: (query: ListPostsQuery = {}): Promise<Page<Post>> =>
      unwrap<Page<Post>>(this.api.GET("/v1/posts", { params: { query } })),
    /** Every post matching the filters, newest first, fetched `query.limit` at a time. */
    all: (query: ListPostsQuery = {}): AsyncGenerator<Post> =>
      paginate((cursor) => this.posts.list({ ...query, cursor })),
    update: (id: string, body: UpdatePostRequest): Promise<Post> =>
      unwrap<Post>(this.api.PATCH("/v1/posts/{id}", { params: { path: { id } }, body })),
    /** Cancels a post none of whose destinations is queued or published yet. */
    cancel: (id: string): Promise<Post> =>
      unwrap<Post>(this.api.DELETE("/v1/posts/{id}", { params: { path: { id } } })),
  };

  readonly accounts = {
    list: (query: ListAccountsQuery = {}): Promise<Page<Account>> =>
      unwrap<Page<Account>>(this.api.GET("/v1/accounts", { params: { query } })),
    all: (query: ListAccountsQuery = {}): AsyncGenerator<Account> =>
      paginate((cursor) => this.accounts.list({ ...query, cursor })),
  };
}

function idempotency(options: CreateOptions): { "Idempotency-Key"?: string } {
  return options.idempotencyKey === undefined ? {} : { "Idempotency-Key": options.idempotencyKey };
}
