CREATE TABLE "console_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"person_id" integer NOT NULL,
	"csrf" text,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "web_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"chat_id" text NOT NULL,
	"sender_id" text,
	"sender_name" text NOT NULL,
	"text" text NOT NULL,
	"buttons" jsonb,
	"image_png" text,
	"mention" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "console_tokens" ADD CONSTRAINT "console_tokens_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "console_tokens_expiry_idx" ON "console_tokens" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "web_messages_chat_idx" ON "web_messages" USING btree ("chat_id","id");