/**
 * A session store in PostgreSQL: {@link
 * io.github.lmstudiojava.sessions.postgresql.PostgresSessionStores#open(String)}, or {@code
 * SessionStores.open("jdbc:postgresql://HOST:PORT/DATABASE?user=USER&password=PASSWORD")} with this
 * module on the class path. Several servers can share one database: every write to a session is one
 * transaction that locks the session's row, and {@code SessionStore.record} stores an exchange only
 * on the version its caller read.
 */
package io.github.lmstudiojava.sessions.postgresql;
