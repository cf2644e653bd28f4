CREATE TABLE "model_calls" (
	"id" uuid PRIMARY KEY NOT NULL,
	"generation_id" uuid NOT NULL,
	"run_key" text NOT NULL,
	"ordinal" integer NOT NULL,
	"kind" text NOT NULL,
	"model" text NOT NULL,
	"quota_key" text NOT NULL,
	"prompt_tokens" integer DEFAULT 0 NOT NULL,
	"completion_tokens" integer DEFAULT 0 NOT NULL,
	"estimated" boolean DEFAULT true NOT NULL,
	"outcome" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	CONSTRAINT "model_calls_kind_check" CHECK ("model_calls"."kind" in ('draft','chunked','rewrite','suggestions')),
	CONSTRAINT "model_calls_outcome_check" CHECK ("model_calls"."outcome" is null or "model_calls"."outcome" in ('answered','failed','stopped'))
);
--> statement-breakpoint
CREATE TABLE "token_usage_daily" (
	"quota_key" text NOT NULL,
	"day" date NOT NULL,
	"prompt_tokens" bigint DEFAULT 0 NOT NULL,
	"completion_tokens" bigint DEFAULT 0 NOT NULL,
	"calls" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "token_usage_daily_quota_key_day_pk" PRIMARY KEY("quota_key","day")
);
--> statement-breakpoint
ALTER TABLE "model_calls" ADD CONSTRAINT "model_calls_generation_id_generations_id_fk" FOREIGN KEY ("generation_id") REFERENCES "public"."generations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "model_calls_run_ordinal_key" ON "model_calls" USING btree ("generation_id","run_key","ordinal");