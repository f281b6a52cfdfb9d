package io.github.lmstudiojava.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code lmstudio.*} properties: where LM Studio runs, its token, the client's time limits, and
 * the session store.
 *
 * <pre>
 * lmstudio.base-url=http://localhost:1234
 * lmstudio.api-token=${LM_API_TOKEN:}
 * lmstudio.timeouts.idle=5m
 * lmstudio.sessions.uri=sqlite:~/.myapp/sessions.db
 * </pre>
 */
@ConfigurationProperties("lmstudio")
public class LmStudioProperties {
  /** Root URL of the LM Studio server; a trailing /v1 or /api/v1 is dropped. */
  private String baseUrl = "http://localhost:1234";

  /** API token sent as a bearer token, when the server requires one. Empty for none. */
  private String apiToken;

  private final Timeouts timeouts = new Timeouts();

  private final Sessions sessions = new Sessions();

  /** Creates the properties with their defaults. */
  public LmStudioProperties() {}

  /**
   * The server's root URL.
   *
   * @return the URL
   */
  public String getBaseUrl() {
    return baseUrl;
  }

  /**
   * Sets the server's root URL.
   *
   * @param baseUrl the URL
   */
  public void setBaseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /**
   * The API token, or null.
   *
   * @return the token
   */
  public String getApiToken() {
    return apiToken;
  }

  /**
   * Sets the API token.
   *
   * @param apiToken the token; empty or null for none
   */
  public void setApiToken(String apiToken) {
    this.apiToken = apiToken;
  }

  /**
   * The time limits.
   *
   * @return the limits
   */
  public Timeouts getTimeouts() {
    return timeouts;
  }

  /**
   * The session store.
   *
   * @return its settings
   */
  public Sessions getSessions() {
    return sessions;
  }

  /** The client's time limits; any left unset keeps the client's default. */
  public static class Timeouts {
    /** Limit for opening a connection (client default 10s). */
    private Duration connect;

    /** Limit for loading a model, and a stream's silence while one loads (default 10m). */
    private Duration modelLoad;

    /** Limit for a stream's first event and its prompt processing (default 5m). */
    private Duration firstEvent;

    /** Limit between two events once a model generates, and for quick calls (default 2m). */
    private Duration idle;

    /** Limit for a whole chat, streamed or not (default 30m). */
    private Duration call;

    /** Creates unset limits. */
    public Timeouts() {}

    /**
     * The connect limit, or null.
     *
     * @return the limit
     */
    public Duration getConnect() {
      return connect;
    }

    /**
     * Sets the connect limit.
     *
     * @param connect the limit
     */
    public void setConnect(Duration connect) {
      this.connect = connect;
    }

    /**
     * The model-load limit, or null.
     *
     * @return the limit
     */
    public Duration getModelLoad() {
      return modelLoad;
    }

    /**
     * Sets the model-load limit.
     *
     * @param modelLoad the limit
     */
    public void setModelLoad(Duration modelLoad) {
      this.modelLoad = modelLoad;
    }

    /**
     * The first-event limit, or null.
     *
     * @return the limit
     */
    public Duration getFirstEvent() {
      return firstEvent;
    }

    /**
     * Sets the first-event limit.
     *
     * @param firstEvent the limit
     */
    public void setFirstEvent(Duration firstEvent) {
      this.firstEvent = firstEvent;
    }

    /**
     * The idle limit, or null.
     *
     * @return the limit
     */
    public Duration getIdle() {
      return idle;
    }

    /**
     * Sets the idle limit.
     *
     * @param idle the limit
     */
    public void setIdle(Duration idle) {
      this.idle = idle;
    }

    /**
     * The whole-call limit, or null.
     *
     * @return the limit
     */
    public Duration getCall() {
      return call;
    }

    /**
     * Sets the whole-call limit.
     *
     * @param call the limit
     */
    public void setCall(Duration call) {
      this.call = call;
    }
  }

  /** The session store, made when a URI is set (and lmstudio-sessions is on the class path). */
  public static class Sessions {
    /**
     * Store URI: memory:, sqlite:PATH (~/ for the home directory), or jdbc:postgresql://... with
     * lmstudio-sessions-postgresql on the class path.
     */
    private String uri;

    /** Creates unset settings. */
    public Sessions() {}

    /**
     * The store's URI, or null.
     *
     * @return the URI
     */
    public String getUri() {
      return uri;
    }

    /**
     * Sets the store's URI.
     *
     * @param uri the URI
     */
    public void setUri(String uri) {
      this.uri = uri;
    }
  }
}
