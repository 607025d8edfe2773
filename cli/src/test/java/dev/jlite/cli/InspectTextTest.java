package dev.jlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Text output of real models; the exact layout is pinned by {@link TextReportTest}. */
class InspectTextTest {
  @Test
  void showsTensorsOperatorsAndCustomOps() {
    String model = Cli.model("object_detection/ssd_mobilenet_v1.tflite").toString();

    Cli.Result result = Cli.run("inspect", model);

    assertThat(result.exitCode()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(result.out().lines())
        .contains(
            "model        " + model,
            "  0  normalized_input_image_tensor  UINT8  [1,300,300,3]  [1,300,300,3]  "
                + "scale 0.0078125, zero point 128",
            "operators (64 in all subgraphs)",
            "  CONV_2D                       34",
            "  TFLite_Detection_PostProcess  1   custom")
        .containsSequence("metadata", "  none");
  }
}
