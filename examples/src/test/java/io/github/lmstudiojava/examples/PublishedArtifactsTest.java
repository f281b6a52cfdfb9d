package io.github.lmstudiojava.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What is published and how it is found: the BOM lists every published module, each module's POM
 * says what it is, and JBang finds the MCP server's main class and the catalog's alias.
 */
class PublishedArtifactsTest {
  /** Modules that are tools of this build: never installed nor deployed. */
  private static final List<String> UNPUBLISHED =
      List.of(
          "lmstudio-examples",
          "lmstudio-benchmarks",
          "lmstudio-live-tests",
          "lmstudio-spring-boot4-tests");

  @Test
  void theBomListsEveryPublishedModuleAtItsOwnVersion() throws Exception {
    String bom = ShellCommands.pom(ShellCommands.ROOT.resolve("lmstudio-bom"));
    List<String> published = new ArrayList<>();
    for (Map.Entry<String, String> module : ShellCommands.modules().entrySet()) {
      String pom = ShellCommands.pom(ShellCommands.ROOT.resolve(module.getKey()));
      boolean skipped = pom.contains("<maven.deploy.skip>true</maven.deploy.skip>");
      assertThat(skipped)
          .as(module.getValue() + " is published unless it is a tool of this build")
          .isEqualTo(UNPUBLISHED.contains(module.getValue()));
      if (!skipped && !module.getValue().equals("lmstudio-bom")) {
        published.add(module.getValue());
      }
    }
    List<String> listed = new ArrayList<>();
    Matcher m =
        Pattern.compile(
                "<dependency>\\s*<groupId>io\\.github\\.lmstudiojava</groupId>\\s*"
                    + "<artifactId>([a-z0-9-]+)</artifactId>\\s*<version>\\$\\{project\\.version}</version>")
            .matcher(bom);
    while (m.find()) {
      listed.add(m.group(1));
    }

    assertThat(listed).containsExactlyInAnyOrderElementsOf(published);
    assertThat(bom).doesNotContain("<parent>");
    assertThat(version(bom)).isEqualTo(ShellCommands.projectVersion());
  }

  @Test
  void theReleaseBundleLeavesOutWhatIsNotPublished() throws Exception {
    // The publishing plugin ignores maven.deploy.skip: what it must leave out is named in the root
    // POM's release profile (lmstudio-live-tests too: LM_STUDIO_URL brings it into a build).
    String root = ShellCommands.pom(ShellCommands.ROOT);
    String excluded =
        root.substring(root.indexOf("<excludeArtifacts>"), root.indexOf("</excludeArtifacts>"));
    for (String module : UNPUBLISHED) {
      assertThat(excluded).as(module).contains("<artifact>" + module + "</artifact>");
    }
  }

  @Test
  void everyPublishedPomSaysWhatItIs() throws Exception {
    String root = ShellCommands.pom(ShellCommands.ROOT);
    for (String element : List.of("<url>", "<licenses>", "<developers>", "<scm>")) {
      assertThat(root).contains(element);
      assertThat(ShellCommands.pom(ShellCommands.ROOT.resolve("lmstudio-bom"))).contains(element);
    }
    for (Map.Entry<String, String> module : ShellCommands.modules().entrySet()) {
      String pom = ShellCommands.pom(ShellCommands.ROOT.resolve(module.getKey()));
      assertThat(pom).as(module.getValue()).contains("<name>", "<description>");
    }
  }

  @Test
  void jbangRunsTheServerFromItsCoordinates() throws Exception {
    String server = ShellCommands.pom(ShellCommands.ROOT.resolve("lmstudio-mcp-server"));
    Matcher jar =
        Pattern.compile(
                "(?s)<artifactId>maven-jar-plugin</artifactId>.*?<mainClass>([\\w.]+)</mainClass>")
            .matcher(server);

    assertThat(jar.find()).as("the server's own jar names its main class").isTrue();
    assertThat(jar.group(1)).isEqualTo("io.github.lmstudiojava.mcp.Main");
    assertThat(
            Files.exists(
                ShellCommands.ROOT.resolve(
                    "lmstudio-mcp-server/src/main/java/io/github/lmstudiojava/mcp/Main.java")))
        .isTrue();
  }

  @Test
  void theCatalogAliasNamesAReleasedServer() throws Exception {
    String ref = ShellCommands.jbangAliases().get("lmstudio-mcp");

    assertThat(ref).matches("io\\.github\\.lmstudiojava:lmstudio-mcp-server:\\d+\\.\\d+\\.\\d+");
    String project = ShellCommands.projectVersion();
    String released = ref.substring(ref.lastIndexOf(':') + 1);
    // Between releases the catalog keeps the last one; a snapshot's catalog names the coming one.
    if (project.endsWith("-SNAPSHOT")) {
      assertThat(compare(released, project.replace("-SNAPSHOT", ""))).isLessThanOrEqualTo(0);
    } else {
      assertThat(released).isEqualTo(project);
    }
  }

  private static int compare(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < 3; i++) {
      int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static String version(String pom) {
    Matcher m = Pattern.compile("<version>([^<]+)</version>").matcher(pom);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }
}
