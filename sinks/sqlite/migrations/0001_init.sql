-- herald store, SQLite dialect. Keep in step with
-- sinks/postgres/migrations/0001_init.sql: the same tables, columns and
-- indexes; only the column types differ. Times are RFC 3339 UTC text,
-- days are YYYY-MM-DD text, JSON is text. Columns ending in _key hold the
-- lower-cased form of the name beside them (SQLite's lower() only folds
-- ASCII), which is what queries match on.

CREATE TABLE articles (
    id                TEXT PRIMARY KEY,
    url               TEXT NOT NULL DEFAULT '',
    title             TEXT NOT NULL DEFAULT '',
    published         TEXT,
    fetched           TEXT,
    source            TEXT NOT NULL DEFAULT '',
    original_source   TEXT NOT NULL DEFAULT '',
    language          TEXT NOT NULL DEFAULT '',
    text              TEXT NOT NULL DEFAULT '',
    extractor_version TEXT NOT NULL DEFAULT '',
    document          TEXT NOT NULL
);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_url ON articles (url);

CREATE TABLE people (
    article_id TEXT NOT NULL,
    idx        INTEGER NOT NULL,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL,
    country    TEXT NOT NULL DEFAULT '',
    titles     TEXT NOT NULL DEFAULT '[]',
    mentions   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX people_name_key ON people (name_key);

CREATE TABLE treaties (
    article_id TEXT NOT NULL,
    idx        INTEGER NOT NULL,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL,
    short      TEXT NOT NULL DEFAULT '',
    short_key  TEXT NOT NULL DEFAULT '',
    year       INTEGER,
    aliases    TEXT NOT NULL DEFAULT '[]',
    mentions   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX treaties_name_key ON treaties (name_key);
CREATE INDEX treaties_short_key ON treaties (short_key);

CREATE TABLE dates (
    article_id   TEXT NOT NULL,
    idx          INTEGER NOT NULL,
    text         TEXT NOT NULL,
    value        TEXT NOT NULL,
    type         TEXT NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset   INTEGER NOT NULL,
    anchor       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX dates_value ON dates (value);

CREATE TABLE quotes (
    article_id   TEXT NOT NULL,
    idx          INTEGER NOT NULL,
    text         TEXT NOT NULL,
    speaker      TEXT NOT NULL DEFAULT '',
    speaker_key  TEXT NOT NULL DEFAULT '',
    kind         TEXT NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset   INTEGER NOT NULL,
    said_text    TEXT NOT NULL DEFAULT '',
    said_value   TEXT NOT NULL DEFAULT '',
    published    TEXT,
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX quotes_speaker_key ON quotes (speaker_key, published);

CREATE TABLE events (
    id                TEXT PRIMARY KEY,
    article_id        TEXT NOT NULL,
    key               TEXT NOT NULL DEFAULT '',
    type              TEXT NOT NULL,
    cameo             TEXT NOT NULL DEFAULT '',
    label             TEXT NOT NULL DEFAULT '',
    date_text         TEXT NOT NULL DEFAULT '',
    date_value        TEXT NOT NULL DEFAULT '',
    date_start        TEXT,
    date_end          TEXT,
    place             TEXT NOT NULL DEFAULT '',
    place_key         TEXT NOT NULL DEFAULT '',
    place_country     TEXT NOT NULL DEFAULT '',
    confidence        REAL NOT NULL DEFAULT 0,
    planned           INTEGER NOT NULL DEFAULT 0,
    extractor_version TEXT NOT NULL DEFAULT '',
    published         TEXT,
    event             TEXT NOT NULL
);
CREATE INDEX events_article ON events (article_id);
CREATE INDEX events_type_date ON events (type, date_start);
CREATE INDEX events_date ON events (date_start, date_end);
CREATE INDEX events_place_key ON events (place_key, type);

CREATE TABLE event_people (
    event_id   TEXT NOT NULL,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (event_id, name)
);
CREATE INDEX event_people_name_key ON event_people (name_key);
CREATE INDEX event_people_article ON event_people (article_id);

CREATE TABLE event_treaties (
    event_id   TEXT NOT NULL,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL,
    short_key  TEXT NOT NULL DEFAULT '',
    article_id TEXT NOT NULL,
    PRIMARY KEY (event_id, name)
);
CREATE INDEX event_treaties_name_key ON event_treaties (name_key);
CREATE INDEX event_treaties_short_key ON event_treaties (short_key);
CREATE INDEX event_treaties_article ON event_treaties (article_id);

CREATE TABLE event_participants (
    event_id   TEXT NOT NULL,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (event_id, name)
);
CREATE INDEX event_participants_name_key ON event_participants (name_key);
CREATE INDEX event_participants_article ON event_participants (article_id);

CREATE TABLE event_quotes (
    event_id   TEXT NOT NULL,
    quote_idx  INTEGER NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (event_id, quote_idx)
);
CREATE INDEX event_quotes_article ON event_quotes (article_id);
