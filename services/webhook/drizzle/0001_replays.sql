CREATE TABLE "webhooks"."replays" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text,
	"endpoint_id" text,
	"event_types" text[],
	"from_time" timestamp with time zone,
	"to_time" timestamp with time zone,
	"from_seq" bigint NOT NULL,
	"to_seq" bigint NOT NULL,
	"next_seq" bigint NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"error" text,
	"events_read" integer DEFAULT 0 NOT NULL,
	"events_matched" integer DEFAULT 0 NOT NULL,
	"deliveries_created" integer DEFAULT 0 NOT NULL,
	"runner" text,
	"lease_expires_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
DROP INDEX "webhooks"."deliveries_event_endpoint_idx";--> statement-breakpoint
DROP INDEX "webhooks"."deliveries_due_idx";--> statement-breakpoint
DROP INDEX "webhooks"."deliveries_order_idx";--> statement-breakpoint
ALTER TABLE "webhooks"."deliveries" ADD COLUMN "replay_id" text;--> statement-breakpoint
ALTER TABLE "webhooks"."replays" ADD CONSTRAINT "replays_endpoint_id_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "webhooks"."endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "replays_running_idx" ON "webhooks"."replays" USING btree ("created_at") WHERE status = 'running';--> statement-breakpoint
ALTER TABLE "webhooks"."deliveries" ADD CONSTRAINT "deliveries_replay_id_replays_id_fk" FOREIGN KEY ("replay_id") REFERENCES "webhooks"."replays"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_replay_event_endpoint_idx" ON "webhooks"."deliveries" USING btree ("replay_id","event_id","endpoint_id") WHERE replay_id is not null;--> statement-breakpoint
CREATE INDEX "deliveries_replay_due_idx" ON "webhooks"."deliveries" USING btree ("endpoint_id","next_attempt_at") WHERE status in ('pending', 'retrying') and replay_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_event_endpoint_idx" ON "webhooks"."deliveries" USING btree ("event_id","endpoint_id") WHERE replay_id is null;--> statement-breakpoint
CREATE INDEX "deliveries_due_idx" ON "webhooks"."deliveries" USING btree ("endpoint_id","next_attempt_at") WHERE status in ('pending', 'retrying') and replay_id is null;--> statement-breakpoint
CREATE INDEX "deliveries_order_idx" ON "webhooks"."deliveries" USING btree ("endpoint_id","replay_id" NULLS FIRST,"stream_seq","id") WHERE ordered and status in ('pending', 'retrying', 'in_flight');