CREATE TABLE `digests` (
	`guild_id` text NOT NULL,
	`week` text NOT NULL,
	`status` text NOT NULL,
	`owner` text NOT NULL,
	`lease_until` integer NOT NULL,
	`channel_id` text NOT NULL,
	`message_id` text,
	`error` text,
	`claimed_at` integer NOT NULL,
	`sent_at` integer,
	PRIMARY KEY(`guild_id`, `week`)
);
--> statement-breakpoint
CREATE TABLE `insights_leases` (
	`key` text PRIMARY KEY NOT NULL,
	`owner` text NOT NULL,
	`until` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `question_sources` (
	`question_id` text NOT NULL,
	`message_id` text NOT NULL,
	`guild_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`cited` integer DEFAULT true NOT NULL,
	PRIMARY KEY(`question_id`, `message_id`)
);
--> statement-breakpoint
CREATE INDEX `question_sources_guild_channel_idx` ON `question_sources` (`guild_id`,`channel_id`);--> statement-breakpoint
CREATE TABLE `questions` (
	`id` text PRIMARY KEY NOT NULL,
	`guild_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`private` integer DEFAULT false NOT NULL,
	`text` text NOT NULL,
	`outcome` text NOT NULL,
	`detail` text DEFAULT '' NOT NULL,
	`asked_at` integer NOT NULL,
	`handed_off_at` integer,
	`topic_id` text,
	`grouping` text,
	`embedding` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `questions_guild_asked_idx` ON `questions` (`guild_id`,`asked_at`);--> statement-breakpoint
CREATE INDEX `questions_user_idx` ON `questions` (`user_id`,`guild_id`);--> statement-breakpoint
CREATE INDEX `questions_topic_idx` ON `questions` (`topic_id`);--> statement-breakpoint
CREATE INDEX `questions_grouping_idx` ON `questions` (`grouping`);--> statement-breakpoint
CREATE INDEX `questions_asked_idx` ON `questions` (`asked_at`);--> statement-breakpoint
CREATE TABLE `topics` (
	`id` text PRIMARY KEY NOT NULL,
	`guild_id` text NOT NULL,
	`method` text NOT NULL,
	`model` text DEFAULT '' NOT NULL,
	`vector_sum` text DEFAULT '' NOT NULL,
	`terms` text DEFAULT '[]' NOT NULL,
	`size` integer DEFAULT 0 NOT NULL,
	`label_question_id` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `topics_guild_idx` ON `topics` (`guild_id`,`method`);