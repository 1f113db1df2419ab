-- issue 18: 信访 — the petition track beside the service request, numbered documents, reception
-- days and bookings, visits (接访 / 下访 / 回访 / 律师值班), mediation, the household registry.
ALTER TABLE "requests" ADD COLUMN IF NOT EXISTS "track" text DEFAULT 'service' NOT NULL;
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "petitions" (
	"request_id" integer PRIMARY KEY NOT NULL REFERENCES "requests"("id"),
	"county_code" text NOT NULL,
	"area_code" text NOT NULL,
	"category" text NOT NULL,
	"status" text NOT NULL,
	"channel" text NOT NULL,
	"entry_level" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"accept_due_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"not_accepted_reason" text,
	"handle_due_at" timestamp with time zone,
	"extended_days" integer DEFAULT 0 NOT NULL,
	"extension_reason" text,
	"answered_at" timestamp with time zone,
	"review_requested_at" timestamp with time zone,
	"review_due_at" timestamp with time zone,
	"reviewed_at" timestamp with time zone,
	"recheck_requested_at" timestamp with time zone,
	"recheck_due_at" timestamp with time zone,
	"rechecked_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"agreement" text,
	"agreement_ref" text,
	"repeat_of" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"household_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"collective" boolean DEFAULT false NOT NULL,
	"households" integer DEFAULT 1 NOT NULL,
	"bypassed" boolean DEFAULT false NOT NULL,
	"department_code" text,
	"breach_count" integer DEFAULT 0 NOT NULL,
	"backlog" jsonb,
	"check_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "petitions_check_idx" ON "petitions" ("check_at") WHERE "check_at" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "petitions_received_idx" ON "petitions" ("county_code", "received_at");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "petitions_households_idx" ON "petitions" USING gin ("household_ids");
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "document_sequences" (
	"county_code" text NOT NULL,
	"year" integer NOT NULL,
	"word" text NOT NULL,
	"last" integer DEFAULT 0 NOT NULL,
	PRIMARY KEY ("county_code", "year", "word")
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "petition_documents" (
	"id" serial PRIMARY KEY NOT NULL,
	"request_id" integer NOT NULL REFERENCES "requests"("id"),
	"kind" text NOT NULL,
	"number" text NOT NULL,
	"county_code" text NOT NULL,
	"year" integer NOT NULL,
	"seq" integer NOT NULL,
	"blob_sha" text NOT NULL REFERENCES "blobs"("sha256"),
	"token" text NOT NULL,
	"created_by" integer REFERENCES "people"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "petition_documents_number_idx" ON "petition_documents" ("county_code", "number");
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "petition_documents_token_idx" ON "petition_documents" ("token");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "petition_documents_request_idx" ON "petition_documents" ("request_id", "id");
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "reception_sessions" (
	"id" serial PRIMARY KEY NOT NULL,
	"unit" text NOT NULL,
	"day" text NOT NULL,
	"kind" text NOT NULL,
	"host" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"capacity" integer NOT NULL,
	"place" text,
	"notice_id" integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "reception_sessions_slot_idx" ON "reception_sessions" ("unit", "day", "kind", "host", "starts_at");
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "reception_bookings" (
	"id" serial PRIMARY KEY NOT NULL,
	"session_id" integer NOT NULL REFERENCES "reception_sessions"("id"),
	"person_id" integer NOT NULL REFERENCES "people"("id"),
	"channel" text NOT NULL,
	"chat_id" text NOT NULL,
	"user_id" text NOT NULL,
	"name" text NOT NULL,
	"matter" text,
	"status" text DEFAULT 'booked' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cancelled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "reception_bookings_once_idx" ON "reception_bookings" ("session_id", "person_id") WHERE "status" = 'booked';
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "reception_bookings_person_idx" ON "reception_bookings" ("person_id", "status");
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "visits" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"unit" text NOT NULL,
	"host_id" integer REFERENCES "people"("id"),
	"host_name" text NOT NULL,
	"booking_id" integer REFERENCES "reception_bookings"("id"),
	"person_id" integer REFERENCES "people"("id"),
	"petitioner" text NOT NULL,
	"matter" text NOT NULL,
	"outcome" text NOT NULL,
	"request_id" integer REFERENCES "requests"("id"),
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "visits_unit_idx" ON "visits" ("unit", "at");
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "mediations" (
	"id" serial PRIMARY KEY NOT NULL,
	"request_id" integer NOT NULL REFERENCES "requests"("id"),
	"committee" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"started_by" integer REFERENCES "people"("id"),
	"outcome" text,
	"next_route" text,
	"agreement" text,
	"outcome_at" timestamp with time zone,
	"outcome_by" integer REFERENCES "people"("id")
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "mediations_request_idx" ON "mediations" ("request_id", "id");
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "household_registry" (
	"id" serial PRIMARY KEY NOT NULL,
	"grid" text NOT NULL,
	"household" text NOT NULL,
	"representative" text NOT NULL,
	"phone" text,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "household_registry_idx" ON "household_registry" ("grid", "household");
