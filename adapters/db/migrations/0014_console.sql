-- issue 17: the console workspace — possibly urgent requests pinned, and the audit of unmasked numbers.
ALTER TABLE "requests" ADD COLUMN IF NOT EXISTS "possibly_urgent" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "console_audit" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"person_id" integer NOT NULL REFERENCES "people"("id"),
	"request_id" integer NOT NULL REFERENCES "requests"("id"),
	"action" text NOT NULL,
	"via" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "console_audit_request_idx" ON "console_audit" USING btree ("request_id","id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "console_audit_at_idx" ON "console_audit" USING btree ("at");
