-- Issue 14: staff groups, the rating window, following requests, canned replies.
ALTER TABLE "chats" ADD COLUMN IF NOT EXISTS "role" text DEFAULT 'household' NOT NULL;
--> statement-breakpoint
-- Groups of departments and of dispatch centres (townships, the county) are working groups.
UPDATE "chats" SET "role" = 'staff' WHERE "department_code" IS NOT NULL
  OR "area_code" IN (SELECT "code" FROM "areas" WHERE "level" IN ('township', 'county'));
--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN IF NOT EXISTS "rating_remind_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN IF NOT EXISTS "rating_due_at" timestamp with time zone;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "requests_co_reporters_idx" ON "requests" USING gin ("co_reporters" jsonb_path_ops);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "canned_replies" (
	"id" serial PRIMARY KEY NOT NULL,
	"unit_kind" text NOT NULL,
	"unit_code" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"category" text,
	"use" text,
	"text" text NOT NULL,
	"org_text" text,
	"deleted" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "canned_replies_unit_idx" ON "canned_replies" ("unit_kind", "unit_code", "position", "id");
