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

  void info(String message) {
    LOG.info(message);
    notifyClient(LoggingLevel.INFO, message);
  }

  void warn(String message) {
    LOG.warn(message);
    notifyClient(LoggingLevel.WARNING, message);
  }

  void error(String message) {
    LOG.error(message);
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
