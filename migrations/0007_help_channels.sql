CREATE TABLE `excluded_channels` (
	`channel_id` text PRIMARY KEY NOT NULL,
	`guild_id` text NOT NULL,
	`excluded_at` integer NOT NULL,
	`excluded_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `excluded_channels_guild_idx` ON `excluded_channels` (`guild_id`);--> statement-breakpoint
CREATE TABLE `guild_settings` (
	`guild_id` text PRIMARY KEY NOT NULL,
	`helper_role_id` text,
	`instructions` text DEFAULT '' NOT NULL,
	`when_unsure` text,
	`digest_channel_id` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `help_channels` (
	`channel_id` text PRIMARY KEY NOT NULL,
	`guild_id` text NOT NULL,
	`type` integer NOT NULL,
	`enabled_at` integer NOT NULL,
	`enabled_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `help_channels_guild_idx` ON `help_channels` (`guild_id`);--> statement-breakpoint
CREATE TABLE `help_posts` (
	`post_id` text PRIMARY KEY NOT NULL,
	`guild_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`parent_id` text NOT NULL,
	`kind` text NOT NULL,
	`author_id` text NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`found_at` integer NOT NULL,
	`status` text NOT NULL,
	`outcome` text,
	`answered_at` integer,
	`answer_message_ids` text DEFAULT '[]' NOT NULL,
	`handed_off_at` integer,
	`handed_off_by` text,
	`handoff_job_id` text,
	`handoff_message_id` text,
	`solved_at` integer,
	`solved_by` text,
	`accepted_message_id` text,
	`accepted_kind` text
);
--> statement-breakpoint
CREATE INDEX `help_posts_guild_found_idx` ON `help_posts` (`guild_id`,`found_at`);--> statement-breakpoint
CREATE INDEX `help_posts_channel_idx` ON `help_posts` (`channel_id`);--> statement-breakpoint
CREATE INDEX `help_posts_accepted_idx` ON `help_posts` (`accepted_message_id`) WHERE accepted_message_id IS NOT NULL;--> statement-breakpoint
CREATE TABLE `settings_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guild_id` text NOT NULL,
	`user_id` text NOT NULL,
	`field` text NOT NULL,
	`old_value` text NOT NULL,
	`new_value` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `settings_changes_guild_idx` ON `settings_changes` (`guild_id`,`at`);--> statement-breakpoint
CREATE TABLE `watch_polls` (
	`key` text PRIMARY KEY NOT NULL,
	`guild_id` text NOT NULL,
	`channel_id` text,
	`cursor` text,
	`next_poll_at` integer NOT NULL,
	`lease_owner` text,
	`lease_until` integer,
	`last_polled_at` integer,
	`last_error` text
);
