-- Issue 11.8: staff the org file names as readers of sensitive requests (integrity complaints …).
ALTER TABLE "people" ADD COLUMN IF NOT EXISTS "sensitive_reader" boolean DEFAULT false NOT NULL;
