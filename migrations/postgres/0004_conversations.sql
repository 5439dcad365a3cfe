ALTER TABLE "channels" ADD COLUMN "available_tags" text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "applied_tags" text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "search_text" text;--> statement-breakpoint
CREATE INDEX "messages_search_missing_idx" ON "messages" USING btree ("id") WHERE search_text IS NULL AND deleted = FALSE AND content <> '';