CREATE TABLE "generations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"template" text NOT NULL,
	"mode" text NOT NULL,
	"status" text NOT NULL,
	"prompt" text NOT NULL,
	"error" text,
	"fence" integer DEFAULT 0 NOT NULL,
	"run" integer DEFAULT 1 NOT NULL,
	"last_seq" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "generations_status_check" CHECK ("generations"."status" in ('queued','streaming','chunked','paused','cancelled','completed','failed')),
	CONSTRAINT "generations_mode_check" CHECK ("generations"."mode" in ('stream','chunked'))
);
--> statement-breakpoint
CREATE TABLE "sections" (
	"generation_id" uuid NOT NULL,
	"index" integer NOT NULL,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"mode" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sections_generation_id_index_pk" PRIMARY KEY("generation_id","index")
);
--> statement-breakpoint
ALTER TABLE "sections" ADD CONSTRAINT "sections_generation_id_generations_id_fk" FOREIGN KEY ("generation_id") REFERENCES "public"."generations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "generations_created_at_idx" ON "generations" USING btree ("created_at");