package io.github.lmstudiojava.mcp;

import io.github.lmstudiojava.client.LmStudio;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import reactor.core.scheduler.Schedulers;

/**
 * The server's settings, from flags and environment variables; a flag wins over its variables, and
 * our variable names win over the ones {@code mcp-llm-studio} used.
 *
 * @param transport {@code stdio} or {@code http}
 * @param host the HTTP address to bind
 * @param port the HTTP port
 * @param authToken the bearer token HTTP clients must send; null for none
 * @param users the users of {@code --auth-tokens-file}, each with a token and a namespace of the
 *     session store; null when the server has one token or none
 * @param allowedOrigins the browser origins allowed over HTTP; none by default
 * @param http the HTTP transport's limits on connections, reads and MCP sessions
 * @param sessionRoute what the MCP session ids of this server start with, before a dot, so that a
 *     proxy in front of several servers sends each session's requests to the server that holds it;
 *     null for none
 * @param lmStudioUrls the base URLs of LM Studio's servers: one, or several hosts whose models are
 *     merged and whose chats go where the model is
 * @param apiToken LM Studio's API token, for every host; or, with several hosts, a comma-separated
 *     list with one token per URL in the same order (an empty entry for none); null for none
 * @param sessions the session store URI ({@code sqlite:PATH}, {@code memory:})
 * @param connectTimeout the limit for connecting to LM Studio
 * @param requestTimeout the deadline of quick tools (lists, unload, embed, download start)
 * @param loadTimeout the deadline of a model load
 * @param inferenceTimeout the deadline of {@code ask} and {@code chat}
 * @param idleTimeout the longest silence inside a generating stream
 * @param downloadWait how long {@code model_download} follows a download before returning its job
 * @param downloadPoll the wait between download status polls
 * @param watchInterval how often subscribed resources are checked for changes
 * @param imageRoots folders whose image files {@code ask} may read, absolute and normalized
 * @param maxImageSize the largest image file {@code ask} reads, in bytes
 * @param maxLongCalls how many long calls (generations, loads, downloads) run at once
 * @param maxLongCallsPerClient how many of them one MCP session runs at once
 * @param longCallQueue how many long calls may wait for a turn before more are refused
 * @param tools the tools offered, and the actions of {@code chat}: {@code --tools} and {@code
 *     --read-only}
 * @param logLevel the stderr log level
 * @param help whether {@code --help} was given
 * @param version whether {@code --version} was given
 */
record ServerConfig(
    String transport,
    String host,
    int port,
    String authToken,
    UserTokens users,
    List<String> allowedOrigins,
    HttpLimits http,
    String sessionRoute,
    List<String> lmStudioUrls,
    String apiToken,
    String sessions,
    Duration connectTimeout,
    Duration requestTimeout,
    Duration loadTimeout,
    Duration inferenceTimeout,
    Duration idleTimeout,
    Duration downloadWait,
    Duration downloadPoll,
    Duration watchInterval,
    List<Path> imageRoots,
    long maxImageSize,
    int maxLongCalls,
    int maxLongCallsPerClient,
    int longCallQueue,
    ToolSelection tools,
    String logLevel,
    boolean help,
    boolean version) {

  static final String DEFAULT_URL = "http://localhost:1234";

  /** The most LM Studio hosts one server talks to. */
  static final int MAX_HOSTS = 16;

  /** The default of {@code --max-image-size}. */
  static final long DEFAULT_MAX_IMAGE_SIZE = 20L << 20;

  /** The flags, their variables and defaults; {@code --help} and the README are built from it. */
  static final List<Option> OPTIONS =
      List.of(
          new Option("--transport", "stdio|http", "stdio", "how MCP clients connect", List.of()),
          new Option("--host", "ADDRESS", "127.0.0.1", "HTTP address to bind", List.of()),
          new Option("--port", "PORT", "3001", "HTTP port", List.of()),
          new Option(
              "--auth-token",
              "TOKEN",
              "none",
              "bearer token HTTP clients must send; required off loopback",
              List.of("LMSTUDIO_MCP_TOKEN")),
          new Option(
              "--auth-token-file",
              "FILE",
              "none",
              "reads --auth-token from the file's first line, so it stays out of ps",
              List.of("LMSTUDIO_MCP_TOKEN_FILE")),
          new Option(
              "--auth-tokens-file",
              "FILE",
              "none",
              "one \"user token\" pair a line; each user gets their own chat sessions",
              List.of("LMSTUDIO_MCP_TOKENS_FILE")),
          new Option(
              "--allow-origin",
              "ORIGIN",
              "none",
              "browser origin allowed over HTTP (repeatable)",
              List.of()),
          // The HTTP transport's limits, read by HttpLimits.read.
          new Option(
              "--max-connections",
              "N",
              "256",
              "HTTP connections served at once; more wait to be accepted",
              List.of("LMSTUDIO_MCP_MAX_CONNECTIONS")),
          new Option(
              "--read-timeout",
              "DURATION",
              "10s",
              "time an HTTP client has to send a request's headers, and again its body",
              List.of("LMSTUDIO_MCP_READ_TIMEOUT_MS")),
          new Option(
              "--max-mcp-sessions",
              "N",
              "128",
              "MCP sessions open at once over HTTP",
              List.of("LMSTUDIO_MCP_MAX_SESSIONS")),
          new Option(
              "--mcp-session-idle",
              "DURATION",
              "30m",
              "an MCP session unused this long over HTTP is closed (0: never)",
              List.of("LMSTUDIO_MCP_SESSION_IDLE_MS")),
          new Option(
              "--watch-interval",
              "DURATION",
              "2s",
              "how often LM Studio's models and the sessions are checked for changes while a"
                  + " client is subscribed to them",
              List.of("LMSTUDIO_MCP_WATCH_INTERVAL_MS")),
          new Option(
              "--stream-resume",
              "DURATION",
              "30s",
              "a dropped HTTP event stream can be resumed (Last-Event-ID) this long; then its call"
                  + " is stopped (0: at once)",
              List.of("LMSTUDIO_MCP_STREAM_RESUME_MS")),
          new Option(
              "--sse-retry",
              "DURATION",
              "none",
              "reconnection delay advised to MCP 2025-11-25 HTTP clients on each event stream (a"
                  + " retry field; MCP Java SDK clients before 2.2 cannot read one)",
              List.of("LMSTUDIO_MCP_SSE_RETRY_MS")),
          new Option(
              "--session-route",
              "NAME",
              "none",
              "MCP session ids start with NAME., so a proxy can route them back to this server",
              List.of("LMSTUDIO_MCP_SESSION_ROUTE")),
          new Option(
              "--lmstudio-url",
              "URL",
              DEFAULT_URL,
              "LM Studio's server; repeat it, or separate URLs with commas, for several hosts",
              List.of("LM_STUDIO_URL")),
          new Option(
              "--api-token",
              "TOKEN",
              "none",
              "LM Studio's API token; for several hosts, one for all or one per URL, comma-separated",
              List.of("LM_API_TOKEN", "LM_STUDIO_API_KEY")),
          new Option(
              "--sessions",
              "URI",
              "sqlite:~/.lmstudio-java/sessions.db",
              "chat session store: sqlite:PATH, memory: or jdbc:postgresql://HOST:PORT/DB",
              List.of("LMSTUDIO_SESSIONS", "MCP_SESSIONS_DB (a SQLite path)")),
          new Option(
              "--connect-timeout",
              "DURATION",
              "10s",
              "limit for connecting to LM Studio",
              List.of("LM_STUDIO_TIMEOUT_CONNECT_MS")),
          new Option(
              "--request-timeout",
              "DURATION",
              "30s",
              "deadline of model_list, model_unload, embed, download start",
              List.of("LM_STUDIO_TIMEOUT_DEFAULT_MS")),
          new Option(
              "--load-timeout",
              "DURATION",
              "10m",
              "deadline of a model load (also inside ask and chat)",
              List.of("LM_STUDIO_TIMEOUT_LOAD_MS")),
          new Option(
              "--inference-timeout",
              "DURATION",
              "15m",
              "deadline of ask and chat send",
              List.of("LM_STUDIO_TIMEOUT_INFERENCE_MS")),
          new Option(
              "--idle-timeout",
              "DURATION",
              "2m",
              "longest silence while a model generates",
              List.of("LM_STUDIO_SSE_IDLE_TIMEOUT_MS")),
          new Option(
              "--download-wait",
              "DURATION",
              "2m",
              "how long model_download follows a download",
              List.of("LM_STUDIO_DOWNLOAD_POLL_TIMEOUT_MS")),
          new Option(
              "--download-poll",
              "DURATION",
              "2s",
              "wait between download status polls",
              List.of("LM_STUDIO_DOWNLOAD_POLL_INTERVAL_MS")),
          new Option(
              "--image-root",
              "DIR",
              "none",
              "folder whose image files ask may read (repeatable)",
              List.of("LMSTUDIO_MCP_IMAGE_ROOTS")),
          new Option(
              "--max-image-size",
              "SIZE",
              "20MiB",
              "largest image file ask reads",
              List.of("LMSTUDIO_MCP_MAX_IMAGE_SIZE")),
          new Option(
              "--max-long-calls",
              "N",
              "4",
              "generations, loads and downloads running at once; quick tools never wait for them",
              List.of("LMSTUDIO_MCP_MAX_LONG_CALLS")),
          new Option(
              "--max-long-calls-per-client",
              "N",
              "2",
              "long calls one MCP session runs at once",
              List.of("LMSTUDIO_MCP_MAX_LONG_CALLS_PER_CLIENT")),
          new Option(
              "--long-call-queue",
              "N",
              "10 per core - 4 - --max-long-calls",
              "long calls that may wait for a turn (their wait counts in their deadline); more"
                  + " are refused",
              List.of("LMSTUDIO_MCP_LONG_CALL_QUEUE")),
          new Option(
              "--read-only",
              "",
              "false",
              "offer no tool or chat action that changes LM Studio's models or erases chat history"
                  + " (model_load, model_unload, model_download, chat reset and delete)",
              List.of("LMSTUDIO_MCP_READ_ONLY (true or false)")),
          new Option(
              "--tools",
              "LIST",
              "all",
              "offer only these tools, comma-separated, such as model_list,ask,chat; --read-only"
                  + " still leaves out the ones that change things",
              List.of("LMSTUDIO_MCP_TOOLS")),
          new Option(
              "--log-level",
              "LEVEL",
              "info",
              "stderr log level: error, warn, info, debug",
              List.of("LMSTUDIO_MCP_LOG_LEVEL")),
          new Option("--help", "", "", "print this help and exit", List.of()),
          new Option("--version", "", "", "print the version and exit", List.of()));

  /**
   * One flag.
   *
   * @param flag the flag
   * @param value what its value is, empty for a switch
   * @param defaultValue the default, as shown
   * @param meaning what it sets
   * @param env the environment variables read when the flag is absent, in order
   */
  record Option(String flag, String value, String defaultValue, String meaning, List<String> env) {}

  /**
   * Reads the settings.
   *
   * @param args the command line
   * @param env the environment
   * @return the settings
   * @throws ConfigException naming the first bad value
   */
  static ServerConfig parse(String[] args, Function<String, String> env) {
    Map<String, List<String>> flags = Flags.read(args, OPTIONS);
    Sources s = new Sources(flags, env);
    boolean help = flags.containsKey("--help");
    boolean version = flags.containsKey("--version");
    String transport = s.text("--transport", "stdio");
    if (!transport.equals("stdio") && !transport.equals("http")) {
      throw new ConfigException("--transport: \"" + transport + "\" is neither stdio nor http");
    }
    String host = s.text("--host", "127.0.0.1");
    int port = s.port("--port", 3001);
    // A flag wins over the variables; of two flags, or two variables, neither wins.
    if (flags.containsKey("--auth-token") && flags.containsKey("--auth-token-file")) {
      throw new ConfigException("give --auth-token or --auth-token-file, not both");
    }
    boolean tokenFlag = flags.containsKey("--auth-token") || flags.containsKey("--auth-token-file");
    if (tokenFlag && flags.containsKey("--auth-tokens-file")) {
      throw new ConfigException(
          "give --auth-tokens-file (several users) or --auth-token/--auth-token-file (one),"
              + " not both");
    }
    String authToken = null;
    UserTokens users = null;
    if (flags.containsKey("--auth-token")) {
      authToken = s.text("--auth-token", null);
    } else if (flags.containsKey("--auth-token-file")) {
      authToken = readToken(s.text("--auth-token-file", null));
    } else if (flags.containsKey("--auth-tokens-file")) {
      users = UserTokens.read(s.text("--auth-tokens-file", null), "--auth-tokens-file");
    } else {
      String fromEnv = s.text("--auth-token", null, "LMSTUDIO_MCP_TOKEN");
      String fileFromEnv = s.text("--auth-token-file", null, "LMSTUDIO_MCP_TOKEN_FILE");
      String usersFromEnv = s.text("--auth-tokens-file", null, "LMSTUDIO_MCP_TOKENS_FILE");
      if (fromEnv != null && fileFromEnv != null) {
        throw new ConfigException("set LMSTUDIO_MCP_TOKEN or LMSTUDIO_MCP_TOKEN_FILE, not both");
      }
      if (usersFromEnv != null && (fromEnv != null || fileFromEnv != null)) {
        throw new ConfigException(
            "set LMSTUDIO_MCP_TOKENS_FILE (several users) or LMSTUDIO_MCP_TOKEN"
                + "/LMSTUDIO_MCP_TOKEN_FILE (one), not both");
      }
      if (usersFromEnv != null) {
        users = UserTokens.read(usersFromEnv, "LMSTUDIO_MCP_TOKENS_FILE");
      } else {
        authToken = fileFromEnv != null ? readToken(fileFromEnv) : fromEnv;
      }
    }
    if (authToken != null && authToken.isBlank()) {
      throw new ConfigException("--auth-token: the token is blank");
    }
    List<String> origins = flags.getOrDefault("--allow-origin", List.of());
    for (String origin : origins) {
      checkOrigin(origin);
    }
    String route = s.text("--session-route", null, "LMSTUDIO_MCP_SESSION_ROUTE");
    if (route != null && !route.matches("[A-Za-z0-9_-]{1,32}")) {
      throw new ConfigException(
          "--session-route: \""
              + ServerLog.oneLine(route)
              + "\" is not 1 to 32 letters, digits, '_' or '-'");
    }
    List<String> urls = lmStudioUrls(flags.get("--lmstudio-url"), s);
    String apiToken = s.text("--api-token", null, "LM_API_TOKEN", "LM_STUDIO_API_KEY");
    if (apiToken != null && urls.size() > 1 && apiToken.indexOf(',') >= 0) {
      int tokens = apiToken.split(",", -1).length;
      if (tokens != urls.size()) {
        throw new ConfigException(
            "--api-token: "
                + tokens
                + " comma-separated tokens for "
                + urls.size()
                + " LM Studio URLs; give one token for all, or one per URL in order");
      }
    }
    String sessions = sessions(s, env);
    boolean readOnly = s.isOn("--read-only", "LMSTUDIO_MCP_READ_ONLY");
    ToolSelection tools =
        ToolSelection.parse(
            s.text("--tools", null, "LMSTUDIO_MCP_TOOLS"),
            flags.containsKey("--tools") ? "--tools" : "LMSTUDIO_MCP_TOOLS",
            readOnly);
    String logLevel = s.text("--log-level", "info", "LMSTUDIO_MCP_LOG_LEVEL");
    if (!List.of("error", "warn", "info", "debug", "trace").contains(logLevel)) {
      throw new ConfigException(
          "--log-level: \"" + logLevel + "\" is not error, warn, info or debug");
    }
    ServerConfig config =
        new ServerConfig(
            transport,
            host,
            port,
            authToken,
            users,
            List.copyOf(origins),
            HttpLimits.read(s),
            route,
            urls,
            apiToken == null || apiToken.isBlank() ? null : apiToken,
            sessions,
            s.duration("--connect-timeout", "10s", "LM_STUDIO_TIMEOUT_CONNECT_MS"),
            s.duration("--request-timeout", "30s", "LM_STUDIO_TIMEOUT_DEFAULT_MS"),
            s.duration("--load-timeout", "10m", "LM_STUDIO_TIMEOUT_LOAD_MS"),
            s.duration("--inference-timeout", "15m", "LM_STUDIO_TIMEOUT_INFERENCE_MS"),
            s.duration("--idle-timeout", "2m", "LM_STUDIO_SSE_IDLE_TIMEOUT_MS"),
            s.duration("--download-wait", "2m", "LM_STUDIO_DOWNLOAD_POLL_TIMEOUT_MS"),
            s.duration("--download-poll", "2s", "LM_STUDIO_DOWNLOAD_POLL_INTERVAL_MS"),
            s.duration("--watch-interval", "2s", "LMSTUDIO_MCP_WATCH_INTERVAL_MS"),
            ImageRoots.configured(flags.get("--image-root"), env.apply("LMSTUDIO_MCP_IMAGE_ROOTS")),
            Sizes.parse(
                s.text("--max-image-size", "20MiB", "LMSTUDIO_MCP_MAX_IMAGE_SIZE"),
                "--max-image-size"),
            s.count("--max-long-calls", 4, 1, "LMSTUDIO_MCP_MAX_LONG_CALLS"),
            s.count("--max-long-calls-per-client", 2, 1, "LMSTUDIO_MCP_MAX_LONG_CALLS_PER_CLIENT"),
            s.count(
                "--long-call-queue",
                defaultLongCallQueue(
                    s.count("--max-long-calls", 4, 1, "LMSTUDIO_MCP_MAX_LONG_CALLS")),
                0,
                "LMSTUDIO_MCP_LONG_CALL_QUEUE"),
            tools,
            logLevel,
            help,
            version);
    if (config.downloadPoll().isZero()) {
      throw new ConfigException("--download-poll: must be more than 0");
    }
    if (config.watchInterval().toMillis() < 100) {
      throw new ConfigException("--watch-interval: must be at least 100ms");
    }
    if (!help && !version && config.isHttp() && !config.authenticates() && !isLoopback(host)) {
      throw new ConfigException(
          "--host "
              + host
              + " is reachable from other machines: set --auth-token (or LMSTUDIO_MCP_TOKEN)"
              + " or --auth-tokens-file so that only clients with a token can drive LM Studio");
    }
    return config;
  }

  /**
   * As many waiting long calls as leave four of the threads that run tool calls (Reactor's bounded
   * elastic scheduler: ten per core) to quick tools, and at least 4.
   */
  static int defaultLongCallQueue(int maxLongCalls) {
    return Math.max(4, Schedulers.DEFAULT_BOUNDED_ELASTIC_SIZE - 4 - maxLongCalls);
  }

  /** The first line of a token file: a regular file of at most 4 KiB. */
  private static String readToken(String file) {
    try {
      Path path = Path.of(file);
      if (!Files.isRegularFile(path) || Files.size(path) > 4096) {
        throw new ConfigException(
            "--auth-token-file: " + file + " is not a regular file of at most 4 KiB");
      }
      String first = Files.readAllLines(path).stream().findFirst().orElse("").strip();
      if (first.isEmpty()) {
        throw new ConfigException("--auth-token-file: the first line of " + file + " is empty");
      }
      return first;
    } catch (IOException | java.io.UncheckedIOException | java.nio.file.InvalidPathException e) {
      throw new ConfigException("--auth-token-file: cannot read " + file + ": " + e.getMessage());
    }
  }

  /** Whether HTTP clients must send a bearer token: one token, or one for each user. */
  boolean authenticates() {
    return authToken != null || users != null;
  }

  boolean isHttp() {
    return transport.equals("http");
  }

  /**
   * LM Studio's URL as logs and messages show it: a user name and password in it become {@code
   * ***}; several hosts are joined with "or".
   *
   * @return the URL, safe to show
   */
  String shownLmStudioUrl() {
    List<String> shown = new ArrayList<>(lmStudioUrls.size());
    for (String url : lmStudioUrls) {
      shown.add(hideUserInfo(url));
    }
    return String.join(" or ", shown);
  }

  /**
   * The first LM Studio URL: the only one unless several hosts were given.
   *
   * @return the URL
   */
  String lmStudioUrl() {
    return lmStudioUrls.get(0);
  }

  /**
   * Whether the server talks to several LM Studio hosts.
   *
   * @return true for more than one URL
   */
  boolean severalHosts() {
    return lmStudioUrls.size() > 1;
  }

  /**
   * The session store URI as logs and messages show it: a password parameter and user information
   * in it become {@code ***}.
   *
   * @return the URI, safe to show
   */
  String shownSessions() {
    return hideUserInfo(sessions);
  }

  private static final Pattern USER_INFO =
      Pattern.compile("^([A-Za-z][A-Za-z0-9+.:-]*://)[^/?#]*@");
  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)([?&;][^&;#=]*password[^&;#=]*=)[^&;#]*");

  /**
   * A URL with its user information, if any, and the value of every parameter whose name holds
   * {@code password} (such as {@code password=} or {@code sslpassword=} in a {@code
   * jdbc:postgresql:} URL) replaced by {@code ***}.
   */
  static String hideUserInfo(String url) {
    return url == null
        ? null
        : PASSWORD_PARAMETER
            .matcher(USER_INFO.matcher(url).replaceFirst("$1***@"))
            .replaceAll("$1***");
  }

  /** The settings, with the tokens and the URL's user information hidden. */
  @Override
  public String toString() {
    return "ServerConfig[transport="
        + transport
        + ", host="
        + host
        + ", port="
        + port
        + ", authToken="
        + (authToken == null ? "none" : "***")
        + ", users="
        + (users == null ? "none" : users)
        + ", allowedOrigins="
        + allowedOrigins
        + ", sessionRoute="
        + sessionRoute
        + ", lmStudioUrl="
        + shownLmStudioUrl()
        + ", apiToken="
        + (apiToken == null ? "none" : "***")
        + ", sessions="
        + shownSessions()
        + ", connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + ", loadTimeout="
        + loadTimeout
        + ", inferenceTimeout="
        + inferenceTimeout
        + ", idleTimeout="
        + idleTimeout
        + ", downloadWait="
        + downloadWait
        + ", downloadPoll="
        + downloadPoll
        + ", watchInterval="
        + watchInterval
        + ", imageRoots="
        + imageRoots
        + ", maxImageSize="
        + maxImageSize
        + ", maxLongCalls="
        + maxLongCalls
        + ", maxLongCallsPerClient="
        + maxLongCallsPerClient
        + ", longCallQueue="
        + longCallQueue
        + ", tools="
        + tools
        + ", logLevel="
        + logLevel
        + "]";
  }

  /** Whether {@code host} names only this machine. */
  static boolean isLoopback(String host) {
    if (host.equals("localhost")) {
      return true;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** The session store used when none is configured: a SQLite file under the home directory. */
  static String defaultSessions() {
    return "sqlite:" + Path.of(System.getProperty("user.home"), ".lmstudio-java", "sessions.db");
  }

  /** Where {@code mcp-llm-studio} kept its chat history by default. */
  static Path peerDefaultSessions() {
    return Path.of(System.getProperty("user.home"), ".mcp-llm-studio", "sessions.db");
  }

  private static String sessions(Sources s, Function<String, String> env) {
    String uri = s.text("--sessions", null, "LMSTUDIO_SESSIONS");
    if (uri == null) {
      String path = env.apply("MCP_SESSIONS_DB");
      if (path != null && !path.isBlank()) {
        uri = "sqlite:" + path;
      }
    }
    if (uri == null) {
      uri = defaultSessions();
    }
    if (!uri.contains(":") || uri.startsWith(":")) {
      throw new ConfigException(
          "--sessions: \""
              + hideUserInfo(uri)
              + "\" is not a store URI; write sqlite:PATH, memory: or"
              + " jdbc:postgresql://HOST:PORT/DB?user=USER&password=PASSWORD");
    }
    if (uri.startsWith("sqlite:~/")) {
      uri =
          "sqlite:" + Path.of(System.getProperty("user.home"), uri.substring("sqlite:~/".length()));
    }
    return uri;
  }

  /** Every URL of every {@code --lmstudio-url} (or of {@code LM_STUDIO_URL}), checked. */
  private static List<String> lmStudioUrls(List<String> given, Sources s) {
    List<String> texts =
        given != null ? given : List.of(s.text("--lmstudio-url", DEFAULT_URL, "LM_STUDIO_URL"));
    List<String> urls = new ArrayList<>();
    for (String text : texts) {
      for (String url : text.split(",")) {
        if (!url.isBlank()) {
          checkUrl(url.strip());
          urls.add(url.strip());
        }
      }
    }
    if (urls.isEmpty()) {
      throw new ConfigException("--lmstudio-url: no URL given, such as " + DEFAULT_URL);
    }
    if (urls.size() > MAX_HOSTS) {
      throw new ConfigException(
          "--lmstudio-url: " + urls.size() + " URLs; at most " + MAX_HOSTS + " hosts");
    }
    try {
      LmStudio.builder().baseUrls(urls); // the client's own checks: the same server twice
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--lmstudio-url: " + e.getMessage());
    }
    return List.copyOf(urls);
  }

  private static void checkUrl(String url) {
    try {
      URI uri = new URI(url);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new ConfigException(
            "--lmstudio-url: \"" + url + "\" is not an http(s) URL such as " + DEFAULT_URL);
      }
    } catch (URISyntaxException e) {
      throw new ConfigException("--lmstudio-url: \"" + url + "\" is not a URL: " + e.getReason());
    }
  }

  private static void checkOrigin(String origin) {
    try {
      URI uri = new URI(origin);
      if (uri.getScheme() == null || uri.getHost() == null || !uri.getPath().isEmpty()) {
        throw new ConfigException(
            "--allow-origin: \"" + origin + "\" is not an origin such as https://example.com");
      }
    } catch (URISyntaxException e) {
      throw new ConfigException("--allow-origin: \"" + origin + "\" is not an origin");
    }
  }

  /**
   * What the HTTP transport allows its clients, so that none of them can hang or exhaust it.
   *
   * @param maxConnections connections served at once; more wait to be accepted
   * @param readTimeout how long a client may take to send a request's headers, and again its body;
   *     a connection idle between requests for longer is closed
   * @param maxSessions MCP sessions open at once; a new {@code initialize} beyond it is refused
   * @param sessionIdle how long an MCP session may go unused before it is closed; zero for ever
   * @param streamResume how long a dropped event stream may be resumed; zero for not at all
   * @param sseRetry the reconnection delay advised on each event stream; zero for none
   */
  record HttpLimits(
      int maxConnections,
      Duration readTimeout,
      int maxSessions,
      Duration sessionIdle,
      Duration streamResume,
      Duration sseRetry) {
    private static HttpLimits read(Sources s) {
      Duration readTimeout = s.duration("--read-timeout", "10s", "LMSTUDIO_MCP_READ_TIMEOUT_MS");
      if (readTimeout.toMillis() < 100) {
        throw new ConfigException("--read-timeout: must be at least 100ms");
      }
      return new HttpLimits(
          s.count("--max-connections", 256, "LMSTUDIO_MCP_MAX_CONNECTIONS"),
          readTimeout,
          s.count("--max-mcp-sessions", 128, "LMSTUDIO_MCP_MAX_SESSIONS"),
          s.duration("--mcp-session-idle", "30m", "LMSTUDIO_MCP_SESSION_IDLE_MS"),
          s.duration("--stream-resume", "30s", "LMSTUDIO_MCP_STREAM_RESUME_MS"),
          s.duration("--sse-retry", "0", "LMSTUDIO_MCP_SSE_RETRY_MS"));
    }
  }

  /** Where a value comes from: the flag, else the first variable set. */
  private record Sources(Map<String, List<String>> flags, Function<String, String> env) {
    String text(String flag, String fallback, String... vars) {
      List<String> given = flags.get(flag);
      if (given != null) {
        return given.get(given.size() - 1);
      }
      for (String var : vars) {
        String value = env.apply(var);
        if (value != null && !value.isBlank()) {
          return value.trim();
        }
      }
      return fallback;
    }

    /** Whether a switch is on: given as a flag, or its variable set to {@code true}. */
    boolean isOn(String flag, String var) {
      if (flags.containsKey(flag)) {
        return true;
      }
      String value = env.apply(var);
      if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("false")) {
        return false;
      }
      if (value.strip().equalsIgnoreCase("true")) {
        return true;
      }
      throw new ConfigException(
          var + ": \"" + ServerLog.oneLine(value) + "\" is neither true nor false");
    }

    /** A whole number from {@code min} to 1,000. */
    int count(String flag, int fallback, int min, String var) {
      String text = text(flag, null, var);
      if (text == null) {
        return fallback;
      }
      try {
        int n = Integer.parseInt(text);
        if (n >= min && n <= 1000) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new ConfigException(
          flag + ": \"" + text + "\" is not a whole number from " + min + " to 1000");
    }

    int port(String flag, int fallback) {
      String text = text(flag, null);
      if (text == null) {
        return fallback;
      }
      try {
        int port = Integer.parseInt(text);
        if (port >= 0 && port <= 65535) {
          return port;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new ConfigException(flag + ": \"" + text + "\" is not a port from 0 to 65535");
    }

    /** A whole number from 1 to a million, from the flag or else the variable. */
    int count(String flag, int fallback, String var) {
      String text = text(flag, null, var);
      if (text == null) {
        return fallback;
      }
      try {
        int n = Integer.parseInt(text.trim());
        if (n >= 1 && n <= 1_000_000) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      String source = flags.containsKey(flag) ? flag : var;
      throw new ConfigException(
          source + ": \"" + text + "\" is not a whole number from 1 to 1000000");
    }

    Duration duration(String flag, String fallback, String var) {
      List<String> given = flags.get(flag);
      if (given != null) {
        return Durations.parse(given.get(given.size() - 1), flag);
      }
      String value = env.apply(var);
      if (value != null && !value.isBlank()) {
        return Durations.millis(value, var);
      }
      return Durations.parse(fallback, flag);
    }
  }

  /**
   * Splits the command line into flags and their values.
   *
   * <p>Written here rather than with picocli: building picocli's command (30 options) and parsing
   * one command line took about 100 ms in a fresh JVM, also with a class-data archive, against
   * about 230 ms for this server's whole start with its launcher (docs/benchmarks.md, "Command
   * line: picocli measured"). MCP clients start the server for every session. The option table
   * above gives the help, defaults, environment fallbacks and errors picocli would.
   */
  static final class Flags {
    private Flags() {}

    static Map<String, List<String>> read(String[] args, List<Option> options) {
      Map<String, List<String>> flags = new java.util.LinkedHashMap<>();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        String value = null;
        int eq = arg.indexOf('=');
        if (arg.startsWith("--") && eq > 0) {
          value = arg.substring(eq + 1);
          arg = arg.substring(0, eq);
        }
        Option option = find(options, arg);
        if (option == null) {
          throw new ConfigException("unknown option \"" + args[i] + "\"; --help lists the options");
        }
        if (option.value().isEmpty()) {
          if (value != null) {
            throw new ConfigException(arg + " takes no value");
          }
          flags.computeIfAbsent(option.flag(), k -> new ArrayList<>()).add("");
          continue;
        }
        if (value == null) {
          if (i + 1 >= args.length) {
            throw new ConfigException(arg + " needs a value: " + arg + " " + option.value());
          }
          value = args[++i];
        }
        flags.computeIfAbsent(option.flag(), k -> new ArrayList<>()).add(value);
      }
      return flags;
    }

    private static Option find(List<Option> options, String flag) {
      String name = flag.equals("-h") ? "--help" : flag.equals("-v") ? "--version" : flag;
      for (Option option : options) {
        if (option.flag().equals(name)) {
          return option;
        }
      }
      return null;
    }
  }
}
