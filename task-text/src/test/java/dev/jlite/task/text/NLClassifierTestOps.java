package dev.jlite.task.text;

import dev.jlite.engine.Kernel;
import dev.jlite.engine.Node;
import dev.jlite.engine.OpResolver;
import dev.jlite.task.core.BaseOptions;
import java.nio.charset.StandardCharsets;

/**
 * The custom operators TFLite's NL classifier tests register for the tiny test models (as
 * tflite-support's {@code nl_classifier_test_utils} describes them): each accepts only the input
 * "hello" and writes scores {255, 510, 765} as floats or doubles, {true, true, false} as booleans,
 * or the labels "label0", "label1", "label2".
 */
final class NLClassifierTestOps {
  static final String INPUT = "hello";

  private NLClassifierTestOps() {}

  static BaseOptions baseOptions() {
    OpResolver resolver = OpResolver.builder().addAll(OpResolver.builtin())
        .addCustom("CUSTOM_OP_STRING_TO_FLOATS", () -> new Fixed() {
          @Override
          void write(Node node) {
            float[] out = node.output(0).floats();
            int at = node.output(0).offset();
            out[at] = 255;
            out[at + 1] = 510;
            out[at + 2] = 765;
          }
        })
        .addCustom("CUSTOM_OP_STRING_TO_DOUBLES", () -> new Fixed() {
          @Override
          void write(Node node) {
            double[] out = node.output(0).doubles();
            int at = node.output(0).offset();
            out[at] = 255;
            out[at + 1] = 510;
            out[at + 2] = 765;
          }
        })
        .addCustom("CUSTOM_OP_STRING_TO_BOOLS", () -> new Fixed() {
          @Override
          void write(Node node) {
            byte[] out = node.output(0).bytes();
            int at = node.output(0).offset();
            out[at] = 1;
            out[at + 1] = 1;
            out[at + 2] = 0;
          }
        })
        .addCustom("CUSTOM_OP_GENERATE_LABELS", () -> new Fixed() {
          @Override
          void write(Node node) {
            byte[][] out = node.output(0).strings();
            int at = node.output(0).offset();
            for (int i = 0; i < 3; i++) {
              out[at + i] = ("label" + i).getBytes(StandardCharsets.UTF_8);
            }
          }
        })
        .build();
    return BaseOptions.builder().setOpResolver(resolver).build();
  }

  /** Outputs 3 values; fails on any input but "hello", as the official test operators do. */
  private abstract static class Fixed implements Kernel {
    @Override
    public void prepare(Node node) {
      node.resizeOutput(0, 3);
    }

    @Override
    public void eval(Node node) {
      String input = new String(node.input(0).strings()[node.input(0).offset()],
          StandardCharsets.UTF_8);
      if (!input.equals(INPUT)) {
        throw new IllegalArgumentException("the test operator only accepts \"hello\"");
      }
      write(node);
    }

    abstract void write(Node node);
  }
}
