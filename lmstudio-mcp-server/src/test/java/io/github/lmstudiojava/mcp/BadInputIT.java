package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeRequest;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Thousands of generated bad messages over a real stdio pipe: every one is answered exactly as
 * JSON-RPC says (or, for a notification, not at all), no bad tool call succeeds or reaches LM
 * Studio, and the server is still well afterwards.
 *
 * <p>Every generated tool call breaks its tool's input schema (a wrong type, a missing required
 * argument, an unknown argument, a value out of range or over its length), so the SDK's schema
 * validation refuses each before the tool runs: none reaches LM Studio, which the test checks.
 *
 * <p>The run is reproducible: it prints its seed; set {@code -Dbadinput.seed=N} to repeat it and
 * {@code -Dbadinput.count=N} to change the number of messages.
 */
class BadInputIT {
  private static final int IN_FLIGHT = 128;
  private static final int BIG_LINES = 6;

  /** What a line must get back. */
  enum Expect {
    /** One answer with the line's id: an error, or a tool result with isError. */
    ANSWER,
    /** One error answer with id null. */
    NULL_ERROR,
    /** No answer at all. */
    NOTHING
  }

  /** A generated line, what it should get back, and what it is (for failure messages). */
  record Line(byte[] bytes, Expect expect, String id, String what) {}

  /** A piece of JSON written as is. */
  record Raw(String json) {}

  private static final List<String> ODD =
      List.of(
          "\ud800",
          "x\udc00y",
          "\ud83d",
          "a\u0000b",
          "\u0000",
          "\u202egnp.exe",
          "\u200f\u05e9\u05dc\u05d5\u05dd",
          "\ud83d\ude00\ud83d\udc69\u200d\ud83d\udc69\u200d\ud83d\udc67",
          "e\u0301\u0301\u0301\u0301\u0301",
          "\u200b",
          "\ufeff",
          "\u001f\u007f",
          "\"\\/",
          "\ufffd\uffff",
          "   ");

  private final Random random;
  private final AtomicInteger ids = new AtomicInteger();
  private Map<String, Map<String, Object>> schemas;

  BadInputIT() {
    long seed = Long.getLong("badinput.seed", System.nanoTime());
    System.out.println("BadInputIT seed: " + seed + " (repeat with -Dbadinput.seed=" + seed + ")");
    random = new Random(seed);
  }

  /** Seeded random numbers, with a few helpers. */
  static final class Random extends java.util.Random {
    Random(long seed) {
      super(seed);
    }

    <T> T pick(List<T> list) {
      return list.get(nextInt(list.size()));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void thousandsOfBadMessagesAreEachAnsweredCorrectlyAndTheServerStaysWell() throws Exception {
    int count = Integer.getInteger("badinput.count", 3000);
    try (FakeLmStudio fake = FakeLmStudio.start();
        RawServer server =
            new RawServer(Map.of("LM_STUDIO_URL", fake.url()), List.of("--sessions", "memory:"))) {
      server.initialize();
      server.send("{\"jsonrpc\":\"2.0\",\"id\":\"tools\",\"method\":\"tools/list\"}");
      schemas = new LinkedHashMap<>();
      Map<String, Object> result = (Map<String, Object>) server.answer("tools").get("result");
      for (Object tool : (List<Object>) result.get("tools")) {
        Map<String, Object> t = (Map<String, Object>) tool;
        schemas.put((String) t.get("name"), (Map<String, Object>) t.get("inputSchema"));
      }
      assertThat(schemas).hasSize(ServerAssembly.tools().size());

      List<Line> lines = new ArrayList<>(count);
      for (int i = 0; i < count - BIG_LINES; i++) {
        lines.add(generate());
      }
      for (int i = 0; i < BIG_LINES; i++) {
        lines.add(random.nextInt(lines.size() + 1), hugeCall());
      }

      Map<String, Line> requests = new HashMap<>();
      int nullErrors = 0;
      long bytes = 0;
      for (Line line : lines) {
        if (line.expect() == Expect.ANSWER) {
          assertThat(requests.put(line.id(), line)).as("ids are unique").isNull();
        } else if (line.expect() == Expect.NULL_ERROR) {
          nullErrors++;
        }
        bytes += line.bytes().length;
      }
      System.out.printf(
          "BadInputIT: %d lines (%d KiB): %d requests, %d without a usable id, %d notifications"
              + " or blank%n",
          count, bytes / 1024, requests.size(), nullErrors, count - requests.size() - nullErrors);

      // One reader takes every answer while the writer goes on; in-flight answers are bounded.
      Semaphore inFlight = new Semaphore(IN_FLIGHT);
      Map<String, List<Map<String, Object>>> answers = new ConcurrentHashMap<>();
      List<Map<String, Object>> nullAnswers = new CopyOnWriteArrayList<>();
      List<String> notJson = new CopyOnWriteArrayList<>();
      AtomicBoolean stop = new AtomicBoolean();
      Thread reader =
          new Thread(
              () -> {
                try {
                  while (!stop.get()) {
                    String text = server.poll(100);
                    if (text == null) {
                      continue;
                    }
                    Map<String, Object> message;
                    try {
                      message = Json.object(text);
                    } catch (RuntimeException e) {
                      notJson.add(text);
                      continue;
                    }
                    if (message.containsKey("method")) {
                      continue; // a notification of the server's (log, progress)
                    }
                    Object id = message.get("id");
                    if (id == null) {
                      nullAnswers.add(message);
                    } else {
                      answers
                          .computeIfAbsent(Json.write(id), k -> new CopyOnWriteArrayList<>())
                          .add(message);
                    }
                    inFlight.release();
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "bad-input-reader");
      reader.setDaemon(true);
      reader.start();

      for (Line line : lines) {
        if (line.expect() != Expect.NOTHING) {
          assertThat(inFlight.tryAcquire(30, TimeUnit.SECONDS))
              .as("answers keep coming (%s missing); stderr: %s", IN_FLIGHT, tail(server.stderr))
              .isTrue();
        }
        server.sendBytes(line.bytes());
      }
      server.send("{\"jsonrpc\":\"2.0\",\"id\":\"after-ping\",\"method\":\"ping\"}");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline
          && !(answers.containsKey(Json.write("after-ping"))
              && answers.size() >= requests.size() + 1
              && nullAnswers.size() >= nullErrors)) {
        Thread.sleep(20);
      }
      assertThat(answers.get(Json.write("after-ping")))
          .as("ping after the bad input")
          .singleElement()
          .satisfies(a -> assertThat(a).containsKey("result"));
      List<FakeRequest> reached = fake.requests();

      server.send(
          "{\"jsonrpc\":\"2.0\",\"id\":\"list\",\"method\":\"tools/call\","
              + "\"params\":{\"name\":\"model_list\",\"arguments\":{}}}");
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline && !answers.containsKey(Json.write("list"))) {
        Thread.sleep(20);
      }
      Map<String, Object> list = answers.get(Json.write("list")).get(0);
      Map<String, Object> listResult = (Map<String, Object>) list.get("result");
      assertThat(listResult.get("isError")).as(list.toString()).isNotEqualTo(Boolean.TRUE);
      assertThat((Map<String, Object>) listResult.get("structuredContent")).containsKey("models");
      List<FakeRequest> afterList = fake.requests();

      assertThat(server.finish()).as("exit status after stdin closes").isZero();
      stop.set(true);
      reader.join(5000);

      assertThat(notJson).as("stdout lines that are not JSON").isEmpty();
      for (String text : server.allStdout) {
        assertThat(Json.object(text)).as(text).containsEntry("jsonrpc", "2.0");
      }
      List<String> problems = new ArrayList<>();
      if (!reached.isEmpty()) {
        problems.add("bad calls reached LM Studio: " + reached);
      }
      for (Map.Entry<String, Line> e : requests.entrySet()) {
        List<Map<String, Object>> got = answers.getOrDefault(e.getKey(), List.of());
        Line line = e.getValue();
        if (got.size() != 1) {
          problems.add(
              got.size()
                  + " answers to "
                  + line.what()
                  + " ("
                  + abbreviate(new String(line.bytes(), StandardCharsets.UTF_8))
                  + "): "
                  + got);
          continue;
        }
        Map<String, Object> answer = got.get(0);
        Object r = answer.get("result");
        boolean isError =
            answer.get("error") instanceof Map
                || (r instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("isError")));
        if (!isError) {
          problems.add("success for " + line.what() + ": " + answer);
        } else if (answer.toString().contains("in LM Studio")) {
          problems.add("reached LM Studio: " + line.what() + ": " + answer);
        }
      }
      for (String id : answers.keySet()) {
        if (!requests.containsKey(id) && !id.equals("\"after-ping\"") && !id.equals("\"list\"")) {
          problems.add("answer with an id never sent as a request: " + answers.get(id));
        }
      }
      for (Map<String, Object> answer : nullAnswers) {
        if (!(answer.get("error") instanceof Map)) {
          problems.add("id null without an error: " + answer);
        }
      }
      if (nullAnswers.size() != nullErrors) {
        problems.add(
            nullErrors
                + " lines without a usable id, but "
                + nullAnswers.size()
                + " null-id errors");
      }
      assertThat(problems)
          .as("%d lines: %d requests, %d without a usable id", count, requests.size(), nullErrors)
          .isEmpty();
      assertThat(afterList).extracting(FakeRequest::line).containsOnly("GET /api/v1/models");
    }
  }

  private static List<String> tail(List<String> lines) {
    return lines.subList(Math.max(0, lines.size() - 20), lines.size());
  }

  // ---- generation ----

  private Line generate() {
    int kind = random.nextInt(100);
    if (kind < 55) {
      return badToolCall();
    }
    if (kind < 60) {
      return badToolName();
    }
    if (kind < 64) {
      return request(
          "\"" + random.pick(List.of("no/such", "tools/run", "", "PING", "ping ")) + "\"",
          random.nextBoolean() ? null : json(junkObject(2)),
          "unknown method");
    }
    if (kind < 68) {
      Object params =
          random.pick(List.of(List.of(1, 2), "params", 42, true, new Raw("[]"), List.of()));
      String method = random.pick(List.of("ping", "tools/call", "tools/list", "resources/read"));
      return request(json(method), json(params), "non-object params for " + method);
    }
    if (kind < 73) {
      return badId();
    }
    if (kind < 77) {
      return missingJsonrpc();
    }
    if (kind < 80) {
      return batch();
    }
    if (kind < 84) {
      return truncated();
    }
    if (kind < 88) {
      return invalidUtf8();
    }
    if (kind < 91) {
      return blank();
    }
    if (kind < 97) {
      return notification();
    }
    return notJsonRpcObject();
  }

  private Line badToolCall() {
    String tool = random.pick(new ArrayList<>(schemas.keySet()));
    Map<String, Object> schema = schemas.get(tool);
    Map<String, Object> properties = properties(schema);
    @SuppressWarnings("unchecked")
    List<String> required = (List<String>) schema.getOrDefault("required", List.of());
    Map<String, Object> args = new LinkedHashMap<>();
    for (String name : required) {
      args.put(name, valid(properties(schema).get(name)));
    }
    // Some valid optional arguments too; the mutation below keeps the call invalid.
    for (String name : properties.keySet()) {
      if (!args.containsKey(name) && random.nextInt(4) == 0) {
        args.put(name, valid(properties.get(name)));
      }
    }
    String what;
    int mutation = random.nextInt(10);
    if (mutation < 5 || (mutation < 7 && required.isEmpty())) {
      List<String> names = new ArrayList<>(properties.keySet());
      String name = random.pick(names);
      Object bad = random.pick(wrong(properties(schema).get(name)));
      args.put(name, bad);
      what = tool + " with " + name + " = " + abbreviate(json(bad));
    } else if (mutation < 7) {
      String name = random.pick(required);
      args.remove(name);
      what = tool + " without " + name;
    } else if (mutation < 9) {
      String key = random.nextBoolean() ? random.pick(ODD) : "extra_" + random.nextInt(1000);
      if (properties.containsKey(key)) {
        key = key + "_";
      }
      Object value = junk(3);
      args.put(key, value);
      // Unknown arguments are ignored (as mcp-llm-studio ignored them): a wrong one keeps it bad.
      String name = random.pick(new ArrayList<>(properties.keySet()));
      Object bad = random.pick(wrong(properties.get(name)));
      args.put(name, bad);
      what =
          tool
              + " with extra "
              + abbreviate(json(key))
              + " = "
              + abbreviate(json(value))
              + " and "
              + name
              + " = "
              + abbreviate(json(bad));
    } else {
      Object notAnObject =
          random.pick(List.of(List.of(args), "arguments", 7, false, new Raw("[]"), List.of()));
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("name", tool);
      params.put("arguments", notAnObject);
      return request(
          json("tools/call"), json(params), tool + " with arguments " + json(notAnObject));
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("name", tool);
    params.put("arguments", args);
    if (random.nextInt(5) == 0) {
      params.put("_meta", Map.of("progressToken", "p" + random.nextInt(1000)));
    }
    return request(json("tools/call"), json(params), what);
  }

  /** A call with a string argument of megabytes, over the argument's maxLength. */
  @SuppressWarnings("unchecked")
  private Line hugeCall() {
    List<String[]> targets = new ArrayList<>();
    schemas.forEach(
        (tool, schema) ->
            properties(schema)
                .forEach(
                    (name, property) -> {
                      Map<String, Object> p = (Map<String, Object>) property;
                      if ("string".equals(p.get("type"))
                          && p.get("maxLength") instanceof Number max
                          && max.intValue() > 4096
                          && max.intValue() <= 4 * 1024 * 1024) {
                        targets.add(new String[] {tool, name});
                      }
                    }));
    String[] target = random.pick(targets);
    Map<String, Object> schema = schemas.get(target[0]);
    int max =
        ((Number) ((Map<String, Object>) properties(schema).get(target[1])).get("maxLength"))
            .intValue();
    Map<String, Object> args = new LinkedHashMap<>();
    for (String name : (List<String>) schema.getOrDefault("required", List.of())) {
      args.put(name, valid(properties(schema).get(name)));
    }
    String huge = random.pick(ODD) + "x".repeat(max + random.nextInt(2 * 1024 * 1024));
    args.put(target[1], huge);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("name", target[0]);
    params.put("arguments", args);
    return request(
        json("tools/call"),
        json(params),
        target[0] + " with " + target[1] + " of " + huge.length() + " chars");
  }

  private Line badToolName() {
    Map<String, Object> params = new LinkedHashMap<>();
    Object name =
        random.pick(
            List.of(
                "no_such_tool",
                random.pick(ODD),
                "ASK",
                "ask ",
                "model_list\u0000",
                42,
                List.of("ask"),
                new Raw("null")));
    if (random.nextInt(5) > 0) {
      params.put("name", name);
    }
    params.put("arguments", Map.of("model", "m", "prompt", "p"));
    return request(json("tools/call"), json(params), "tools/call of tool " + json(name));
  }

  private Line badId() {
    String id =
        random.pick(List.of("{\"a\":1}", "[1]", "[]", "true", "false", "null", "{}", "[\"x\"]"));
    String method = random.pick(List.of("ping", "tools/call", "tools/list", "no/such"));
    String text =
        "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":" + json(method) + params() + "}";
    return new Line(bytes(text), Expect.NULL_ERROR, null, "id " + id + " for " + method);
  }

  private Line missingJsonrpc() {
    String jsonrpc =
        random.pick(List.of("", "\"jsonrpc\":\"1.0\",", "\"jsonrpc\":2.0,", "\"jsonrpc\":null,"));
    String method = random.pick(List.of("ping", "tools/list", "notifications/initialized"));
    if (random.nextBoolean()) {
      String id = nextId();
      String text = "{" + jsonrpc + "\"id\":" + id + ",\"method\":" + json(method) + "}";
      return new Line(bytes(text), Expect.ANSWER, key(id), "jsonrpc missing/wrong: " + text);
    }
    String text = "{" + jsonrpc + "\"method\":" + json(method) + "}";
    return new Line(bytes(text), Expect.NULL_ERROR, null, "jsonrpc missing/wrong: " + text);
  }

  private Line batch() {
    String text =
        random.pick(
            List.of(
                "[]",
                "[{\"jsonrpc\":\"2.0\",\"id\":" + nextId() + ",\"method\":\"ping\"}]",
                "[{\"jsonrpc\":\"2.0\",\"id\":"
                    + nextId()
                    + ",\"method\":\"ping\"},{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}]",
                "[1,2,3]",
                "[[[]]]"));
    return new Line(bytes(text), Expect.NULL_ERROR, null, "batch " + text);
  }

  private Line truncated() {
    Line whole = badToolCall();
    String text = new String(whole.bytes(), StandardCharsets.UTF_8).stripTrailing();
    String cut = text.substring(0, 1 + random.nextInt(text.length() - 1));
    return new Line(bytes(cut), Expect.NULL_ERROR, null, "truncated " + abbreviate(cut));
  }

  private Line invalidUtf8() {
    byte[] junk =
        random.pick(
            List.of(
                new byte[] {(byte) 0xff},
                new byte[] {(byte) 0xc0, (byte) 0xaf},
                new byte[] {(byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xfe, (byte) 0xfe}));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int where = random.nextInt(3);
    if (where == 0) {
      // Outside any string: not JSON.
      out.writeBytes(junk);
      out.writeBytes(bytes("{\"jsonrpc\":\"2.0\",\"id\":" + nextId() + ",\"method\":\"ping\"}"));
      return new Line(out.toByteArray(), Expect.NULL_ERROR, null, "invalid UTF-8 before {");
    }
    String id = nextId();
    if (where == 1) {
      // Inside the method name: an unknown method.
      out.writeBytes(utf8("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"pi"));
      out.writeBytes(junk);
      out.writeBytes(bytes("ng\"}"));
      return new Line(out.toByteArray(), Expect.ANSWER, key(id), "invalid UTF-8 in method");
    }
    // Inside an argument of a call that is invalid anyway (a wrong temperature).
    out.writeBytes(
        utf8(
            "{\"jsonrpc\":\"2.0\",\"id\":"
                + id
                + ",\"method\":\"tools/call\",\"params\":{\"name\":\"ask\",\"arguments\":"
                + "{\"model\":\"m\",\"prompt\":\"p\",\"temperature\":9,\"bogus\":\"x"));
    out.writeBytes(junk);
    out.writeBytes(bytes("y\"}}}"));
    return new Line(out.toByteArray(), Expect.ANSWER, key(id), "invalid UTF-8 in an argument");
  }

  private Line blank() {
    String text = random.pick(List.of("", " ", "\t", "\r", "   \t  "));
    return new Line(bytes(text), Expect.NOTHING, null, "blank line");
  }

  private Line notification() {
    Object requestId =
        random.pick(
            List.of(
                900_000_000 + random.nextInt(1000),
                "gone-" + random.nextInt(1000),
                random.pick(ODD),
                Map.of("a", 1),
                List.of(1),
                new Raw("null"),
                true));
    String params =
        random.pick(
            List.of(
                ",\"params\":{\"requestId\":" + json(requestId) + "}",
                ",\"params\":{\"requestId\":"
                    + json(requestId)
                    + ",\"reason\":"
                    + json(random.pick(ODD))
                    + "}",
                ",\"params\":{}",
                "",
                ",\"params\":[1]",
                ",\"params\":\"x\""));
    String method =
        random.pick(
            List.of(
                "notifications/cancelled",
                "notifications/cancelled",
                "notifications/cancelled",
                "notifications/initialized",
                "notifications/no_such",
                "notifications/progress"));
    String text = "{\"jsonrpc\":\"2.0\",\"method\":" + json(method) + params + "}";
    if (random.nextInt(8) == 0) {
      // A response to a request the server never made: nothing to answer either.
      text =
          "{\"jsonrpc\":\"2.0\",\"id\":"
              + json("never-" + ids.incrementAndGet())
              + ",\"result\":{}}";
    }
    return new Line(bytes(text), Expect.NOTHING, null, "notification " + abbreviate(text));
  }

  private Line notJsonRpcObject() {
    String text =
        random.pick(
            List.of(
                "42",
                "\"ping\"",
                "null",
                "true",
                "not json",
                "{",
                "}",
                "{\"jsonrpc\":\"2.0\"}",
                "{\"jsonrpc\":\"2.0\",\"method\":42}",
                "{\"jsonrpc\":\"2.0\",\"method\":null}",
                "{\"jsonrpc\":\"2.0\",\"id\":1e999999999,\"method\":\"ping\"",
                "{'jsonrpc':'2.0','id':1,'method':'ping'}",
                "{\"jsonrpc\":\"2.0\",\"id\":\"trailing-"
                    + ids.incrementAndGet()
                    + "\",\"method\":\"ping\"}}",
                "\u0000",
                deep(3000)));
    return new Line(
        bytes(text), Expect.NULL_ERROR, null, "not a JSON-RPC object: " + abbreviate(text));
  }

  private Line request(String method, String params, String what) {
    String id = nextId();
    String text = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":" + method;
    if (params != null) {
      text += ",\"params\":" + params;
    }
    return new Line(bytes(text + "}"), Expect.ANSWER, key(id), what);
  }

  private String params() {
    return random.nextBoolean() ? "" : ",\"params\":" + json(junkObject(2));
  }

  /** A fresh id, as JSON: numbers (some beyond a long, some with a fraction) and strings. */
  private String nextId() {
    int n = ids.incrementAndGet();
    return switch (random.nextInt(6)) {
      case 0, 1 -> Integer.toString(n);
      case 2 -> BigInteger.TEN.pow(20).add(BigInteger.valueOf(n)).toString();
      case 3 -> n + ".5";
      case 4 -> "-" + n;
      default -> json("id-" + n + random.pick(ODD));
    };
  }

  private static String key(String idJson) {
    try {
      return Json.write(Json.MAPPER.readValue(idJson, Object.class));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  // ---- values ----

  @SuppressWarnings("unchecked")
  private static Map<String, Object> properties(Map<String, Object> schema) {
    return (Map<String, Object>) schema.getOrDefault("properties", Map.of());
  }

  /** A value the property's schema accepts. */
  @SuppressWarnings("unchecked")
  private Object valid(Object propertySchema) {
    Map<String, Object> s = (Map<String, Object>) propertySchema;
    if (s.get("enum") instanceof List<?> values) {
      return random.pick(values);
    }
    if (s.get("anyOf") instanceof List<?> options) {
      return valid(options.get(0));
    }
    String type = (String) s.get("type");
    return switch (type) {
      case "string" -> "m";
      case "integer" ->
          ((Number) s.getOrDefault("minimum", 1)).intValue() < 1 ? 1 : s.getOrDefault("minimum", 1);
      case "number" -> s.getOrDefault("minimum", 0);
      case "boolean" -> random.nextBoolean();
      case "array" -> List.of();
      case "object" -> Map.of();
      default -> throw new IllegalStateException("no valid value for " + s);
    };
  }

  /** Values the property's schema refuses. */
  @SuppressWarnings("unchecked")
  private List<Object> wrong(Object propertySchema) {
    Map<String, Object> s = (Map<String, Object>) propertySchema;
    List<Object> bad = new ArrayList<>(List.of(junkObject(4)));
    if (s.get("enum") instanceof List<?> values) {
      for (String odd : ODD) {
        if (!values.contains(odd)) {
          bad.add(odd);
        }
      }
      bad.addAll(List.of(42, "SEND", values.get(0) + "\u0000", values.get(0) + "\u0301", true));
      return bad;
    }
    if (s.get("anyOf") instanceof List<?>) {
      bad.addAll(List.of(42, true, List.of(), List.of(1, 2), new Raw("null"), Map.of("a", "b")));
      return bad;
    }
    String type = (String) s.get("type");
    switch (type) {
      case "string" -> {
        bad.addAll(List.of(42, -1.5, true, new Raw("null"), List.of("m"), Map.of("a", "b")));
        if (((Number) s.getOrDefault("minLength", 0)).intValue() >= 1) {
          bad.add("");
        }
        if (s.get("maxLength") instanceof Number max) {
          bad.add(tooLong(max.intValue()));
        }
      }
      case "integer" -> {
        bad.addAll(
            List.of(
                "1", "NaN", "Infinity", "-Infinity", "1e3", "0x10", 1.5, true, new Raw("null")));
        if (s.get("minimum") instanceof Number min) {
          bad.add(min.longValue() - 1);
          bad.add(new BigInteger("-123456789012345678901234567890123"));
          bad.add(new Raw("-1e400"));
        }
        if (s.get("maximum") instanceof Number max) {
          bad.add(max.longValue() + 1);
          bad.add(new BigInteger("123456789012345678901234567890123"));
          bad.add(new Raw("1e400"));
          bad.add(new Raw("9223372036854775808"));
        }
      }
      case "number" -> {
        bad.addAll(List.of("NaN", "Infinity", "-0", "1,5", "0x10", true, new Raw("null")));
        if (s.get("minimum") instanceof Number min) {
          bad.add(min.doubleValue() - 0.5);
          bad.add(new Raw("-1e400"));
          bad.add(new BigInteger("-123456789012345678901234567890123"));
        }
        if (s.get("maximum") instanceof Number max) {
          bad.add(max.doubleValue() + 0.001);
          bad.add(new Raw("1e400"));
          bad.add(new Raw("1.7976931348623157e309"));
        }
      }
      case "boolean" ->
          bad.addAll(List.of("true", "false", 1, 0, "yes", List.of(true), new Raw("null")));
      case "array" -> {
        bad.addAll(List.of("m", 42, Map.of("a", 1), new Raw("null")));
        Map<String, Object> items = (Map<String, Object>) s.get("items");
        bad.add(List.of(42));
        if ("string".equals(items.get("type"))) {
          if (s.get("maxItems") instanceof Number max && max.intValue() <= 1024) {
            List<Object> many = new ArrayList<>();
            for (int i = 0; i <= max.intValue(); i++) {
              many.add("m");
            }
            bad.add(many);
          }
          if (((Number) items.getOrDefault("minLength", 0)).intValue() >= 1) {
            bad.add(List.of(""));
          }
        } else {
          bad.add(List.of(Map.of()));
          bad.add(List.of(Map.of("type", "nope")));
          bad.add(List.of(Map.of("type", "plugin", "bogus", 1)));
        }
      }
      default -> bad.addAll(List.of("m", 42, List.of()));
    }
    return bad;
  }

  /** A string just over a short limit; {@link #hugeCall} goes over the long ones. */
  private Object tooLong(int maxLength) {
    if (maxLength > 4096) {
      return junkObject(2);
    }
    return random.pick(ODD) + "x".repeat(maxLength + 1);
  }

  /** Random JSON junk: odd strings, odd numbers, nested objects and lists. */
  private Object junk(int depth) {
    int kind = random.nextInt(depth <= 0 ? 5 : 8);
    return switch (kind) {
      case 0 -> random.pick(ODD);
      case 1 ->
          random.pick(
              List.<Object>of(
                  new Raw("1e400"),
                  new Raw("-0"),
                  new Raw("123456789012345678901234567890"),
                  0.1,
                  Long.MIN_VALUE,
                  "NaN"));
      case 2 -> random.nextBoolean();
      case 3 -> new Raw("null");
      case 4 -> random.pick(ODD) + random.nextInt();
      case 5 -> junkObject(depth);
      case 6 -> {
        List<Object> l = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          l.add(junk(depth - 1));
        }
        yield l;
      }
      default -> new Raw(deep(50 + random.nextInt(100)));
    };
  }

  /** A JSON object of junk; no property of any tool accepts one. */
  private Map<String, Object> junkObject(int depth) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = random.nextInt(4); i >= 0; i--) {
      m.put(random.pick(ODD) + i, junk(depth - 1));
    }
    return m;
  }

  private static String deep(int levels) {
    return "{\"a\":".repeat(levels) + "1" + "}".repeat(levels);
  }

  /** JSON for a value, writing every surrogate (paired or lone) and control as an escape. */
  @SuppressWarnings("unchecked")
  static String json(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Raw raw) {
      return raw.json();
    }
    if (value instanceof String s) {
      StringBuilder b = new StringBuilder("\"");
      for (char c : s.toCharArray()) {
        if (c == '"' || c == '\\') {
          b.append('\\').append(c);
        } else if (c < 0x20 || Character.isSurrogate(c)) {
          b.append(String.format("\\u%04x", (int) c));
        } else {
          b.append(c);
        }
      }
      return b.append('"').toString();
    }
    if (value instanceof Map<?, ?> map) {
      StringBuilder b = new StringBuilder("{");
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (b.length() > 1) {
          b.append(',');
        }
        b.append(json(String.valueOf(e.getKey()))).append(':').append(json(e.getValue()));
      }
      return b.append('}').toString();
    }
    if (value instanceof List<?> list) {
      StringBuilder b = new StringBuilder("[");
      for (Object item : list) {
        if (b.length() > 1) {
          b.append(',');
        }
        b.append(json(item));
      }
      return b.append(']').toString();
    }
    return String.valueOf(value);
  }

  /** A whole line, newline included. */
  private static byte[] bytes(String line) {
    return utf8(line + "\n");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 120) + "...(" + s.length() + " chars)";
  }
}
