ALTER TABLE `channels` ADD `available_tags` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `channels` ADD `applied_tags` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `messages` ADD `search_text` text;--> statement-breakpoint
CREATE INDEX `messages_search_missing_idx` ON `messages` (`id`) WHERE search_text IS NULL AND deleted = FALSE AND content <> '';