package io.github.lmstudiojava.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** The README cannot rot: every code block in it is compiled, parsed, checked or run. */
class ReadmeTest {
  private static final List<String> LANGUAGES =
      List.of("java", "json", "xml", "kotlin", "properties", "bash", "shell", "text");

  @Test
  void everyCodeBlockHasALanguageThisTestChecks() throws Exception {
    List<String> problems = new ArrayList<>();
    for (ReadmeBlocks.Block block : ReadmeBlocks.all()) {
      if (!LANGUAGES.contains(block.language())) {
        problems.add(block.where() + ": use one of " + LANGUAGES);
      }
    }
    assertThat(problems).isEmpty();
    assertThat(ReadmeBlocks.of("java")).hasSizeGreaterThan(5);
  }

  @Test
  void everyJavaBlockCompiles(@TempDir Path classes) throws Exception {
    assertThat(JavaSnippets.compile(ReadmeBlocks.of("java"), classes)).isEmpty();
  }

  @Test
  void aJavaBlockThatDoesNotCompileIsReportedWithItsReadmeLine(@TempDir Path classes)
      throws Exception {
    ReadmeBlocks.Block broken =
        new ReadmeBlocks.Block("java", 40, "import java.util.*;\nString s = lms.chat();\n");

    assertThat(JavaSnippets.compile(List.of(broken), classes))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("README.md line 41 (```java block at line 40) does not compile: ");
  }

  @Test
  void everyJsonBlockParses() throws Exception {
    List<String> problems = new ArrayList<>();
    for (ReadmeBlocks.Block block : ReadmeBlocks.of("json")) {
      try {
        new Moshi.Builder().build().adapter(Object.class).fromJson(block.code());
      } catch (Exception e) {
        problems.add(block.where() + ": not JSON: " + e.getMessage());
      }
    }
    assertThat(problems).isEmpty();
    assertThat(ReadmeBlocks.of("json")).isNotEmpty();
  }

  @Test
  void everyXmlBlockNamesPublishedModulesAtTheProjectVersion() throws Exception {
    Map<String, String> modules = ShellCommands.modules();
    String version = projectVersion();
    boolean bomShown = false;
    for (ReadmeBlocks.Block block : ReadmeBlocks.of("xml")) {
      var document =
          DocumentBuilderFactory.newInstance()
              .newDocumentBuilder()
              .parse(new InputSource(new StringReader("<r>" + block.code() + "</r>")));
      NodeList dependencies = document.getElementsByTagName("dependency");
      assertThat(dependencies.getLength()).as(block.where()).isPositive();
      boolean importsBom = false;
      for (int i = 0; i < dependencies.getLength(); i++) {
        Element dependency = (Element) dependencies.item(i);
        if ("lmstudio-bom".equals(text(dependency, "artifactId"))) {
          assertThat(dependency.getParentNode().getParentNode().getNodeName())
              .as(block.where())
              .isEqualTo("dependencyManagement");
          assertThat(text(dependency, "type")).as(block.where()).isEqualTo("pom");
          assertThat(text(dependency, "scope")).as(block.where()).isEqualTo("import");
          importsBom = true;
        }
      }
      bomShown |= importsBom;
      for (int i = 0; i < dependencies.getLength(); i++) {
        Element dependency = (Element) dependencies.item(i);
        String artifactId = text(dependency, "artifactId");
        assertThat(text(dependency, "groupId"))
            .as(block.where())
            .isEqualTo("io.github.lmstudiojava");
        assertThat(modules.values()).as(block.where()).contains(artifactId);
        assertThat(artifactId)
            .as(block.where())
            .isNotIn("lmstudio-examples", "lmstudio-benchmarks");
        String declared = text(dependency, "version");
        if (declared != null || !importsBom || artifactId.equals("lmstudio-bom")) {
          assertThat(declared).as(block.where() + " " + artifactId).isEqualTo(version);
        }
      }
    }
    assertThat(bomShown).as("a block imports lmstudio-bom").isTrue();
  }

  @Test
  void everyGradleBlockNamesPublishedModulesThroughTheBom() throws Exception {
    Map<String, String> modules = ShellCommands.modules();
    String version = projectVersion();
    List<ReadmeBlocks.Block> blocks = ReadmeBlocks.of("kotlin");
    assertThat(blocks).isNotEmpty();
    Pattern coordinates =
        Pattern.compile("\"io\\.github\\.lmstudiojava:([a-z0-9-]+)(?::([^\"]+))?\"");
    for (ReadmeBlocks.Block block : blocks) {
      assertThat(block.code())
          .as(block.where())
          .contains(
              "implementation(platform(\"io.github.lmstudiojava:lmstudio-bom:" + version + "\"))");
      Matcher m = coordinates.matcher(block.code());
      int count = 0;
      while (m.find()) {
        count++;
        assertThat(modules.values()).as(block.where()).contains(m.group(1));
        if (m.group(2) != null) {
          assertThat(m.group(1)).as(block.where()).isEqualTo("lmstudio-bom");
          assertThat(m.group(2)).as(block.where()).isEqualTo(version);
        }
      }
      assertThat(count).as(block.where()).isGreaterThan(1);
    }
  }

  @Test
  void everyPropertiesBlockNamesPropertiesTheStarterDescribes() throws Exception {
    String metadata;
    try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("the starter's configuration metadata").isNotNull();
      metadata = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    List<ReadmeBlocks.Block> blocks = ReadmeBlocks.of("properties");
    assertThat(blocks).isNotEmpty();
    for (ReadmeBlocks.Block block : blocks) {
      for (String line : block.code().split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        assertThat(line).as(block.where()).contains("=");
        String name = line.substring(0, line.indexOf('=')).strip();
        assertThat(metadata).as(block.where() + ": " + name).contains("\"name\": \"" + name + "\"");
      }
    }
  }

  @Test
  void everyShellCommandNamesWhatTheBuildHas() throws Exception {
    List<String> problems = new ArrayList<>();
    for (ReadmeBlocks.Block block : ReadmeBlocks.of("bash", "shell")) {
      problems.addAll(ShellCommands.check(block));
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theShellCheckRejectsWhatTheBuildDoesNotHave() throws Exception {
    assertThat(ShellCommands.checkCommand("mvn -B -pl nowhere verify"))
        .isEqualTo("no module nowhere");
    assertThat(ShellCommands.checkCommand("mvn -B -Pfast verify")).isEqualTo("no profile fast");
    assertThat(ShellCommands.checkCommand("java -jar examples/target/examples.jar"))
        .startsWith("examples/target/examples.jar is not a jar the build produces");
    assertThat(ShellCommands.checkCommand("java -jar " + ShellCommands.EXAMPLES_JAR + " nope"))
        .startsWith("the examples refuse these arguments: Unknown example");
    assertThat(
            ShellCommands.checkCommand(
                "java -jar " + ShellCommands.EXAMPLES_JAR + " quickstart --temperature 1"))
        .startsWith("the examples refuse these arguments: Unknown flag --temperature.");
    assertThat(ShellCommands.checkCommand("examples/jshell.sh --verbose"))
        .isEqualTo("examples/jshell.sh does not take --verbose");
    assertThat(ShellCommands.checkCommand("jbang other@lmstudiojava/lmstudio-java"))
        .isEqualTo("jbang-catalog.json has no alias other");
    assertThat(ShellCommands.checkCommand("jbang lmstudio-mcp@someone/else"))
        .isEqualTo("the catalog of someone/else is not this repository's");
    assertThat(ShellCommands.checkCommand("jbang io.github.lmstudiojava:lmstudio-mcp-server:9.9"))
        .startsWith("jbang names version 9.9, neither ");
    assertThat(ShellCommands.checkCommand("jbang com.example:tool:1.0"))
        .isEqualTo("jbang runs something other than the MCP server: com.example:tool:1.0");
    assertThat(ShellCommands.checkCommand("jbang lmstudio-mcp@lmstudiojava/lmstudio-java --nope"))
        .isEqualTo("the MCP server has no flag --nope");
    assertThat(ShellCommands.checkCommand("LM_URL=x mvn verify"))
        .isEqualTo("unknown environment variable LM_URL");
  }

  @Test
  void theMainJobRunsTheQuickstartDemoFromTheRunnableJar() throws Exception {
    String section = ReadmeBlocks.between("<!-- main-job:start -->", "<!-- main-job:end -->");

    assertThat(section.strip())
        .isEqualTo(
            "```bash\nmvn -B -q package -DskipTests && java -jar "
                + ShellCommands.EXAMPLES_JAR
                + " quickstart --demo\n```");
    ExampleRun run = ExampleRun.of("quickstart", "--demo");
    assertThat(run.firstLine()).isEqualTo(Cli.DEMO_NOTICE);
    assertThat(run.output()).contains("You said: ");
  }

  @Test
  void theExamplesTableListsEveryExampleAndTheConfigurationTableEveryFlag() throws Exception {
    String readme = ReadmeBlocks.text();
    String configuration =
        readme.substring(readme.indexOf("## Configuration"), readme.indexOf("## Troubleshooting"));
    for (Examples.Entry entry : Examples.ALL) {
      assertThat(readme).contains("| `" + entry.name() + "` |");
      String usage = ExampleRun.of(entry.name(), "--help").output();
      Matcher flag = Pattern.compile("--[a-z-]+").matcher(usage);
      while (flag.find()) {
        assertThat(configuration).as(entry.name()).contains("`" + flag.group());
      }
    }
    assertThat(configuration).contains("`LM_STUDIO_URL`", "`LM_API_TOKEN`", "`LM_STUDIO_API_KEY`");
  }

  @Test
  void theJShellTranscriptIsWhatTheScriptDoesInDemoMode() throws Exception {
    List<ReadmeBlocks.Block> transcripts =
        ReadmeBlocks.of("text").stream().filter(b -> b.code().contains("\njshell> ")).toList();
    assertThat(transcripts).hasSize(1);
    List<String> problems = JShellTranscript.check(transcripts.get(0));
    assertThat(problems).isEmpty();
  }

  private static String text(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
  }

  private static String projectVersion() throws Exception {
    return ShellCommands.projectVersion();
  }
}
