-- issue 12: WeCom households — 微信客服 (kf) cursors and service windows, per-grid links, customer
-- groups and their member counts, who registered a request for a household (代报), households per grid.
CREATE TABLE IF NOT EXISTS "kf_cursors" (
	"open_kfid" text PRIMARY KEY NOT NULL,
	"cursor" text DEFAULT '' NOT NULL,
	"token" text,
	"token_at" timestamp with time zone,
	"wanted" bigint DEFAULT 0 NOT NULL,
	"done" bigint DEFAULT 0 NOT NULL,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"synced_at" timestamp with time zone,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "kf_windows" (
	"open_kfid" text NOT NULL,
	"external_userid" text NOT NULL,
	"last_in_at" timestamp with time zone NOT NULL,
	"sent" integer DEFAULT 0 NOT NULL,
	PRIMARY KEY ("open_kfid", "external_userid")
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "kf_links" (
	"area_code" text NOT NULL,
	"open_kfid" text NOT NULL,
	"scene" text NOT NULL,
	"url" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	PRIMARY KEY ("open_kfid", "area_code")
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "kf_links_scene_idx" ON "kf_links" ("open_kfid", "scene");
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "wecom_groups" (
	"chat_id" text PRIMARY KEY NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"owner" text DEFAULT '' NOT NULL,
	"corp_members" integer DEFAULT 0 NOT NULL,
	"external_members" integer DEFAULT 0 NOT NULL,
	"dismissed" boolean DEFAULT false NOT NULL,
	"stale" boolean DEFAULT false NOT NULL,
	"synced_at" timestamp with time zone,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "wecom_groups_stale_idx" ON "wecom_groups" ("changed_at") WHERE "stale";
--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN IF NOT EXISTS "registered_by" integer REFERENCES "people"("id");
--> statement-breakpoint
ALTER TABLE "areas" ADD COLUMN IF NOT EXISTS "households" integer;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "people_household_phone_idx" ON "people" ("area_code", "phone") WHERE "role" = 'household' AND "phone" IS NOT NULL;
