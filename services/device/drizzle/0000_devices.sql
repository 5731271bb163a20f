CREATE SCHEMA "devices";
--> statement-breakpoint
CREATE TABLE "devices"."alert_rules" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"name" text NOT NULL,
	"metric" text NOT NULL,
	"operator" text NOT NULL,
	"threshold" double precision NOT NULL,
	"severity" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "devices"."alerts" (
	"id" text PRIMARY KEY NOT NULL,
	"rule_id" text NOT NULL,
	"device_id" text NOT NULL,
	"metric" text NOT NULL,
	"value" double precision NOT NULL,
	"threshold" double precision NOT NULL,
	"triggered_at" timestamp (3) with time zone NOT NULL,
	"resolved_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "devices"."devices" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"device_name" text NOT NULL,
	"hardware_id" text NOT NULL,
	"firmware_version" text NOT NULL,
	"credential_hash" text NOT NULL,
	"status" text DEFAULT 'unknown' NOT NULL,
	"last_seen_at" timestamp (3) with time zone,
	"created_by" text NOT NULL,
	"registered_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "devices_hardware_id_unique" UNIQUE("hardware_id")
);
--> statement-breakpoint
CREATE TABLE "devices"."outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"envelope" json NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "outbox_event_id_unique" UNIQUE("event_id")
);
--> statement-breakpoint
ALTER TABLE "devices"."alerts" ADD CONSTRAINT "alerts_rule_id_alert_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "devices"."alert_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices"."alerts" ADD CONSTRAINT "alerts_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "devices"."devices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_rules_org_idx" ON "devices"."alert_rules" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_open_idx" ON "devices"."alerts" USING btree ("rule_id","device_id") WHERE resolved_at is null;--> statement-breakpoint
CREATE INDEX "devices_org_idx" ON "devices"."devices" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "devices_online_idx" ON "devices"."devices" USING btree ("last_seen_at") WHERE status = 'online';--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "devices"."outbox" USING btree ("id") WHERE published_at is null;