ALTER TABLE "generations" ADD COLUMN "details" jsonb;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "language" text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "outline" jsonb;--> statement-breakpoint
ALTER TABLE "generations" ADD CONSTRAINT "generations_language_check" CHECK ("generations"."language" in ('en','fr'));--> statement-breakpoint
CREATE TABLE "section_versions" (
	"generation_id" uuid NOT NULL,
	"section_index" integer NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"owner" text NOT NULL,
	"source" text NOT NULL,
	"instruction" text,
	"fence" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "section_versions_generation_id_section_index_version_pk" PRIMARY KEY("generation_id","section_index","version"),
	CONSTRAINT "section_versions_source_check" CHECK ("section_versions"."source" in ('generated','regenerated','restored'))
);
--> statement-breakpoint
ALTER TABLE "section_versions" ADD CONSTRAINT "section_versions_generation_id_generations_id_fk" FOREIGN KEY ("generation_id") REFERENCES "public"."generations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "section_versions_fence_key" ON "section_versions" USING btree ("generation_id","section_index","fence");
