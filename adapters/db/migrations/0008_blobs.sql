CREATE TABLE IF NOT EXISTS "blobs" (
	"sha256" text PRIMARY KEY NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"bytes" bytea NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- Photos and voice are compressed already: store them out of line without trying to compress again.
ALTER TABLE "blobs" ALTER COLUMN "bytes" SET STORAGE EXTERNAL;
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "request_attachments" (
	"request_id" integer NOT NULL REFERENCES "requests"("id"),
	"ref" text NOT NULL,
	"blob_sha" text REFERENCES "blobs"("sha256"),
	"kind" text NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"added_by" integer REFERENCES "people"("id"),
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	PRIMARY KEY ("request_id", "ref")
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "request_attachments_blob_idx" ON "request_attachments" ("blob_sha");
