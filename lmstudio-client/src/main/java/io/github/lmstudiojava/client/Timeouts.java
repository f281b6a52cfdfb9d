package io.github.lmstudiojava.client;

import java.time.Duration;
import java.util.Objects;

/**
 * The time limits of a client or of one request, chosen for local models.
 *
 * <p>Which limit applies to which call:
 *
 * <table>
 *   <caption>Limits per operation</caption>
 *   <tr><th>limit</th><th>default</th><th>applies to</th></tr>
 *   <tr><td>{@link #connect()}</td><td>10 s</td><td>opening the TCP connection, every call</td></tr>
 *   <tr><td>{@link #modelLoad()}</td><td>10 min</td><td>the whole of {@code models().load(...)};
 *       in a stream, the longest silence while the model loads ({@code model_load.*})</td></tr>
 *   <tr><td>{@link #firstEvent()}</td><td>5 min</td><td>a stream, from sending the request to its
 *       first event, and the longest silence before generation starts (prompt processing of a
 *       long input on a slow machine can take minutes)</td></tr>
 *   <tr><td>{@link #idle()}</td><td>2 min</td><td>a stream, the longest silence between two events
 *       once the model generates; and each quick management call (list, unload, download status),
 *       as a whole</td></tr>
 *   <tr><td>{@link #call()}</td><td>30 min</td><td>a whole chat, streamed or not (a non-streamed
 *       answer arrives only once it is fully generated)</td></tr>
 * </table>
 *
 * <p>{@link Duration#ZERO} disables a limit. Set them per client with {@code
 * LmStudio.builder().timeouts(...)}, or per request with {@code ChatRequest.builder(model)
 * .timeouts(...)}:
 *
 * <pre>{@code
 * Timeouts slowMachine = Timeouts.defaults().withFirstEvent(Duration.ofMinutes(20));
 * }</pre>
 *
 * @param connect limit for opening a connection
 * @param modelLoad limit for a whole model load
 * @param firstEvent limit from request to a stream's first event
 * @param idle limit for silence between stream events, and for quick management calls
 * @param call limit for a whole chat call
 */
public record Timeouts(
    Duration connect, Duration modelLoad, Duration firstEvent, Duration idle, Duration call) {

  private static final Timeouts DEFAULTS =
      new Timeouts(
          Duration.ofSeconds(10),
          Duration.ofMinutes(10),
          Duration.ofMinutes(5),
          Duration.ofMinutes(2),
          Duration.ofMinutes(30));

  /** Checks that every limit is present and not negative. */
  public Timeouts {
    check(connect, "connect");
    check(modelLoad, "modelLoad");
    check(firstEvent, "firstEvent");
    check(idle, "idle");
    check(call, "call");
  }

  private static void check(Duration value, String name) {
    Objects.requireNonNull(value, name + " == null");
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " < 0: " + value);
    }
  }

  /**
   * The defaults: connect 10 s, model load 10 min, first event 5 min, idle 2 min, call 30 min.
   *
   * @return the default limits
   */
  public static Timeouts defaults() {
    return DEFAULTS;
  }

  /**
   * A copy with another connect limit.
   *
   * @param value the new limit; {@link Duration#ZERO} for none
   * @return the copy
   */
  public Timeouts withConnect(Duration value) {
    return new Timeouts(value, modelLoad, firstEvent, idle, call);
  }

  /**
   * A copy with another model-load limit.
   *
   * @param value the new limit; {@link Duration#ZERO} for none
   * @return the copy
   */
  public Timeouts withModelLoad(Duration value) {
    return new Timeouts(connect, value, firstEvent, idle, call);
  }

  /**
   * A copy with another first-event limit.
   *
   * @param value the new limit; {@link Duration#ZERO} for none
   * @return the copy
   */
  public Timeouts withFirstEvent(Duration value) {
    return new Timeouts(connect, modelLoad, value, idle, call);
  }

  /**
   * A copy with another idle limit.
   *
   * @param value the new limit; {@link Duration#ZERO} for none
   * @return the copy
   */
  public Timeouts withIdle(Duration value) {
    return new Timeouts(connect, modelLoad, firstEvent, value, call);
  }

  /**
   * A copy with another whole-call limit.
   *
   * @param value the new limit; {@link Duration#ZERO} for none
   * @return the copy
   */
  public Timeouts withCall(Duration value) {
    return new Timeouts(connect, modelLoad, firstEvent, idle, value);
  }
}
