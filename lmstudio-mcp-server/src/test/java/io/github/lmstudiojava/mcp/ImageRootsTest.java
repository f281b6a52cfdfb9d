package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which folders image files may come from: flags, variables and the client's roots. */
class ImageRootsTest {
  @TempDir Path dir;

  private static ServerConfig config(String... args) {
    List<String> all = new ArrayList<>(List.of("--sessions", "memory:"));
    all.addAll(List.of(args));
    return ServerConfig.parse(all.toArray(String[]::new), name -> null);
  }

  @Test
  void flagsWinOverTheVariableWhichListsFoldersByThePathSeparator() throws Exception {
    Path a = Files.createDirectories(dir.resolve("a"));
    Path b = Files.createDirectories(dir.resolve("b"));

    assertThat(ImageRoots.configured(List.of(a.toString(), b + "/x/.."), "/nowhere"))
        .containsExactly(a, b);
    assertThat(ImageRoots.configured(null, a + File.pathSeparator + File.pathSeparator + b))
        .containsExactly(a, b);
    assertThat(ImageRoots.configured(null, null)).isEmpty();
    assertThat(config("--image-root", a.toString(), "--image-root", b.toString()).imageRoots())
        .containsExactly(a, b);
    assertThat(config().imageRoots()).isEmpty();
  }

  @Test
  void aRootThatIsNotAFolderStopsTheServerAtStart() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");

    assertThatThrownBy(() -> ImageRoots.configured(List.of(file.toString()), null))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--image-root: \"" + file + "\" is not a folder");
    assertThatThrownBy(() -> ImageRoots.configured(null, dir.resolve("none").toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("LMSTUDIO_MCP_IMAGE_ROOTS: ");
    assertThatThrownBy(() -> ImageRoots.configured(List.of(" "), null))
        .hasMessage("--image-root: the folder is blank");
  }

  @Test
  void theSizeLimitIsReadInBinaryUnits() {
    assertThat(config().maxImageSize()).isEqualTo(20L << 20);
    assertThat(config("--max-image-size", "512KiB").maxImageSize()).isEqualTo(512L << 10);
    assertThat(config("--max-image-size", "3m").maxImageSize()).isEqualTo(3L << 20);
    assertThat(config("--max-image-size", "1000").maxImageSize()).isEqualTo(1000);
    assertThatThrownBy(() -> config("--max-image-size", "lots"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is not a size");
    assertThatThrownBy(() -> config("--max-image-size", "0"))
        .hasMessageContaining("must be from 1 byte to 512 MiB");
    assertThatThrownBy(() -> config("--max-image-size", "1GiB"))
        .hasMessageContaining("must be from 1 byte");
    assertThat(Sizes.show(20L << 20)).isEqualTo("20 MiB");
    assertThat(Sizes.show(1000)).isEqualTo("1000 bytes");
  }

  @Test
  void onlyLocalFileUrisBecomeFolders() {
    List<Path> paths =
        ImageRoots.paths(
            List.of(
                new McpSchema.Root("file:///home/ada/photos", "photos"),
                new McpSchema.Root("FILE://localhost/srv/shots/../pics", null),
                new McpSchema.Root("file:///tmp/with%20space", null),
                new McpSchema.Root("file://fileserver/share", null),
                new McpSchema.Root("https://example.com/", null),
                new McpSchema.Root("file:relative", null),
                new McpSchema.Root("not a uri", null)));

    assertThat(paths)
        .containsExactly(
            Path.of("/home/ada/photos"), Path.of("/srv/pics"), Path.of("/tmp/with space"));
  }

  @Test
  void overStdioTheClientsRootsAreReadOnceAcrossPagesAndReplacedWhenTheyChange() throws Exception {
    Path mine = Files.createDirectories(dir.resolve("mine"));
    Path a = Files.createDirectories(dir.resolve("a"));
    Path b = Files.createDirectories(dir.resolve("b"));
    ClientSession client =
        new ClientSession()
            .rootsPage("page-2", a.toUri().toString())
            .rootsPage(null, b.toUri().toString(), "https://example.com/");
    McpSyncServerExchange exchange = client.exchange(true);
    ImageRoots roots = new ImageRoots(config("--image-root", mine.toString()));

    List<Path> first = roots.allowed(exchange);
    List<Path> second = roots.allowed(exchange);
    roots.changed(exchange, List.of(new McpSchema.Root(b.toUri().toString(), "b")));
    List<Path> changed = roots.allowed(exchange);

    assertThat(first).containsExactly(mine, a, b);
    assertThat(second).isEqualTo(first);
    assertThat(client.sent).containsExactly("roots/list {}", "roots/list {\"cursor\":\"page-2\"}");
    assertThat(changed).containsExactly(mine, b);
  }

  @Test
  void aClientWithoutRootsOrThatFailsToListThemAddsNone() throws Exception {
    Path mine = Files.createDirectories(dir.resolve("mine"));
    ImageRoots roots = new ImageRoots(config("--image-root", mine.toString()));
    ClientSession silent = new ClientSession();

    assertThat(roots.allowed(new ClientSession().exchange(false))).containsExactly(mine);
    assertThat(roots.allowed(silent.exchange(true))).containsExactly(mine);
    assertThat(roots.allowed(silent.exchange(true))).containsExactly(mine);
    assertThat(silent.sent).as("a failure is not kept: the next call asks again").hasSize(2);
  }

  @Test
  void overHttpOnlyImageRootsCountAndTheClientIsNeverAsked() throws Exception {
    Path a = Files.createDirectories(dir.resolve("a"));
    ClientSession client = new ClientSession().rootsPage(null, "file:///");
    McpSyncServerExchange exchange = client.exchange(true);
    ImageRoots none = new ImageRoots(config("--transport", "http"));
    ImageRoots some = new ImageRoots(config("--transport", "http", "--image-root", a.toString()));

    none.changed(exchange, List.of(new McpSchema.Root("file:///", "everything")));

    assertThat(none.allowed(exchange)).isEmpty();
    assertThat(some.allowed(exchange)).containsExactly(a);
    assertThat(client.sent).isEmpty();
  }
}
