// The built SDK (dist/) against a running Herald: HERALD_URL, HERALD_API_KEY (a test key) and
// HERALD_SANDBOX_ACCOUNT_ID, as `./herald up` writes them to .herald/env. system-tests' TypeScriptSdkIT runs it
// against a fresh stack; by hand: `npm run build && source ../../.herald/env && npm test`.
import assert from "node:assert/strict";
import { before, test } from "node:test";

import { Herald, HeraldError, newIdempotencyKey } from "../dist/index.js";

const { HERALD_URL, HERALD_API_KEY, HERALD_SANDBOX_ACCOUNT_ID } = process.env;
const skip = !HERALD_URL || !HERALD_API_KEY || !HERALD_SANDBOX_ACCOUNT_ID
  ? "set HERALD_URL, HERALD_API_KEY and HERALD_SANDBOX_ACCOUNT_ID (source .herald/env)"
  : false;

let herald;
const run = `ts-sdk-${Date.now()}`;
// A draft is never sent: the posts stay put while the tests read them.
const draft = (caption) => ({ caption, account_ids: [HERALD_SANDBOX_ACCOUNT_ID], mode: "draft", external_id: run });

before(() => {
  if (!skip) {
    herald = new Herald({ baseUrl: HERALD_URL, apiKey: HERALD_API_KEY });
  }
});

test("creates a post once when the same Idempotency-Key is sent twice", { skip }, async () => {
  const key = newIdempotencyKey();
  const first = await herald.posts.create(draft("Hello from the TypeScript SDK"), { idempotencyKey: key });
  const again = await herald.posts.create(draft("Hello from the TypeScript SDK"), { idempotencyKey: key });

  assert.match(first.id, /^post_/);
  assert.equal(again.id, first.id);
  assert.equal(first.status, "draft");
  assert.equal(first.destinations?.[0]?.account_id, HERALD_SANDBOX_ACCOUNT_ID);
});

test("gets a post by id", { skip }, async () => {
  const created = await herald.posts.create(draft("Read me back"));
  const read = await herald.posts.get(created.id);

  assert.equal(read.id, created.id);
  assert.equal(read.caption, "Read me back");
});

test("lists every post page by page with the cursor", { skip }, async () => {
  const created = [];
  for (const caption of ["page one", "page two", "page three"]) {
    created.push((await herald.posts.create(draft(caption))).id);
  }

  const first = await herald.posts.list({ external_id: run, limit: 1 });
  assert.equal(first.data?.length, 1);
  assert.equal(first.has_more, true);
  assert.ok(first.next_cursor);

  const seen = [];
  for await (const post of herald.posts.all({ external_id: run, limit: 1 })) {
    seen.push(post.id);
  }
  assert.equal(new Set(seen).size, seen.length, "no post twice");
  for (const id of created) {
    assert.ok(seen.includes(id), `${id} listed`);
  }
  // Newest first.
  assert.ok(seen.indexOf(created[2]) < seen.indexOf(created[0]));
});

test("throws HeraldError with Herald's code for a bad request", { skip }, async () => {
  const invalid = await herald.posts.create({ caption: "", account_ids: [] }).catch((e) => e);
  assert.ok(invalid instanceof HeraldError, String(invalid));
  assert.equal(invalid.status, 400);
  assert.equal(invalid.code, "validation_failed");
  assert.match(invalid.requestId ?? "", /^req_/);
  assert.ok(invalid.details.length > 0, "every problem listed");

  const missing = await herald.posts.get("post_doesnotexist").catch((e) => e);
  assert.ok(missing instanceof HeraldError, String(missing));
  assert.equal(missing.status, 404);
  assert.equal(missing.code, "not_found");

  const key = newIdempotencyKey();
  await herald.posts.create(draft("first body"), { idempotencyKey: key });
  const reused = await herald.posts.create(draft("another body"), { idempotencyKey: key }).catch((e) => e);
  assert.ok(reused instanceof HeraldError, String(reused));
  assert.equal(reused.status, 422);
  assert.equal(reused.code, "idempotency_key_reused");
});

test("refuses an unknown key with 401", { skip }, async () => {
  const stranger = new Herald({ baseUrl: HERALD_URL, apiKey: "hk_test_not_a_real_key" });
  const refused = await stranger.posts.list().catch((e) => e);
  assert.ok(refused instanceof HeraldError, String(refused));
  assert.equal(refused.status, 401);
  assert.ok(refused.code.length > 0);
});
