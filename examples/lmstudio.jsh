// lmstudio-java in JShell: open it with examples/jshell.sh (add --demo for a simulated LM Studio).
import io.github.lmstudiojava.client.*;
import io.github.lmstudiojava.client.openai.*;
import io.github.lmstudiojava.sessions.*;
import io.github.lmstudiojava.testing.FakeLmStudio;
import java.nio.file.*;
import java.time.Duration;
import java.util.*;

// -R-Dlmstudio.demo=true (what jshell.sh --demo passes) starts a simulated LM Studio instead.
FakeLmStudio demo = Boolean.getBoolean("lmstudio.demo") ? FakeLmStudio.start() : null;
LmStudio lms = demo != null ? demo.client() : LmStudio.fromEnv();
String model = "qwen/qwen3-4b";

/** The keys of every model LM Studio has, loaded or not. */
List<String> models() { return lms.models().list().stream().map(Model::key).toList(); }

/** One question to {@code model}, the answer's text back. */
String ask(String text) { return lms.chat(model, text).text(); }

/** One question, the answer printed as it streams. */
void stream(String text) { try (ChatStream s = lms.streamChat(ChatRequest.of(model, text))) { s.events().filter(e -> e instanceof ChatEvent.MessageDelta).forEach(e -> System.out.print(((ChatEvent.MessageDelta) e).content())); System.out.println(); } }

/** Switches the model that ask and stream use. */
String use(String key) { return model = key; }

System.out.println(demo != null
    ? "[demo] LM Studio is simulated: answers come from FakeLmStudio, not a model."
    : "lms: " + lms);
System.out.println("Try: models()   ask(\"Why is the sky blue?\")   stream(\"Tell me a story\")   use(\"ibm/granite-4-micro\")");
