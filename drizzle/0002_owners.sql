ALTER TABLE "generations" ADD COLUMN "owner" text DEFAULT 'public' NOT NULL;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "quota_key" text DEFAULT 'public' NOT NULL;--> statement-breakpoint
ALTER TABLE "batches" ADD COLUMN "owner" text DEFAULT 'webhook' NOT NULL;--> statement-breakpoint
CREATE TABLE "shares" (
	"id" text PRIMARY KEY NOT NULL,
	"generation_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "shares" ADD CONSTRAINT "shares_generation_id_generations_id_fk" FOREIGN KEY ("generation_id") REFERENCES "public"."generations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "shares_generation_key" ON "shares" USING btree ("generation_id");--> statement-breakpoint
CREATE INDEX "generations_owner_created_at_idx" ON "generations" USING btree ("owner","created_at");--> statement-breakpoint
CREATE INDEX "generations_open_quota_idx" ON "generations" USING btree ("quota_key","status","mode") WHERE "generations"."status" in ('queued','streaming','chunked','paused');
