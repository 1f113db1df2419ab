-- Issue 16: leases held by one instance at a time (a channel's sender and its polling or long
-- connection). A row names the holder and when its lease lapses; another instance takes it over
-- once it has lapsed, so a killed holder is replaced within seconds.
CREATE TABLE IF NOT EXISTS "leases" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"acquired_at" timestamp with time zone DEFAULT now() NOT NULL
);
