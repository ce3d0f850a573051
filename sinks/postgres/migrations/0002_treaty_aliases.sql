-- Treaties are also found by their aliases ("Non-Proliferation Treaty" for
-- the Treaty on the Non-Proliferation of Nuclear Weapons). alias_keys holds
-- the lower-cased aliases as |one|two|, '' when there are none; written by
-- the store from now on, backfilled here from the aliases JSON. Keep in
-- step with sinks/sqlite/migrations/0002_treaty_aliases.sql.
ALTER TABLE treaties ADD COLUMN alias_keys TEXT NOT NULL DEFAULT '';
ALTER TABLE event_treaties ADD COLUMN alias_keys TEXT NOT NULL DEFAULT '';

UPDATE treaties SET alias_keys = COALESCE(
    (SELECT '|' || string_agg(lower(trim(x)), '|') || '|' FROM jsonb_array_elements_text(treaties.aliases) AS x), '');
UPDATE event_treaties SET
    alias_keys = COALESCE((SELECT tr.alias_keys FROM treaties tr
        WHERE tr.article_id = event_treaties.article_id AND tr.name = event_treaties.name LIMIT 1), '');
