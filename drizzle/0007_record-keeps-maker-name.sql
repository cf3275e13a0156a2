ALTER TABLE "diary_entry" ADD COLUMN "entered_by_name" text;--> statement-breakpoint
ALTER TABLE "symptom_report" ADD COLUMN "reported_by_name" text;--> statement-breakpoint
-- Records made before this migration take the name their maker has now: the nearest to the name
-- as it was that the database still knows. From here on each record keeps its own.
UPDATE "diary_entry" d SET "entered_by_name" = u."name" FROM "user" u WHERE u."id" = d."entered_by_id";--> statement-breakpoint
UPDATE "symptom_report" r SET "reported_by_name" = u."name" FROM "user" u WHERE u."id" = r."reported_by_id";
