CREATE TABLE "digests" (
	"guild_id" text NOT NULL,
	"week" text NOT NULL,
	"status" text NOT NULL,
	"owner" text NOT NULL,
	"lease_until" bigint NOT NULL,
	"channel_id" text NOT NULL,
	"message_id" text,
	"error" text,
	"claimed_at" bigint NOT NULL,
	"sent_at" bigint,
	CONSTRAINT "digests_guild_id_week_pk" PRIMARY KEY("guild_id","week")
);
--> statement-breakpoint
CREATE TABLE "insights_leases" (
	"key" text PRIMARY KEY NOT NULL,
	"owner" text NOT NULL,
	"until" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "question_sources" (
	"question_id" text NOT NULL,
	"message_id" text NOT NULL,
	"guild_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"cited" boolean DEFAULT true NOT NULL,
	CONSTRAINT "question_sources_question_id_message_id_pk" PRIMARY KEY("question_id","message_id")
);
--> statement-breakpoint
CREATE TABLE "questions" (
	"id" text PRIMARY KEY NOT NULL,
	"guild_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"private" boolean DEFAULT false NOT NULL,
	"text" text NOT NULL,
	"outcome" text NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"asked_at" bigint NOT NULL,
	"handed_off_at" bigint,
	"topic_id" text,
	"grouping" text,
	"embedding" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "topics" (
	"id" text PRIMARY KEY NOT NULL,
	"guild_id" text NOT NULL,
	"method" text NOT NULL,
	"model" text DEFAULT '' NOT NULL,
	"vector_sum" text DEFAULT '' NOT NULL,
	"terms" text DEFAULT '[]' NOT NULL,
	"size" integer DEFAULT 0 NOT NULL,
	"label_question_id" text,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "question_sources_guild_channel_idx" ON "question_sources" USING btree ("guild_id","channel_id");--> statement-breakpoint
CREATE INDEX "questions_guild_asked_idx" ON "questions" USING btree ("guild_id","asked_at");--> statement-breakpoint
CREATE INDEX "questions_user_idx" ON "questions" USING btree ("user_id","guild_id");--> statement-breakpoint
CREATE INDEX "questions_topic_idx" ON "questions" USING btree ("topic_id");--> statement-breakpoint
CREATE INDEX "questions_grouping_idx" ON "questions" USING btree ("grouping");--> statement-breakpoint
CREATE INDEX "questions_asked_idx" ON "questions" USING btree ("asked_at");--> statement-breakpoint
CREATE INDEX "topics_guild_idx" ON "topics" USING btree ("guild_id","method");