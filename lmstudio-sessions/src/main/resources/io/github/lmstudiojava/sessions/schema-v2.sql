-- Session store schema, version 2: every session carries a version, one more after each write,
-- so that an exchange is recorded only on the session its caller read.

ALTER TABLE sessions ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
