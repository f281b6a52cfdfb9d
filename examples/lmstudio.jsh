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

/** The keys of every model LM Studio has, loaded or not. */
List<String> models() { return lms.models().list().stream().map(Model::key).toList(); }

/** A model of a kind ("llm", "embedding" or "vision"): a loaded one, else the first one downloaded (LM Studio loads it on first use); null when LM Studio has none. */
String pick(String kind) {
  List<Model> fitting = lms.models().list().stream()
      .filter(m -> kind.equals("vision") ? m.isLlm() && m.capabilities() != null && m.capabilities().supportsVision() : kind.equals(m.type()))
      .toList();
  return fitting.stream().filter(Model::isLoaded).findFirst().or(() -> fitting.stream().findFirst()).map(Model::key).orElse(null);
}

/** The model that ask and stream use; use(key) changes it. */
String model = null;

/** Switches the model that ask and stream use. */
String use(String key) { return model = key; }

/** The model to ask, or a clear error when there is none. */
String chosen() { if (model == null) throw new IllegalStateException("No model chosen: use(\"KEY\") first; models() lists them"); return model; }

/** One question to {@code model}, the answer's text back. */
String ask(String text) { return lms.chat(chosen(), text).text(); }

/** One question, the answer printed as it streams. */
void stream(String text) { try (ChatStream s = lms.streamChat(ChatRequest.of(chosen(), text))) { s.events().filter(e -> e instanceof ChatEvent.MessageDelta).forEach(e -> System.out.print(((ChatEvent.MessageDelta) e).content())); System.out.println(); } }

System.out.println(demo != null
    ? "[demo] LM Studio is simulated: answers come from FakeLmStudio, not a model."
    : "lms: " + lms);
try {
  model = pick("llm");
  if (model == null) {
    System.err.println("LM Studio has no LLM: download one with `lms get ibm/granite-4-micro` or in the LM Studio app (Discover tab), then use(pick(\"llm\")).");
  } else {
    System.out.println("Using " + model + (lms.models().find(model).map(Model::isLoaded).orElse(false) ? ", a loaded LLM" : ", the first LLM downloaded; LM Studio loads it on first use") + " (use(\"KEY\") picks another).");
  }
} catch (LmStudioConnectionException e) {
  System.err.println(e.reason() == LmStudioConnectionException.Reason.REFUSED
      ? "No LM Studio is running at " + lms.baseUrl() + ": start its server (`lms server start`, or the toggle in LM Studio's Developer tab), then use(pick(\"llm\"))."
      : e.getMessage());
}
System.out.println("Try: models()   ask(\"Why is the sky blue?\")   stream(\"Tell me a story\")   use(pick(\"vision\"))");
