CREATE TABLE "batch_generations" (
	"batch_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"generation_id" uuid NOT NULL,
	"metadata" jsonb,
	CONSTRAINT "batch_generations_batch_id_position_pk" PRIMARY KEY("batch_id","position")
);
--> statement-breakpoint
CREATE TABLE "batches" (
	"id" uuid PRIMARY KEY NOT NULL,
	"webhook_id" text NOT NULL,
	"body_sha256" text NOT NULL,
	"callback_url" text NOT NULL,
	"mode" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"callback_status" text DEFAULT 'pending' NOT NULL,
	"enqueued_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "batches_status_check" CHECK ("batches"."status" in ('running','completed','partial','failed')),
	CONSTRAINT "batches_callback_status_check" CHECK ("batches"."callback_status" in ('pending','delivered','failed','gone','refused'))
);
--> statement-breakpoint
CREATE TABLE "callback_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"batch_id" uuid NOT NULL,
	"webhook_id" text NOT NULL,
	"attempt" integer NOT NULL,
	"status_code" integer,
	"error" text,
	"duration_ms" integer NOT NULL,
	"outcome" text NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "callback_deliveries_outcome_check" CHECK ("callback_deliveries"."outcome" in ('delivered','retry','failed','gone','refused'))
);
--> statement-breakpoint
ALTER TABLE "batch_generations" ADD CONSTRAINT "batch_generations_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batch_generations" ADD CONSTRAINT "batch_generations_generation_id_generations_id_fk" FOREIGN KEY ("generation_id") REFERENCES "public"."generations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_deliveries" ADD CONSTRAINT "callback_deliveries_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "batch_generations_generation_key" ON "batch_generations" USING btree ("generation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "batches_webhook_id_key" ON "batches" USING btree ("webhook_id");--> statement-breakpoint
CREATE INDEX "callback_deliveries_batch_idx" ON "callback_deliveries" USING btree ("batch_id","created_at");