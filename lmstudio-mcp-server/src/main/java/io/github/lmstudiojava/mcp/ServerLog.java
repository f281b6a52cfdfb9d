package io.github.lmstudiojava.mcp;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Milestones and failures of one tool call: each goes to stderr and, as an MCP log notification, to
 * the client (which filters them by the level it set with {@code logging/setLevel}).
 */
final class ServerLog {
  static final Logger LOG = LoggerFactory.getLogger("lmstudio-mcp");

  private final McpSyncServerExchange exchange;

  ServerLog(McpSyncServerExchange exchange) {
    this.exchange = exchange;
  }

  /**
   * Text from a client made safe for one log line: control characters (a line break in a session id
   * would forge a log line) and format characters (direction overrides that make a line read
   * differently) are written as Java escapes: a line feed as a backslash and {@code n}, an escape
   * character as a backslash and {@code u001b}.
   *
   * @param text the text, or null
   * @return the escaped text
   */
  static String oneLine(Object text) {
    String s = String.valueOf(text);
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!Character.isISOControl(c)
          && Character.getType(c) != Character.FORMAT
          && c != '\u2028'
          && c != '\u2029') {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      switch (c) {
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out == null ? s : out.toString();
  }

  void info(String message) {
    LOG.info(oneLine(message));
    notifyClient(LoggingLevel.INFO, message);
  }

  void warn(String message) {
    LOG.warn(oneLine(message));
    notifyClient(LoggingLevel.WARNING, message);
  }

  void error(String message) {
    LOG.error(oneLine(message));
    notifyClient(LoggingLevel.ERROR, message);
  }

  private void notifyClient(LoggingLevel level, String message) {
    if (exchange == null) {
      return;
    }
    try {
      exchange.loggingNotification(
          LoggingMessageNotification.builder(level, message).logger("lmstudio").build());
    } catch (RuntimeException e) {
      LOG.debug("log notification not sent: {}", e.toString());
    }
  }
}
