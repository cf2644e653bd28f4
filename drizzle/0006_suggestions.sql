CREATE TABLE "suggestions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"generation_id" uuid NOT NULL,
	"section" integer NOT NULL,
	"summary" text NOT NULL,
	"instruction" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "suggestions_status_check" CHECK ("suggestions"."status" in ('open','applied','dismissed'))
);
--> statement-breakpoint
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_generation_id_generations_id_fk" FOREIGN KEY ("generation_id") REFERENCES "public"."generations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "suggestions_generation_idx" ON "suggestions" USING btree ("generation_id","created_at");--> statement-breakpoint
ALTER TABLE "section_versions" DROP CONSTRAINT "section_versions_source_check";--> statement-breakpoint
ALTER TABLE "section_versions" ADD CONSTRAINT "section_versions_source_check" CHECK ("section_versions"."source" in ('generated','regenerated','restored','edited','suggested'));
