ALTER TABLE "webhooks"."deliveries" ADD COLUMN "last_attempt_id" text;--> statement-breakpoint
ALTER TABLE "webhooks"."deliveries" ADD COLUMN "last_attempt_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "webhooks"."deliveries" ADD COLUMN "last_attempt_succeeded" boolean;--> statement-breakpoint
ALTER TABLE "webhooks"."deliveries" ADD COLUMN "last_attempt_error" text;--> statement-breakpoint
ALTER TABLE "webhooks"."deliveries" ADD COLUMN "last_response_excerpt" text;