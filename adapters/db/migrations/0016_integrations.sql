-- Issue 19: other systems. Keys of integrating systems (Open311 api_key, /api/v1 tokens), stored
-- as SHA-256 digests; the caller ids of Open311 requests (one request per system and caller id);
-- webhook subscribers (their deliveries are outbox rows on the channel `webhook`).
CREATE TABLE IF NOT EXISTS "integration_keys" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"system" text NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"key_prefix" text NOT NULL,
	"role" text,
	"area_code" text,
	"department_code" text,
	"person_id" integer REFERENCES "people"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "integration_keys_hash_idx" ON "integration_keys" ("key_hash");
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "open311_requests" (
	"system" text NOT NULL,
	"external_id" text NOT NULL,
	"token" text NOT NULL,
	-- Deferred: the link is written just before the request itself, in the same transaction.
	"request_id" integer REFERENCES "requests"("id") DEFERRABLE INITIALLY DEFERRED,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	PRIMARY KEY ("system", "external_id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "open311_requests_token_idx" ON "open311_requests" ("token");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "open311_requests_request_idx" ON "open311_requests" ("request_id");
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "webhook_subscribers" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"events" jsonb NOT NULL,
	"area_code" text,
	"include_sensitive" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- Exports and Open311 reads page by creation time within an area.
CREATE INDEX IF NOT EXISTS "requests_created_id_idx" ON "requests" ("created_at", "id");
