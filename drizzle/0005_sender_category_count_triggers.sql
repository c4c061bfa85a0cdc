-- Keep sender_category_counts exact with statement-level triggers (transition tables): one grouped
-- upsert per statement however many senders it touches, and nothing written when no category moved.
CREATE OR REPLACE FUNCTION sender_category_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO sender_category_counts (user_id, category, count)
      SELECT user_id, category, count(*)::int FROM new_rows GROUP BY user_id, category
    ON CONFLICT (user_id, category) DO UPDATE SET count = sender_category_counts.count + excluded.count;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO sender_category_counts (user_id, category, count)
      SELECT user_id, category, sum(n)::int FROM (
        SELECT user_id, category, -1 AS n FROM old_rows
        UNION ALL
        SELECT user_id, category, 1 AS n FROM new_rows
      ) d GROUP BY user_id, category HAVING sum(n) <> 0
    ON CONFLICT (user_id, category) DO UPDATE SET count = sender_category_counts.count + excluded.count;
  ELSE
    -- A user's cascade delete removes the counters too: only adjust users that still exist.
    INSERT INTO sender_category_counts (user_id, category, count)
      SELECT o.user_id, o.category, -count(*)::int FROM old_rows o
       WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = o.user_id)
       GROUP BY o.user_id, o.category
    ON CONFLICT (user_id, category) DO UPDATE SET count = sender_category_counts.count + excluded.count;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER email_senders_counts_insert AFTER INSERT ON email_senders
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sender_category_counts_apply();
--> statement-breakpoint
CREATE TRIGGER email_senders_counts_update AFTER UPDATE ON email_senders
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sender_category_counts_apply();
--> statement-breakpoint
CREATE TRIGGER email_senders_counts_delete AFTER DELETE ON email_senders
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sender_category_counts_apply();
--> statement-breakpoint
INSERT INTO sender_category_counts (user_id, category, count)
  SELECT user_id, category, count(*)::int FROM email_senders GROUP BY user_id, category
ON CONFLICT (user_id, category) DO UPDATE SET count = excluded.count;
