package io.github.lmstudiojava.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the commands of the README's shell blocks against the build: Maven commands name modules
 * and profiles that exist, {@code java -jar} names a jar the build produces and (for the examples
 * jar) an example and flags it accepts, running it when it is a demo, and scripts exist.
 */
final class ShellCommands {
  static final Path ROOT = Path.of("..");
  static final String EXAMPLES_JAR = "examples/target/lmstudio-examples.jar";
  static final String MCP_JAR = "lmstudio-mcp-server/target/lmstudio-mcp-server.jar";
  static final String MCP_LAUNCHER = "lmstudio-mcp-server/bin/lmstudio-mcp";

  private static final Set<String> MAVEN_GOALS =
      Set.of("clean", "package", "verify", "test", "install", "spotless:apply", "spotless:check");
  private static final Set<String> ENVIRONMENT =
      Set.of("LM_STUDIO_URL", "LM_API_TOKEN", "LM_STUDIO_API_KEY");
  private static final Set<String> JSHELL_FLAGS = Set.of("--demo", "--rebuild");

  private ShellCommands() {}

  /** Every problem with a block's commands, each naming its README line. */
  static List<String> check(ReadmeBlocks.Block block) throws IOException {
    List<String> problems = new ArrayList<>();
    List<String> lines = block.lines();
    for (int i = 0; i < lines.size(); i++) {
      int lineNumber = block.line() + i;
      StringBuilder command = new StringBuilder(stripComment(lines.get(i)));
      while (command.toString().endsWith("\\") && i + 1 < lines.size()) {
        command.setLength(command.length() - 1);
        command.append(' ').append(stripComment(lines.get(++i)));
      }
      for (String part : command.toString().split("&&")) {
        String problem = checkCommand(part.strip());
        if (problem != null) {
          problems.add(
              "README.md line " + lineNumber + ": " + problem + " in `" + part.strip() + "`");
        }
      }
    }
    return problems;
  }

  private static String stripComment(String line) {
    int hash = line.indexOf(" #");
    return (hash < 0 ? line : line.substring(0, hash)).stripTrailing();
  }

  /** The problem with one command, or null when it checks out. */
  static String checkCommand(String command) throws IOException {
    if (command.isEmpty()) {
      return null;
    }
    List<String> words = words(command);
    while (!words.isEmpty() && words.get(0).matches("[A-Z_]+=.*")) {
      String name = words.get(0).substring(0, words.get(0).indexOf('='));
      if (!ENVIRONMENT.contains(name)) {
        return "unknown environment variable " + name;
      }
      words = words.subList(1, words.size());
    }
    words = words.stream().map(w -> w.startsWith("$PWD/") ? w.substring(5) : w).toList();
    String program = words.get(0);
    List<String> args = words.subList(1, words.size());
    switch (program) {
      case "mvn":
        return checkMaven(args);
      case "java":
        return checkJava(args);
      case "examples/jshell.sh":
        return checkJShell(args);
      case "bash":
        return Files.isRegularFile(ROOT.resolve(args.get(0))) ? null : "no file " + args.get(0);
      case "lms": // LM Studio's own command line tool
        return null;
      case "claude":
      case "codex":
        return checkMcpAdd(program, args);
      case MCP_LAUNCHER:
        return checkServerFlags(args);
      case "jbang":
        return checkJBang(args);
      default:
        return "a command this test does not know how to check (" + program + ")";
    }
  }

  private static String checkMaven(List<String> args) throws IOException {
    Map<String, String> modules = modules();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("-pl") || arg.equals("--projects")) {
        for (String module : args.get(++i).split(",")) {
          String name = module.startsWith(":") ? module.substring(1) : module;
          if (!modules.containsKey(name) && !modules.containsValue(name)) {
            return "no module " + module;
          }
        }
      } else if (arg.startsWith("-P")) {
        String profiles = arg.equals("-P") ? args.get(++i) : arg.substring(2);
        for (String profile : profiles.split(",")) {
          if (!Files.readString(ROOT.resolve("pom.xml")).contains("<id>" + profile + "</id>")) {
            return "no profile " + profile;
          }
        }
      } else if (!arg.startsWith("-") && !MAVEN_GOALS.contains(arg)) {
        return "an unexpected Maven goal " + arg;
      }
    }
    return null;
  }

  private static String checkJava(List<String> args) throws IOException {
    if (args.size() < 2 || !args.get(0).equals("-jar")) {
      return "java without -jar";
    }
    String jar = args.get(1);
    if (!producedJars().contains(jar)) {
      return jar + " is not a jar the build produces " + producedJars();
    }
    if (jar.equals(MCP_JAR)) {
      return checkServerFlags(args.subList(2, args.size()));
    }
    if (!jar.equals(EXAMPLES_JAR) || args.size() == 2) {
      return null;
    }
    List<String> exampleArgs = args.subList(2, args.size());
    List<String> withHelp = new ArrayList<>(exampleArgs);
    withHelp.add("--help");
    ExampleRun help = ExampleRun.of(withHelp.toArray(new String[0]));
    if (help.exitCode() != 0 || !help.output().startsWith("usage: ")) {
      return "the examples refuse these arguments: "
          + (help.errors().isEmpty() ? help.output() : help.errors()).strip();
    }
    // Run the demos (not persistent-chat, which would write to the home directory).
    if (exampleArgs.contains("--demo") && !exampleArgs.get(0).equals("persistent-chat")) {
      ExampleRun run = ExampleRun.of(exampleArgs.toArray(new String[0]));
      if (run.exitCode() != 0 || !run.firstLine().equals(Cli.DEMO_NOTICE)) {
        return "the demo failed (exit code " + run.exitCode() + "): " + run.both();
      }
    }
    return null;
  }

  /**
   * {@code claude mcp add} and {@code codex mcp add}: the environment they pass is the server's,
   * and the command after {@code --} is checked like any other.
   */
  private static String checkMcpAdd(String program, List<String> args) throws IOException {
    if (args.size() < 3 || !args.get(0).equals("mcp") || !args.get(1).equals("add")) {
      return program + " without mcp add";
    }
    for (int i = 2; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("-e") || arg.equals("--env")) {
        String name = args.get(++i).split("=", 2)[0];
        if (!ENVIRONMENT.contains(name)) {
          return "unknown environment variable " + name;
        }
      } else if (arg.equals("--")) {
        return checkCommand(String.join(" ", args.subList(i + 1, args.size())));
      }
    }
    return null;
  }

  /**
   * {@code jbang REF [server flags]}: REF is the alias of {@code jbang-catalog.json} in this
   * repository ({@code lmstudio-mcp@OWNER/REPO}, as the POM's scm names it), or the MCP server's
   * coordinates at the project's version or the catalog's.
   */
  static String checkJBang(List<String> args) throws IOException {
    int i = 0;
    while (i < args.size() && args.get(i).startsWith("-")) {
      i++;
    }
    if (i == args.size()) {
      return "jbang without a script";
    }
    String ref = args.get(i);
    String catalogRef = jbangAliases().get(ref.split("@", 2)[0]);
    String server = "io.github.lmstudiojava:lmstudio-mcp-server:";
    if (ref.contains("@")) {
      String repository = ref.substring(ref.indexOf('@') + 1);
      if (catalogRef == null) {
        return "jbang-catalog.json has no alias " + ref.split("@", 2)[0];
      }
      if (!pom(ROOT).contains("<url>https://github.com/" + repository + "</url>")) {
        return "the catalog of " + repository + " is not this repository's";
      }
    } else if (!ref.startsWith(server)) {
      return "jbang runs something other than the MCP server: " + ref;
    } else {
      String version = ref.substring(server.length());
      String project = projectVersion();
      String released = catalogRef(server);
      if (!version.equals(project) && !version.equals(released)) {
        return "jbang names version " + version + ", neither " + project + " nor " + released;
      }
    }
    return checkServerFlags(args.subList(i + 1, args.size()));
  }

  /** The aliases of {@code jbang-catalog.json}: name to script reference. */
  static Map<String, String> jbangAliases() throws IOException {
    Map<?, ?> catalog =
        (Map<?, ?>)
            new com.squareup.moshi.Moshi.Builder()
                .build()
                .adapter(Object.class)
                .fromJson(Files.readString(ROOT.resolve("jbang-catalog.json")));
    Map<String, String> aliases = new LinkedHashMap<>();
    ((Map<?, ?>) catalog.get("aliases"))
        .forEach(
            (name, alias) ->
                aliases.put((String) name, (String) ((Map<?, ?>) alias).get("script-ref")));
    return aliases;
  }

  private static String catalogRef(String server) throws IOException {
    String ref = jbangAliases().get("lmstudio-mcp");
    return ref != null && ref.startsWith(server) ? ref.substring(server.length()) : null;
  }

  /** The project's version, from the root POM. */
  static String projectVersion() throws IOException {
    String root = pom(ROOT).replaceAll("(?s)<parent>.*?</parent>", "");
    Matcher m = Pattern.compile("<version>([^<]+)</version>").matcher(root);
    if (!m.find()) {
      throw new IllegalStateException("the root POM has no version");
    }
    return m.group(1);
  }

  /** The MCP server's flags, read from the option table its {@code --help} is built from. */
  private static String checkServerFlags(List<String> args) throws IOException {
    if (!Files.isExecutable(ROOT.resolve(MCP_LAUNCHER))) {
      return MCP_LAUNCHER + " is missing or not executable";
    }
    String config =
        Files.readString(
            ROOT.resolve(
                "lmstudio-mcp-server/src/main/java/io/github/lmstudiojava/mcp/ServerConfig.java"));
    for (String arg : args) {
      if (arg.startsWith("--") && !config.contains("\"" + arg.split("=", 2)[0] + "\"")) {
        return "the MCP server has no flag " + arg;
      }
    }
    return null;
  }

  private static String checkJShell(List<String> args) {
    if (!Files.isExecutable(ROOT.resolve("examples/jshell.sh"))) {
      return "examples/jshell.sh is missing or not executable";
    }
    for (String arg : args) {
      if (!JSHELL_FLAGS.contains(arg)) {
        return "examples/jshell.sh does not take " + arg;
      }
    }
    return null;
  }

  /** Module directory to artifactId, from the root pom's modules. */
  static Map<String, String> modules() throws IOException {
    Map<String, String> modules = new LinkedHashMap<>();
    Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(pom(ROOT));
    while (m.find()) {
      String dir = m.group(1);
      modules.put(dir, artifactId(pom(ROOT.resolve(dir))));
    }
    return modules;
  }

  /** The jars that modules shade under a fixed name, as paths from the repository root. */
  static List<String> producedJars() throws IOException {
    List<String> jars = new ArrayList<>();
    for (String dir : modules().keySet()) {
      Matcher m = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(pom(ROOT.resolve(dir)));
      while (m.find()) {
        jars.add(dir + "/target/" + m.group(1) + ".jar");
      }
      Matcher out =
          Pattern.compile("<outputFile>\\$\\{project.build.directory}/([^<]+)</outputFile>")
              .matcher(pom(ROOT.resolve(dir)));
      while (out.find()) {
        jars.add(dir + "/target/" + out.group(1));
      }
    }
    return jars;
  }

  static String pom(Path dir) throws IOException {
    return Files.readString(dir.resolve("pom.xml"));
  }

  static String artifactId(String pom) {
    String withoutParent = pom.replaceAll("(?s)<parent>.*?</parent>", "");
    Matcher m = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(withoutParent);
    if (!m.find()) {
      throw new AssertionError("a pom without artifactId");
    }
    return m.group(1);
  }

  /** Splits a command into words, honouring double and single quotes. */
  static List<String> words(String command) {
    List<String> words = new ArrayList<>();
    Matcher m = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)").matcher(command);
    while (m.find()) {
      words.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
    }
    return words;
  }
}
