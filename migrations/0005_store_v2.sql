CREATE TABLE `answers` (
	`id` text PRIMARY KEY NOT NULL,
	`guild_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`user_id` text NOT NULL,
	`question` text NOT NULL,
	`answer` text NOT NULL,
	`source_ids` text DEFAULT '[]' NOT NULL,
	`parent_id` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `answers_guild_created_idx` ON `answers` (`guild_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `feedback` (
	`answer_id` text NOT NULL,
	`user_id` text NOT NULL,
	`guild_id` text NOT NULL,
	`rating` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`answer_id`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `feedback_guild_created_idx` ON `feedback` (`guild_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `guilds` (
	`guild_id` text PRIMARY KEY NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`unreachable_at` integer,
	`unreachable_reason` text,
	`last_full_run_at` integer,
	`last_full_removed` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `opt_outs` (
	`user_id` text NOT NULL,
	`guild_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `guild_id`)
);
--> statement-breakpoint
DROP INDEX `messages_channel_id_idx`;--> statement-breakpoint
ALTER TABLE `messages` ADD `wiped_at` integer;--> statement-breakpoint
CREATE INDEX `messages_author_idx` ON `messages` (`author_id`,`guild_id`);--> statement-breakpoint
CREATE INDEX `messages_reply_idx` ON `messages` (`reply_to_id`) WHERE reply_to_id IS NOT NULL;--> statement-breakpoint
ALTER TABLE `collections` ADD `guild_id` text DEFAULT '' NOT NULL;