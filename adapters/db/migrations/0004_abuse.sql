CREATE TABLE "intake_counters" (
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "intake_counters_key_window_start_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
CREATE INDEX "intake_counters_window_idx" ON "intake_counters" USING btree ("window_start");
--> statement-breakpoint
CREATE TABLE "intake_repeats" (
	"key" text PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "intake_repeats_at_idx" ON "intake_repeats" USING btree ("at");
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "lane" text GENERATED ALWAYS AS (coalesce("message"->'mention'->>'userId', '')) STORED NOT NULL;
--> statement-breakpoint
CREATE INDEX "outbox_lane_idx" ON "outbox" USING btree ("channel","chat_id","lane","id") WHERE status = 'pending';
