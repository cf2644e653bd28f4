ALTER TABLE "generations" ADD COLUMN "name" text;--> statement-breakpoint
ALTER TABLE "sections" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', "sections"."title" || ' ' || "sections"."content")) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "generations_name_search_idx" ON "generations" USING gin (to_tsvector('simple', coalesce("name", '')));--> statement-breakpoint
CREATE INDEX "sections_search_idx" ON "sections" USING gin ("search");