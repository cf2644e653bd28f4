ALTER TABLE "generations" ADD COLUMN "redis_prefix" text DEFAULT 'cg' NOT NULL;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "seq_ceiling" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "recoveries" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "regenerate" jsonb;--> statement-breakpoint
ALTER TABLE "batches" ADD COLUMN "redis_prefix" text DEFAULT 'cg' NOT NULL;--> statement-breakpoint
ALTER TABLE "batches" ADD COLUMN "recoveries" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "generations_active_idx" ON "generations" USING btree ("redis_prefix","updated_at") WHERE "generations"."status" in ('queued','streaming','chunked');--> statement-breakpoint
CREATE INDEX "batches_running_idx" ON "batches" USING btree ("redis_prefix","updated_at") WHERE "batches"."status" = 'running';
