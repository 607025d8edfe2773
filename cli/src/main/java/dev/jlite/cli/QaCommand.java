package dev.jlite.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jlite.task.core.BaseOptions;
import dev.jlite.task.core.InvalidInputException;
import dev.jlite.task.text.BertQuestionAnswerer;
import dev.jlite.task.text.QaAnswer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jlite qa --model M --context FILE|TEXT --question Q}: answers from a BERT QA model. */
@Command(
    name = "qa",
    mixinStandardHelpOptions = true,
    description = "Answer a question about a text with a BERT question-answering model "
        + "(MobileBERT or ALBERT with tokenizer metadata).")
final class QaCommand implements Callable<Integer> {
  @Option(names = "--model", paramLabel = "MODEL", required = true,
      description = "The BERT question-answering model.")
  private Path model;

  @Option(names = "--context", paramLabel = "FILE|TEXT", required = true,
      description = "The text to search: a UTF-8 file, or the text itself.")
  private String context;

  @Option(names = "--question", paramLabel = "Q", required = true,
      description = "The question.")
  private String question;

  @Option(names = "--json", description = "Print the result as JSON.")
  private boolean json;

  @Option(names = "--candidates", paramLabel = "K", defaultValue = "5",
      description = "Start and end logits considered, and answers shown (default: "
          + "${DEFAULT-VALUE}, as TFLite; BERT's SQuAD script uses 20).")
  private int candidates;

  @Option(names = "--doc-stride", paramLabel = "N", defaultValue = "0",
      description = "Read a long context in windows N tokens apart (default: ${DEFAULT-VALUE}, "
          + "one window, the context cut to fit, as TFLite; BERT's SQuAD script uses 128).")
  private int docStride;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
      description = "Inference threads (default: ${DEFAULT-VALUE}).")
  private int threads;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    if (threads < 1) {
      throw new CommandFailure(2, "--threads must be at least 1, was " + threads, null);
    }
    String text = contextText();
    BertQuestionAnswerer.Options options;
    try {
      options = BertQuestionAnswerer.Options.builder()
          .setBaseOptions(BaseOptions.builder().setNumThreads(threads).build())
          .setNumCandidates(candidates)
          .setDocStride(docStride)
          .build();
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(2, e.getMessage(), e);
    }
    List<QaAnswer> answers;
    try (BertQuestionAnswerer answerer = TaskModels.create(model, null,
        m -> BertQuestionAnswerer.create(m, options),
        b -> BertQuestionAnswerer.create(b, options))) {
      answers = answerer.answer(text, question);
    } catch (InvalidInputException e) {
      throw VisionInputs.invalid("invalid input: " + e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? json(answers) : text(answers));
    out.flush();
    return 0;
  }

  /** The file's text if {@code --context} names a regular file, else the argument itself. */
  private String contextText() {
    Path file;
    try {
      file = Path.of(context);
    } catch (InvalidPathException e) {
      return context;
    }
    if (!Files.isRegularFile(file)) {
      return context;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(
          ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    } catch (CharacterCodingException e) {
      throw VisionInputs.invalid("cannot read context " + file + ": not UTF-8 text", e);
    } catch (IOException e) {
      throw VisionInputs.invalid("cannot read context " + file + ": " + e.getMessage(), e);
    }
  }

  private static String text(List<QaAnswer> answers) {
    if (answers.isEmpty()) {
      return "(no answer in the context)\n";
    }
    StringBuilder s = new StringBuilder();
    for (QaAnswer a : answers) {
      s.append(String.format(Locale.ROOT, "%8.4f  [%d, %d]  ", a.logit(), a.start(), a.end()))
          .append(a.text()).append('\n');
    }
    return s.toString();
  }

  private String json(List<QaAnswer> answers) {
    ObjectNode root = TaskJson.object();
    root.put("model", model.toString());
    root.put("question", question);
    ArrayNode out = root.putArray("answers");
    for (QaAnswer a : answers) {
      out.addObject().put("text", a.text()).put("start", a.start()).put("end", a.end())
          .put("logit", a.logit());
    }
    return TaskJson.render(root);
  }
}
