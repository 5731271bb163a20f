ALTER TABLE "billing"."subscriptions" DROP CONSTRAINT "subscriptions_email_unique";--> statement-breakpoint
ALTER TABLE "billing"."subscriptions" ADD COLUMN "user_deleted_at" timestamp (3) with time zone;--> statement-breakpoint
CREATE INDEX "subscriptions_live_email_idx" ON "billing"."subscriptions" USING btree ("email") WHERE user_deleted_at is null;--> statement-breakpoint
ALTER TABLE "billing"."pending_organizations" ADD COLUMN "owner_id" text;--> statement-breakpoint
-- Hand-written backfill (the migrator runs this file in one transaction). An organization waiting for its creator's
-- trial was keyed by the creator's email. Where a subscription holds that email, the trial opened meanwhile: attach
-- the organization as the trial would have. Any other row waits for a trial that is not open yet, and an email does
-- not say which user it meant: it is dropped, and that organization starts without a payer (docs/architecture.md).
UPDATE "billing"."subscriptions" AS s SET "org_id" = p."org_id" FROM "billing"."pending_organizations" AS p WHERE s."email" = p."owner_email" AND s."org_id" IS NULL;--> statement-breakpoint
DELETE FROM "billing"."pending_organizations";--> statement-breakpoint
ALTER TABLE "billing"."pending_organizations" DROP COLUMN "owner_email";--> statement-breakpoint
ALTER TABLE "billing"."pending_organizations" ALTER COLUMN "owner_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "billing"."pending_organizations" ADD PRIMARY KEY ("owner_id");
