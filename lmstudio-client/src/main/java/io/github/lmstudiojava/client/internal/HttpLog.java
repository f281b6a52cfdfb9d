package io.github.lmstudiojava.client.internal;

import io.github.lmstudiojava.client.LmStudioListener;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's logging, through SLF4J when the application has it with a provider (it is an
 * optional dependency) and silent otherwise: with the SLF4J API alone, SLF4J would print a warning
 * about its missing provider the first time the client asked for a logger.
 *
 * <ul>
 *   <li>{@code io.github.lmstudiojava.client.http} at DEBUG: one line per call (method, path,
 *       status, duration) and per retry; never a token, a query string or a body.
 *   <li>{@code io.github.lmstudiojava.client.http.body} at TRACE: the request and response bodies
 *       of calls that are not streams, cut at {@value #BODY_LIMIT} characters; only when that
 *       logger is set to TRACE.
 * </ul>
 */
public final class HttpLog {
  /** The name of the per-call logger. */
  public static final String CALLS = "io.github.lmstudiojava.client.http";

  /** The name of the body logger. */
  public static final String BODIES = "io.github.lmstudiojava.client.http.body";

  static final int BODY_LIMIT = 4096;

  private static final boolean SLF4J = slf4jWithProvider();

  private HttpLog() {}

  /**
   * The listener that logs calls, or {@link LmStudioListener#NONE} without SLF4J.
   *
   * @return the listener
   */
  static LmStudioListener calls() {
    return SLF4J ? Slf4j.callLogger() : LmStudioListener.NONE;
  }

  /**
   * Logs a body at TRACE when asked for.
   *
   * @param what such as {@code POST /api/v1/chat request}
   * @param body the body text
   */
  static void body(String what, String body) {
    if (SLF4J) {
      Slf4j.body(what, body);
    }
  }

  /**
   * Whether bodies are logged; false without SLF4J.
   *
   * @return true when the body logger is at TRACE
   */
  static boolean bodies() {
    return SLF4J && Slf4j.bodies();
  }

  /**
   * Both listeners in turn, or the one that is not {@link LmStudioListener#NONE}.
   *
   * @param first called first
   * @param second called second
   * @return the combined listener
   */
  static LmStudioListener both(LmStudioListener first, LmStudioListener second) {
    return LmStudioListener.of(List.of(first, second));
  }

  private static boolean slf4jWithProvider() {
    if (!isPresent("org.slf4j.LoggerFactory")) {
      return false;
    }
    // SLF4J 2 finds its providers with ServiceLoader; SLF4J 1.7 bindings have a static binder.
    return isPresent("org.slf4j.impl.StaticLoggerBinder") || Providers.any();
  }

  /** Looks for SLF4J 2 providers without asking SLF4J for a logger; loaded with SLF4J only. */
  private static final class Providers {
    static boolean any() {
      try {
        return java.util.ServiceLoader.load(
                org.slf4j.spi.SLF4JServiceProvider.class, HttpLog.class.getClassLoader())
            .iterator()
            .hasNext();
      } catch (LinkageError | java.util.ServiceConfigurationError e) {
        return false; // an SLF4J older than 2, without its binder
      }
    }
  }

  private static boolean isPresent(String className) {
    try {
      Class.forName(className, false, HttpLog.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Only loaded when SLF4J is present. */
  private static final class Slf4j {
    private static final Logger CALL_LOG = LoggerFactory.getLogger(CALLS);
    private static final Logger BODY_LOG = LoggerFactory.getLogger(BODIES);

    static LmStudioListener callLogger() {
      return new LmStudioListener() {
        @Override
        public void retry(CallInfo call, int attempt, Duration wait, String reason) {
          if (CALL_LOG.isDebugEnabled()) {
            CALL_LOG.debug(
                "{} {}: attempt {} failed ({}), retrying in {} ms",
                call.method(),
                call.path(),
                attempt,
                reason,
                wait.toMillis());
          }
        }

        @Override
        public void callEnd(CallInfo call, int status, Duration duration) {
          if (CALL_LOG.isDebugEnabled()) {
            CALL_LOG.debug(
                "{} {}{} -> {} in {} ms",
                call.method(),
                call.path(),
                call.stream() ? " (stream)" : "",
                status,
                duration.toMillis());
          }
        }

        @Override
        public void callFailed(CallInfo call, RuntimeException failure, Duration duration) {
          if (CALL_LOG.isDebugEnabled()) {
            CALL_LOG.debug(
                "{} {}{} failed in {} ms: {}",
                call.method(),
                call.path(),
                call.stream() ? " (stream)" : "",
                duration.toMillis(),
                failure.toString());
          }
        }
      };
    }

    static boolean bodies() {
      return BODY_LOG.isTraceEnabled();
    }

    static void body(String what, String body) {
      if (BODY_LOG.isTraceEnabled()) {
        BODY_LOG.trace(
            "{}: {}",
            what,
            body.length() > BODY_LIMIT
                ? body.substring(0, BODY_LIMIT) + "... (" + body.length() + " chars)"
                : body);
      }
    }
  }
}
