CREATE TABLE "answers" (
	"id" text PRIMARY KEY NOT NULL,
	"guild_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"user_id" text NOT NULL,
	"question" text NOT NULL,
	"answer" text NOT NULL,
	"source_ids" text DEFAULT '[]' NOT NULL,
	"parent_id" text,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "channels" (
	"id" text PRIMARY KEY NOT NULL,
	"guild_id" text NOT NULL,
	"parent_id" text,
	"type" integer NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"nsfw" boolean DEFAULT false NOT NULL,
	"last_message_id" text,
	"last_crawled_at" bigint,
	"last_error" text,
	"deleted" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "collections" (
	"name" text PRIMARY KEY NOT NULL,
	"guild_id" text DEFAULT '' NOT NULL,
	"model" text NOT NULL,
	"dimension" integer,
	"created_at" bigint NOT NULL,
	"ready" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feedback" (
	"answer_id" text NOT NULL,
	"user_id" text NOT NULL,
	"guild_id" text NOT NULL,
	"rating" integer NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "feedback_answer_id_user_id_pk" PRIMARY KEY("answer_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "guilds" (
	"guild_id" text PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	"unreachable_at" bigint,
	"unreachable_reason" text,
	"last_full_run_at" bigint,
	"last_full_removed" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "index_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"started_at" bigint NOT NULL,
	"finished_at" bigint,
	"status" text NOT NULL,
	"source" text DEFAULT 'discord' NOT NULL,
	"channels" integer DEFAULT 0 NOT NULL,
	"messages_new" integer DEFAULT 0 NOT NULL,
	"messages_edited" integer DEFAULT 0 NOT NULL,
	"messages_deleted" integer DEFAULT 0 NOT NULL,
	"messages_embedded" integer DEFAULT 0 NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "indexer_state" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" text PRIMARY KEY NOT NULL,
	"guild_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"author_id" text NOT NULL,
	"author_name" text NOT NULL,
	"author_is_bot" boolean DEFAULT false NOT NULL,
	"content" text NOT NULL,
	"created_at" bigint NOT NULL,
	"edited_at" bigint,
	"deleted" boolean DEFAULT false NOT NULL,
	"wiped_at" bigint,
	"attachments" text DEFAULT '[]' NOT NULL,
	"embeds" text DEFAULT '[]' NOT NULL,
	"reply_to_id" text,
	"type" integer DEFAULT 0 NOT NULL,
	"vector_synced" boolean DEFAULT false NOT NULL,
	"search" "tsvector"
);
--> statement-breakpoint
CREATE TABLE "opt_outs" (
	"user_id" text NOT NULL,
	"guild_id" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "opt_outs_user_id_guild_id_pk" PRIMARY KEY("user_id","guild_id")
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"guild_id" text NOT NULL,
	"user_id" text NOT NULL,
	"token" text NOT NULL,
	"lane" integer NOT NULL,
	"turn" integer NOT NULL,
	"status" text NOT NULL,
	"payload" text NOT NULL,
	"state" text DEFAULT '{}' NOT NULL,
	"received_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL,
	"lease_owner" text,
	"lease_until" bigint,
	"attempts" integer DEFAULT 0 NOT NULL,
	"started_at" bigint,
	"finished_at" bigint,
	"outcome" text
);
--> statement-breakpoint
CREATE TABLE "workers" (
	"id" text PRIMARY KEY NOT NULL,
	"host" text NOT NULL,
	"pid" integer NOT NULL,
	"slots" integer NOT NULL,
	"busy" integer DEFAULT 0 NOT NULL,
	"started_at" bigint NOT NULL,
	"heartbeat_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "answers_guild_created_idx" ON "answers" USING btree ("guild_id","created_at");--> statement-breakpoint
CREATE INDEX "channels_guild_idx" ON "channels" USING btree ("guild_id");--> statement-breakpoint
CREATE INDEX "feedback_guild_created_idx" ON "feedback" USING btree ("guild_id","created_at");--> statement-breakpoint
CREATE INDEX "messages_channel_created_idx" ON "messages" USING btree ("channel_id","created_at");--> statement-breakpoint
CREATE INDEX "messages_guild_created_idx" ON "messages" USING btree ("guild_id","created_at");--> statement-breakpoint
CREATE INDEX "messages_author_idx" ON "messages" USING btree ("author_id","guild_id");--> statement-breakpoint
CREATE INDEX "messages_reply_idx" ON "messages" USING btree ("reply_to_id") WHERE reply_to_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "messages_unsynced_idx" ON "messages" USING btree ("id") WHERE vector_synced = false;--> statement-breakpoint
CREATE INDEX "messages_search_idx" ON "messages" USING gin ("search");--> statement-breakpoint
CREATE INDEX "jobs_claim_idx" ON "jobs" USING btree ("status","lane","turn","received_at");--> statement-breakpoint
CREATE INDEX "jobs_member_idx" ON "jobs" USING btree ("user_id","status");--> statement-breakpoint
CREATE INDEX "jobs_finished_idx" ON "jobs" USING btree ("finished_at");