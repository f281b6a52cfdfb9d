-- PostgreSQL session store schema, version 1. Every name starts with lmstudio_, so the store can
-- share a database (and a schema) with other applications; it never touches another table.
-- Times are nanoseconds since the epoch (UTC): PostgreSQL timestamps keep only microseconds, and
-- every java.time.Instant between the years 1677 and 2262 must round-trip exactly.
-- Statements end with a semicolon at the end of a line; lines starting with -- are comments.

CREATE TABLE lmstudio_sessions (
  id               TEXT   NOT NULL PRIMARY KEY,
  seq              BIGINT GENERATED ALWAYS AS IDENTITY,
  title            TEXT,
  model            TEXT,
  system_prompt    TEXT,
  last_response_id TEXT,
  created_at       BIGINT NOT NULL,
  updated_at       BIGINT NOT NULL,
  version          BIGINT NOT NULL DEFAULT 0
);

CREATE INDEX lmstudio_sessions_recent ON lmstudio_sessions (updated_at DESC, created_at DESC, seq DESC);

CREATE TABLE lmstudio_turns (
  session_id        TEXT    NOT NULL REFERENCES lmstudio_sessions (id) ON DELETE CASCADE,
  idx               BIGINT  NOT NULL,
  role              TEXT    NOT NULL,
  content           TEXT    NOT NULL,
  reasoning         TEXT,
  tool_calls        TEXT,
  tool_call_id      TEXT,
  model             TEXT,
  prompt_tokens     INTEGER,
  completion_tokens INTEGER,
  response_id       TEXT,
  created_at        BIGINT  NOT NULL,
  PRIMARY KEY (session_id, idx)
);
