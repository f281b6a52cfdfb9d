package io.github.lmstudiojava.mcp;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LmStudioAuthenticationException;
import io.github.lmstudiojava.client.LmStudioConnectionException;
import io.github.lmstudiojava.client.LmStudioException;
import io.github.lmstudiojava.client.LmStudioHttpException;
import io.github.lmstudiojava.client.LmStudioProtocolException;
import io.github.lmstudiojava.client.LmStudioStreamException;
import io.github.lmstudiojava.client.LmStudioTimeoutException;
import io.github.lmstudiojava.client.Model;
import io.github.lmstudiojava.client.ModelNotFoundException;
import io.github.lmstudiojava.sessions.ChatSessionException;
import io.github.lmstudiojava.sessions.SessionConflictException;
import io.github.lmstudiojava.sessions.SessionNotFoundException;
import io.github.lmstudiojava.sessions.SessionStoreException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/** Turns a failure into the one actionable sentence an {@code isError} result carries. */
final class ToolErrors {
  private ToolErrors() {}

  /**
   * The sentence for a failure.
   *
   * @param e the failure
   * @param model the model the call named, or null
   * @param backend to list the loaded models when a model was not found
   * @return the message
   */
  static String describe(Throwable e, String model, Backend backend) {
    if (e instanceof ChatSessionException && e.getCause() instanceof LmStudioException cause) {
      e = cause;
    }
    String url = backend.url();
    if (e instanceof LmStudioConnectionException c) {
      // With several hosts, the one that failed.
      return connection(c, c.url() != null ? ServerConfig.hideUserInfo(c.url()) : url);
    }
    if (e instanceof LmStudioAuthenticationException auth) {
      boolean tokenSet = backend.config().apiToken() != null;
      if (!tokenSet) {
        return "LM Studio at "
            + url
            + " requires an API token"
            + (auth.statusCode() == 403 && auth.serverMessage() != null
                ? " for this call (" + auth.serverMessage() + ")"
                : "")
            + ": create one under Developer > Server Settings > Manage Tokens and set"
            + " LM_API_TOKEN in this server's environment.";
      }
      if (auth.statusCode() == 403) {
        return "LM Studio at "
            + url
            + " refused the call (403): the token lacks a permission or a server setting is off: "
            + auth.serverMessage();
      }
      return "LM Studio at "
          + url
          + " rejected the API token: check LM_API_TOKEN against Developer > Server Settings >"
          + " Manage Tokens.";
    }
    if (e instanceof ModelNotFoundException) {
      return (model == null ? "The model" : "Model \"" + model + "\"")
          + " is not available in LM Studio; "
          + loaded(backend)
          + (backend.config().tools().offers("model_download")
              ? " (model_list shows every downloaded model, model_download fetches new ones)."
              : " (model_list shows every downloaded model).");
    }
    if (e instanceof LmStudioTimeoutException t) {
      return timeout(t);
    }
    if (e instanceof LmStudioStreamException s) {
      String why = s.error() != null ? s.error().message() : s.getMessage();
      return "The model's answer broke off: " + why;
    }
    if (e instanceof LmStudioHttpException h && h.statusCode() < 300) {
      // An error with a success status: the client's message says which of its causes to check.
      return h.getMessage();
    }
    if (e instanceof LmStudioHttpException h) {
      return "LM Studio answered "
          + h.statusCode()
          + ": "
          + (h.serverMessage() != null ? h.serverMessage() : h.getMessage());
    }
    if (e instanceof LmStudioProtocolException) {
      return "LM Studio sent an answer this server cannot read (is LM Studio 0.4.0 or newer?): "
          + e.getMessage();
    }
    if (e instanceof CallGate.Busy || e instanceof SessionNotFoundException) {
      return e.getMessage();
    }
    if (e instanceof SessionConflictException conflict) {
      return "Other sends to session \""
          + conflict.sessionId()
          + "\" were stored first each time the model answered; nothing was stored for this one."
          + " Send the message again.";
    }
    if (e instanceof SessionStoreException store) {
      return "The session store failed: " + store.getMessage();
    }
    if (e instanceof IllegalArgumentException
        || e instanceof IllegalStateException
        || e instanceof UncheckedIOException
        || e instanceof LmStudioException) {
      return e.getMessage();
    }
    ServerLog.LOG.error("unexpected failure", e);
    return "Internal error (" + e.getClass().getSimpleName() + "): " + e.getMessage();
  }

  /** The partial answer a failure kept, or null. */
  static String partialText(Throwable e) {
    if (e instanceof ChatSessionException && e.getCause() != null) {
      e = e.getCause();
    }
    String partial = null;
    if (e instanceof LmStudioStreamException s) {
      partial = s.partialText();
    } else if (e instanceof LmStudioTimeoutException t) {
      partial = t.partialText();
    }
    return partial == null || partial.isEmpty() ? null : partial;
  }

  private static String connection(LmStudioConnectionException c, String url) {
    switch (c.reason()) {
      case REFUSED:
        return "LM Studio is not running at "
            + url
            + " (connection refused): start its server (`lms server start`, or the toggle in the"
            + " Developer tab) or point LM_STUDIO_URL at it.";
      case UNREACHABLE:
        return "Cannot reach "
            + url
            + (c.getCause() != null ? " (" + c.getCause().getMessage() + ")" : "")
            + ": check the host in LM_STUDIO_URL and the network.";
      case NOT_LM_STUDIO:
        return "The server at "
            + url
            + " is not LM Studio (it answered with a web page): point LM_STUDIO_URL at LM"
            + " Studio's server, port 1234 by default.";
      default:
        return "LM Studio at "
            + url
            + " closed the connection during the call: it is running but dropped the call, and"
            + " may have crashed or restarted (check LM Studio's server log). The request may or"
            + " may not have been processed.";
    }
  }

  private static String timeout(LmStudioTimeoutException t) {
    String limit = Durations.show(t.limit());
    if (t.kind() == LmStudioTimeoutException.Kind.CONNECT) {
      return "Connecting to LM Studio took longer than "
          + limit
          + ": nothing answered at that address; is the host up and the port right? Raise"
          + " --connect-timeout for a slow network.";
    }
    String flag = flag(t.kind());
    if (!t.answerStarted()) {
      return "LM Studio accepted the call but sent nothing back within "
          + limit
          + (flag != null ? " (" + flag + ")" : "")
          + "; no answer had begun. It may be busy loading a model or serving other requests"
          + (flag != null ? "; raise " + flag + " if it needs longer." : ".");
    }
    switch (t.kind()) {
      case MODEL_LOAD:
        return "The model did not finish loading within "
            + limit
            + "; raise --load-timeout for very large models.";
      case FIRST_EVENT:
        return "LM Studio sent nothing for " + limit + " while reading the prompt.";
      case IDLE:
        return "The model went silent for "
            + limit
            + " in the middle of its answer; raise --idle-timeout if it is just slow.";
      default:
        return "LM Studio did not finish its answer within " + limit + ".";
    }
  }

  /** The flag that sets the limit of a kind, or null when no flag sets it alone. */
  private static String flag(LmStudioTimeoutException.Kind kind) {
    switch (kind) {
      case MODEL_LOAD:
        return "--load-timeout";
      case IDLE:
        return "--idle-timeout";
      default:
        return null;
    }
  }

  private static String loaded(Backend backend) {
    try {
      LmStudio lms = backend.client();
      List<Model> loaded = lms.models().loaded();
      if (loaded.isEmpty()) {
        return "no model is loaded";
      }
      return "loaded: " + loaded.stream().map(Model::key).collect(Collectors.joining(", "));
    } catch (RuntimeException e) {
      return "the loaded models could not be listed";
    }
  }
}
