-- Hand-written (issue 16, live edits): `edited` joins the version sources of src/domain/versions.ts.
ALTER TABLE "section_versions" DROP CONSTRAINT "section_versions_source_check";--> statement-breakpoint
ALTER TABLE "section_versions" ADD CONSTRAINT "section_versions_source_check" CHECK ("section_versions"."source" in ('generated','regenerated','restored','edited'));
