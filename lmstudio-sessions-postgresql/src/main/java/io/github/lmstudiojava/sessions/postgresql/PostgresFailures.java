package io.github.lmstudiojava.sessions.postgresql;

import io.github.lmstudiojava.sessions.SessionStoreException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Turns JDBC failures into {@link SessionStoreException}s that say what was being done, name the
 * store without its password, and say what to do. A password that the server or the driver might
 * echo is masked out of every message.
 */
final class PostgresFailures {
  private final String location;
  private final String server;
  private final String[] secrets;

  /**
   * @param location the store's URL without secrets
   * @param server where PostgreSQL was expected, {@code host:port}, or null when unknown
   * @param secrets texts never to show (null entries are ignored)
   */
  PostgresFailures(String location, String server, String... secrets) {
    this.location = location;
    this.server = server;
    this.secrets = secrets.clone();
  }

  /** The exception for a failure while doing {@code action}, such as "appending to session x". */
  SessionStoreException failure(String action, SQLException e) {
    return failure(action, e, false);
  }

  /**
   * The exception for a failure while doing {@code action}; {@code duringCommit} says that the
   * transaction may have been stored before the failure, which the message then says.
   */
  SessionStoreException failure(String action, SQLException e, boolean duringCommit) {
    String state = sqlState(e);
    String where = server != null ? "PostgreSQL at " + server : "PostgreSQL";
    String reason = mask(reason(e));
    String message;
    if (state.startsWith("28")) {
      message =
          where
              + " refused the login while "
              + action
              + " in the session store "
              + location
              + " ("
              + reason
              + "); check the user and password.";
    } else if (state.equals("3D000")) {
      message =
          "The database of the session store "
              + location
              + " does not exist ("
              + reason
              + "); create it on "
              + where
              + ", or name another one.";
    } else if (isConnectionLost(e)) {
      message =
          "Cannot reach "
              + where
              + " while "
              + action
              + " in the session store "
              + location
              + " ("
              + reason
              + "). Is PostgreSQL running"
              + (server != null ? " at " + server : "")
              + ", and does it accept connections from here?"
              + (duringCommit
                  ? " The change may or may not have been stored: read the session again before"
                      + " retrying."
                  : "");
    } else if (state.equals("42501")) {
      message =
          "The user of the session store "
              + location
              + " lacks a permission while "
              + action
              + " ("
              + reason
              + "); grant it CREATE on the schema, or name a schema it owns with"
              + " currentSchema=NAME.";
    } else if (state.equals("40001") || state.equals("40P01") || state.equals("55P03")) {
      message =
          "PostgreSQL gave up "
              + action
              + " in the session store "
              + location
              + " because of concurrent writers ("
              + reason
              + "); nothing was stored, try again.";
    } else {
      message =
          "Failed "
              + action
              + " in the session store "
              + location
              + " ("
              + reason
              + (state.isEmpty() ? "" : ", SQLState " + state)
              + "); check the log of "
              + where
              + ".";
    }
    return new SessionStoreException(location, message, e);
  }

  /** Whether the failure means the connection to the server is gone or could not be made. */
  static boolean isConnectionLost(SQLException e) {
    String state = sqlState(e);
    return e instanceof SQLTransientConnectionException
        || state.startsWith("08")
        || state.startsWith("57P");
  }

  /** The first SQLState in the chain of causes, or "". */
  static String sqlState(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException && ((SQLException) t).getSQLState() != null) {
        return ((SQLException) t).getSQLState();
      }
    }
    return "";
  }

  /** The most telling message: that of the first failure with an SQLState, else the first. */
  private static String reason(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException && ((SQLException) t).getSQLState() != null) {
        return String.valueOf(t.getMessage());
      }
    }
    return String.valueOf(e.getMessage());
  }

  /** The text with every secret replaced by {@code ***}. */
  String mask(String text) {
    String masked = text;
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty()) {
        masked = masked.replace(secret, "***");
      }
    }
    return masked;
  }
}
