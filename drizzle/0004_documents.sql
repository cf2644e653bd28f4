ALTER TABLE "generations" ADD COLUMN "details" jsonb;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "language" text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "outline" jsonb;--> statement-breakpoint
ALTER TABLE "generations" ADD CONSTRAINT "generations_language_check" CHECK ("generations"."language" in ('en','fr'));
