package dev.jlite.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The naming rules of TFLite's generator (FEATURES.md §D), and where ours go further. */
class TensorNamesTest {
  @Test
  void sanitizeLowersReplacesStripsAndPrefixes() {
    assertThat(TensorNames.sanitize("Number of Detections")).isEqualTo("number_of_detections");
    assertThat(TensorNames.sanitize("__image:0")).isEqualTo("image_0");
    assertThat(TensorNames.sanitize("3d-points")).isEqualTo("tensor_3d_points");
    assertThat(TensorNames.sanitize("___")).isEmpty();
    assertThat(TensorNames.sanitize("Über")).isEqualTo("ber");
    assertThat(TensorNames.sanitize(null)).isEmpty();
  }

  @Test
  void camelCases() {
    assertThat(TensorNames.camel("number_of_detections")).isEqualTo("numberOfDetections");
    assertThat(TensorNames.upperCamel("output_image1")).isEqualTo("OutputImage1");
  }

  @Test
  void namesOnBothSidesGetInputAndOutputPrefixes() {
    List<String> in = new ArrayList<>(List.of("image"));
    List<String> out = new ArrayList<>(List.of("image", "score"));
    TensorNames.resolve(in, out);
    assertThat(in).containsExactly("input_image");
    assertThat(out).containsExactly("output_image", "score");
  }

  @Test
  void repeatsAreNumberedFromOne() {
    List<String> in = new ArrayList<>(List.of("input"));
    List<String> out = new ArrayList<>(List.of("score", "box", "score", "score"));
    TensorNames.resolve(in, out);
    assertThat(out).containsExactly("score1", "box", "score2", "score3");
  }

  @Test
  void suffixesThatLandOnTakenNamesAreBumped() {
    // TFLite's generator would name these score1, score2, score2.
    List<String> out = new ArrayList<>(List.of("score", "score", "score2"));
    TensorNames.resolve(new ArrayList<>(), out);
    assertThat(out).containsExactly("score1", "score2", "score22");
  }

  @Test
  void keywordsAndCamelCaseClashesAreMadeDistinct() {
    List<String> in = new ArrayList<>(List.of("int", "a_b"));
    List<String> out = new ArrayList<>(List.of("ab", "a__b"));
    TensorNames.resolve(in, out);
    assertThat(in).containsExactly("tensor_int", "a_b");
    assertThat(out).containsExactly("ab", "a__b2");
  }

  @Test
  void defaultClassNameComesFromTheFileName() {
    assertThat(Codegen.defaultClassName("models/mobilenet_v1.tflite")).isEqualTo("MobilenetV1");
    assertThat(Codegen.defaultClassName("3d.tflite")).isEqualTo("Tensor3d");
    assertThat(Codegen.defaultClassName("---.tflite")).isEqualTo("MyModel");
  }
}
