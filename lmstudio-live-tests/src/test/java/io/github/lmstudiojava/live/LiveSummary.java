package io.github.lmstudiojava.live;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints, once every live test has run, what ran against which server and models, and each test
 * that was skipped with the reason its assumption gave (such as "no embedding model downloaded").
 * Registered through {@code META-INF/services}, so it sees the whole run.
 */
public final class LiveSummary implements TestExecutionListener {
  private static final String ASSUMPTION = "Assumption failed: ";

  /** The skipped tests by the reason they were skipped for, in the order first seen. */
  private final Map<String, List<String>> skipped = new LinkedHashMap<>();

  private int skippedCount;
  private final List<String> failed = new ArrayList<>();
  private int passed;

  /** Creates the listener; JUnit does, through the service loader. */
  public LiveSummary() {}

  @Override
  public synchronized void executionSkipped(TestIdentifier test, String reason) {
    skip(test, reason);
  }

  private void skip(TestIdentifier test, String reason) {
    skipped.computeIfAbsent(reason, r -> new ArrayList<>()).add(name(test));
    skippedCount++;
  }

  @Override
  public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
    switch (result.getStatus()) {
      case ABORTED:
        skip(test, reason(result));
        break;
      case FAILED:
        failed.add(name(test) + ": " + reason(result));
        break;
      default:
        if (test.isTest()) {
          passed++;
        }
    }
  }

  @Override
  public synchronized void testPlanExecutionFinished(TestPlan plan) {
    Live.closeClient();
    PrintStream out = System.out;
    String url = Live.env(Live.URL);
    out.println();
    out.println("LM Studio live suite against " + (url == null ? "nothing" : url) + ":");
    out.println(
        "  "
            + passed
            + " passed, "
            + failed.size()
            + " failed, "
            + skippedCount
            + " skipped (a skipped class counts once)");
    for (Map.Entry<String, String> e : Live.picked().entrySet()) {
      out.println("  " + e.getKey() + " model: " + e.getValue());
    }
    for (Map.Entry<String, List<String>> e : skipped.entrySet()) {
      out.println("  skipped, " + e.getKey() + ": " + String.join(", ", e.getValue()));
    }
    for (String f : failed) {
      out.println("  failed " + f);
    }
    out.flush();
  }

  private static String name(TestIdentifier test) {
    TestSource source = test.getSource().orElse(null);
    if (source instanceof MethodSource) {
      MethodSource m = (MethodSource) source;
      return simple(m.getClassName()) + "." + m.getMethodName();
    }
    if (source instanceof ClassSource) {
      return simple(((ClassSource) source).getClassName());
    }
    return test.getDisplayName();
  }

  private static String simple(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  private static String reason(TestExecutionResult result) {
    String message = result.getThrowable().map(Throwable::getMessage).orElse(null);
    if (message == null) {
      return result.getThrowable().map(t -> t.getClass().getSimpleName()).orElse("no reason");
    }
    message = message.startsWith(ASSUMPTION) ? message.substring(ASSUMPTION.length()) : message;
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
