CREATE TABLE `channels` (
	`id` text PRIMARY KEY NOT NULL,
	`guild_id` text NOT NULL,
	`parent_id` text,
	`type` integer NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`nsfw` integer DEFAULT false NOT NULL,
	`last_message_id` text,
	`last_crawled_at` integer,
	`last_error` text,
	`deleted` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX `channels_guild_idx` ON `channels` (`guild_id`);--> statement-breakpoint
CREATE TABLE `collections` (
	`name` text PRIMARY KEY NOT NULL,
	`model` text NOT NULL,
	`dimension` integer,
	`created_at` integer NOT NULL,
	`ready` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE `index_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`status` text NOT NULL,
	`source` text DEFAULT 'discord' NOT NULL,
	`channels` integer DEFAULT 0 NOT NULL,
	`messages_new` integer DEFAULT 0 NOT NULL,
	`messages_edited` integer DEFAULT 0 NOT NULL,
	`messages_deleted` integer DEFAULT 0 NOT NULL,
	`messages_embedded` integer DEFAULT 0 NOT NULL,
	`error` text
);
--> statement-breakpoint
CREATE TABLE `messages` (
	`id` text PRIMARY KEY NOT NULL,
	`guild_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`author_id` text NOT NULL,
	`author_name` text NOT NULL,
	`author_is_bot` integer DEFAULT false NOT NULL,
	`content` text NOT NULL,
	`created_at` integer NOT NULL,
	`edited_at` integer,
	`deleted` integer DEFAULT false NOT NULL,
	`attachments` text DEFAULT '[]' NOT NULL,
	`embeds` text DEFAULT '[]' NOT NULL,
	`reply_to_id` text,
	`type` integer DEFAULT 0 NOT NULL,
	`vector_synced` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX `messages_channel_id_idx` ON `messages` (`channel_id`,`id`);--> statement-breakpoint
CREATE INDEX `messages_guild_created_idx` ON `messages` (`guild_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `messages_unsynced_idx` ON `messages` (`vector_synced`) WHERE vector_synced = 0;