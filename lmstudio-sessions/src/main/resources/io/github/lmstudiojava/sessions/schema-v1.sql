-- Session store schema, version 1. Times are nanoseconds since the epoch (UTC), so every
-- java.time.Instant between the years 1677 and 2262 round-trips exactly.
-- Statements end with a semicolon at the end of a line; lines starting with -- are comments.

CREATE TABLE sessions (
  id               TEXT    NOT NULL PRIMARY KEY,
  title            TEXT,
  model            TEXT,
  system_prompt    TEXT,
  last_response_id TEXT,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
);

CREATE INDEX sessions_updated_at ON sessions (updated_at);

CREATE TABLE turns (
  session_id        TEXT    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  idx               INTEGER NOT NULL,
  role              TEXT    NOT NULL,
  content           TEXT    NOT NULL,
  reasoning         TEXT,
  tool_calls        TEXT,
  tool_call_id      TEXT,
  model             TEXT,
  prompt_tokens     INTEGER,
  completion_tokens INTEGER,
  response_id       TEXT,
  created_at        INTEGER NOT NULL,
  PRIMARY KEY (session_id, idx)
) WITHOUT ROWID;
