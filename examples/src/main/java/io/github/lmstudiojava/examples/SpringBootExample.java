package io.github.lmstudiojava.examples;

import io.github.lmstudiojava.client.ChatResult;
import io.github.lmstudiojava.client.LmStudio;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application with lmstudio-spring-boot-starter: the {@code LmStudio} bean made from
 * {@code lmstudio.*} properties asks a model one question; then the {@code lmstudio} health
 * indicator and the client's Micrometer metrics are printed.
 *
 * <pre>
 * java -jar examples/target/lmstudio-examples.jar spring-boot [--model KEY] [PROMPT] [--demo]
 * </pre>
 */
public final class SpringBootExample {
  static final String PROMPT = "Name three uses of a paper clip, in one line.";

  static final Cli.Usage USAGE =
      new Cli.Usage(
          "spring-boot",
          List.of(
              new Cli.Flag(
                  "--model",
                  "KEY",
                  "the model to ask (default: a loaded LLM, else the first one downloaded)")),
          "PROMPT",
          "what to ask (default: \"" + PROMPT + "\")");

  private SpringBootExample() {}

  /**
   * Runs the example from the command line.
   *
   * @param args the flags and prompt
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the example.
   *
   * @param args the flags and prompt
   * @param out where to print
   * @param err where errors go
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return Cli.run(args, out, err, USAGE, SpringBootExample::example);
  }

  static void example(LmStudio lms, Cli.Args args, PrintStream out) {
    // The application's configuration is properties; here they name the server this example was
    // given (LM_STUDIO_URL, --url, or the demo's simulated one) and the token from the environment.
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(Application.class)
            .web(WebApplicationType.NONE)
            .logStartupInfo(false)
            .properties(
                "spring.main.banner-mode=off",
                "logging.level.root=WARN",
                "lmstudio.base-url=" + lms.baseUrl(),
                "lmstudio.api-token=${LM_API_TOKEN:${LM_STUDIO_API_KEY:}}")
            .run()) {
      LmStudio client = context.getBean(LmStudio.class);
      out.println("The LmStudio bean talks to " + client.baseUrl());
      String model = ModelChoice.choose(client.models().list(), args, ModelChoice.Kind.LLM, out);
      String prompt = args.text(PROMPT);
      out.println("> " + prompt);
      ChatResult result = client.chat(model, prompt);
      out.println(result.text());
      out.println();

      Health health = context.getBean("lmstudioHealthIndicator", HealthIndicator.class).health();
      out.println("health: " + health.getStatus() + " " + health.getDetails());

      MeterRegistry registry = context.getBean(MeterRegistry.class);
      for (Timer timer : registry.find("lmstudio.client.requests").timers()) {
        out.printf(
            "lmstudio.client.requests %s %s -> %s: %d call(s), %.0f ms in all%n",
            timer.getId().getTag("method"),
            timer.getId().getTag("uri"),
            timer.getId().getTag("status"),
            timer.count(),
            timer.totalTime(TimeUnit.MILLISECONDS));
      }
    }
  }

  /** The application: auto-configuration, and a registry for the metrics. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Application {
    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }
  }
}
