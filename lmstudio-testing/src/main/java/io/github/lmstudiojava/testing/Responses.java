package io.github.lmstudiojava.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;

/** Turns computed replies and scripted faults into MockWebServer responses. */
final class Responses {
  private final CountDownLatch released;
  private final long maxStallNanos;

  Responses(CountDownLatch released, long maxStallNanos) {
    this.released = released;
    this.maxStallNanos = maxStallNanos;
  }

  /** The reply sent whole. */
  MockResponse complete(Reply reply) {
    return build(reply, PacedBody.Ending.COMPLETE, reply.frames().size(), Map.of());
  }

  /**
   * A scripted reply; {@code generated} is the fake's own answer, used by cuts and stalls that
   * carry no events of their own.
   */
  MockResponse scripted(FakeReply script, Reply generated) {
    switch (script.kind) {
      case DISCONNECT:
        return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
      case RESET:
        // The dispatcher runs on the thread that read this request from its connection.
        ResettableSockets.resetOnClose();
        return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
      case NO_RESPONSE:
        // MockWebServer's stall keeps the socket open and silent until it is closed.
        return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
      case CUT:
      case STALL:
        PacedBody.Ending ending =
            script.kind == FakeReply.Kind.CUT ? PacedBody.Ending.CUT : PacedBody.Ending.STALL;
        if (script.sse != null) {
          return build(Reply.sse(script.sse.frames()), ending, script.afterEvents, script.headers);
        }
        Reply split = generated.splitInHalves();
        int stopAfter = split.isStream() ? script.afterEvents : 1;
        return build(split, ending, stopAfter, script.headers);
      default:
        Reply reply =
            script.sse != null
                ? Reply.sse(script.sse.frames())
                : new Reply(script.status, script.contentType, List.of(script.body), List.of(0L));
        return build(reply, PacedBody.Ending.COMPLETE, reply.frames().size(), script.headers);
    }
  }

  /** Whether a script needs the fake's own answer computed first. */
  static boolean needsGenerated(FakeReply script) {
    return (script.kind == FakeReply.Kind.CUT || script.kind == FakeReply.Kind.STALL)
        && script.sse == null;
  }

  private MockResponse build(
      Reply reply, PacedBody.Ending ending, int stopAfter, Map<String, String> headers) {
    PacedBody body = new PacedBody(reply, ending, stopAfter, released, maxStallNanos);
    MockResponse.Builder builder =
        new MockResponse.Builder()
            .code(reply.status())
            .body(body)
            .setHeader("Content-Type", reply.contentType());
    if (body.isChunked()) {
      builder.removeHeader("Content-Length").setHeader("Transfer-Encoding", "chunked");
    }
    if (reply.isStream()) {
      builder.setHeader("Cache-Control", "no-cache");
    }
    if (ending == PacedBody.Ending.CUT) {
      builder.onResponseBody(new SocketEffect.CloseSocket());
    }
    headers.forEach(builder::setHeader);
    return builder.build();
  }
}
