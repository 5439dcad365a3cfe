CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`guild_id` text NOT NULL,
	`user_id` text NOT NULL,
	`token` text NOT NULL,
	`lane` integer NOT NULL,
	`turn` integer NOT NULL,
	`status` text NOT NULL,
	`payload` text NOT NULL,
	`state` text DEFAULT '{}' NOT NULL,
	`received_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`lease_owner` text,
	`lease_until` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`outcome` text
);
--> statement-breakpoint
CREATE INDEX `jobs_claim_idx` ON `jobs` (`status`,`lane`,`turn`,`received_at`);--> statement-breakpoint
CREATE INDEX `jobs_member_idx` ON `jobs` (`user_id`,`status`);--> statement-breakpoint
CREATE INDEX `jobs_finished_idx` ON `jobs` (`finished_at`);--> statement-breakpoint
CREATE TABLE `workers` (
	`id` text PRIMARY KEY NOT NULL,
	`host` text NOT NULL,
	`pid` integer NOT NULL,
	`slots` integer NOT NULL,
	`busy` integer DEFAULT 0 NOT NULL,
	`started_at` integer NOT NULL,
	`heartbeat_at` integer NOT NULL
);
