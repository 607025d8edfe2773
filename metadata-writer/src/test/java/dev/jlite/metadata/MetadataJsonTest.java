package dev.jlite.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jlite.schema.MetadataExtractor;
import dev.jlite.schema.ModelFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MetadataJsonTest {
  private static final String GOLDENS = "goldens/metadata/";

  /** The official displayer's output for the metadata inside these released models. */
  @ParameterizedTest
  @ValueSource(strings = {"test_model_nl_classifier_with_associated_label",
      "test_model_nl_classifier_with_regex_tokenizer"})
  void displaysMetadataOfReleasedModelsLikeTheOfficialDisplayer(String name) throws IOException {
    ModelFile model = ModelFile.open(Testdata.path("models/text/" + name + ".tflite"));
    ByteBuffer buffer = MetadataExtractor.of(model).metadataBuffer().orElseThrow();

    String json = MetadataJson.toJson(ModelMetadata.fromFlatBuffer(buffer));

    assertThat(json).isEqualTo(Testdata.text(GOLDENS + name + ".json"));
  }

  static java.util.stream.Stream<String> goldens() throws IOException {
    java.nio.file.Path root = Testdata.path(GOLDENS);
    try (var files = java.nio.file.Files.walk(root)) {
      List<String> names = files.filter(p -> p.toString().endsWith(".json"))
          .map(p -> root.relativize(p).toString().replace(".json", "")).sorted().toList();
      assertThat(names).hasSize(40);
      return names.stream();
    }
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("goldens")
  void everyGoldenSurvivesJsonAndFlatBufferRoundTrips(String name) {
    String golden = Testdata.text(GOLDENS + name + ".json");

    ModelMetadata parsed = MetadataJson.fromJson(golden);
    ModelMetadata reread = ModelMetadata.fromFlatBuffer(ByteBuffer.wrap(parsed.toFlatBuffer()));

    assertThat(MetadataJson.toJson(parsed)).isEqualTo(golden);
    assertThat(reread).isEqualTo(parsed);
    assertThat(MetadataJson.toJson(reread)).isEqualTo(golden);
  }

  @Test
  void flatBufferIsDeterministicAndIdentified() {
    ModelMetadata metadata =
        MetadataJson.fromJson(Testdata.text(GOLDENS + "ssd_mobilenet_v1.json"));

    byte[] first = metadata.toFlatBuffer();

    assertThat(metadata.toFlatBuffer()).isEqualTo(first);
    assertThat(new String(first, 4, 4, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("M001");
  }

  @Test
  void printsEveryTableAndFieldInSchemaOrder() {
    AssociatedFile versioned = new AssociatedFile("a/b.txt", "d\u00e9\"q\\\n", AssociatedFileType
        .SCANN_INDEX_FILE, "fr", "2");
    ModelMetadata metadata = ModelMetadata.builder()
        .name("n")
        .subgraphMetadata(List.of(SubGraphMetadata.builder()
            .inputTensorMetadata(List.of(TensorMetadata.builder()
                .dimensionNames(List.of("x"))
                .content(new Content(new ImageProperties(ColorSpaceType.GRAYSCALE,
                    new ImageSize(4, 0)), new ValueRange(0, -3)))
                .processUnits(List.of(new ProcessUnit(new ScoreCalibrationOptions(
                    ScoreTransformationType.LOG, 0.2f)), new ProcessUnit(null)))
                .stats(new Stats(List.of(), List.of(-0.0f, 0.25f, 1.5f)))
                .build()))
            .outputTensorMetadata(List.of(TensorMetadata.builder()
                .content(Content.of(new AudioProperties(16000, 1)))
                .processUnits(List.of(new ProcessUnit(new ScoreThresholdingOptions(0.5f)),
                    new ProcessUnit(new SentencePieceTokenizerOptions(List.of(versioned),
                        null))))
                .build()))
            .inputProcessUnits(List.of())
            .customMetadata(List.of(new CustomMetadata("c", new byte[] {1, (byte) 255})))
            .build()))
        .build();

    String json = MetadataJson.toJson(metadata);

    assertThat(json).isEqualTo("""
        {
          "name": "n",
          "subgraph_metadata": [
            {
              "input_tensor_metadata": [
                {
                  "dimension_names": [
                    "x"
                  ],
                  "content": {
                    "content_properties_type": "ImageProperties",
                    "content_properties": {
                      "color_space": "GRAYSCALE",
                      "default_size": {
                        "width": 4
                      }
                    },
                    "range": {
                      "max": -3
                    }
                  },
                  "process_units": [
                    {
                      "options_type": "ScoreCalibrationOptions",
                      "options": {
                        "score_transformation": "LOG",
                        "default_score": 0.2
                      }
                    },
                    {
                    }
                  ],
                  "stats": {
                    "max": [

                    ],
                    "min": [
                      -0.0,
                      0.25,
                      1.5
                    ]
                  }
                }
              ],
              "output_tensor_metadata": [
                {
                  "content": {
                    "content_properties_type": "AudioProperties",
                    "content_properties": {
                      "sample_rate": 16000,
                      "channels": 1
                    }
                  },
                  "process_units": [
                    {
                      "options_type": "ScoreThresholdingOptions",
                      "options": {
                        "global_score_threshold": 0.5
                      }
                    },
                    {
                      "options_type": "SentencePieceTokenizerOptions",
                      "options": {
                        "sentencePiece_model": [
                          {
                            "name": "a/b.txt",
                            "description": "d\\u00E9\\"q\\\\\\n",
                            "type": "SCANN_INDEX_FILE",
                            "locale": "fr",
                            "version": "2"
                          }
                        ]
                      }
                    }
                  ]
                }
              ],
              "input_process_units": [

              ],
              "custom_metadata": [
                {
                  "name": "c",
                  "data": [
                    1,
                    255
                  ]
                }
              ]
            }
          ]
        }
        """);
    assertThat(MetadataJson.fromJson(json)).isEqualTo(metadata);
    assertThat(ModelMetadata.fromFlatBuffer(ByteBuffer.wrap(metadata.toFlatBuffer())))
        .isEqualTo(metadata);
  }

  @Test
  void floatsArePrintedAsFlatcPrintsThem() {
    assertThat(FlatcJsonPrinter.formatFloat(127.5f)).isEqualTo("127.5");
    assertThat(FlatcJsonPrinter.formatFloat(1f)).isEqualTo("1.0");
    assertThat(FlatcJsonPrinter.formatFloat(-1f)).isEqualTo("-1.0");
    assertThat(FlatcJsonPrinter.formatFloat(0.1f)).isEqualTo("0.1");
    assertThat(FlatcJsonPrinter.formatFloat(1 / 127.5f)).isEqualTo("0.007843");
    assertThat(FlatcJsonPrinter.formatFloat(-1e-9f)).isEqualTo("-0.0");
    assertThat(FlatcJsonPrinter.formatFloat(1e-7f)).isEqualTo("0.0");
    assertThat(FlatcJsonPrinter.formatFloat((float) Math.PI)).isEqualTo("3.141593");
    assertThat(FlatcJsonPrinter.formatFloat(1e10f)).isEqualTo("10000000000.0");
    assertThat(FlatcJsonPrinter.formatFloat(Float.NaN)).isEqualTo("nan");
  }

  @Test
  void rejectsUnknownMembersWithTheirPath() {
    assertThatThrownBy(() -> MetadataJson.fromJson(
        "{\"subgraph_metadata\": [{\"input_tensor_metadta\": []}]}"))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("$.subgraph_metadata[0]")
        .hasMessageContaining("input_tensor_metadta");
  }

  @Test
  void rejectsWrongTypesAndBadEnums() {
    assertThatThrownBy(() -> MetadataJson.fromJson("{\"name\": 3}"))
        .isInstanceOf(MetadataException.class).hasMessageContaining("$.name must be a string");
    assertThatThrownBy(() -> MetadataJson.fromJson(
        "{\"associated_files\": [{\"type\": \"LABELS\"}]}"))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("$.associated_files[0].type must be one of");
    assertThatThrownBy(() -> MetadataJson.fromJson("{\"name\": "))
        .isInstanceOf(MetadataException.class).hasMessageContaining("malformed");
  }

  @Test
  void malformedFlatBuffersFailWithATypedError() {
    byte[] good = MetadataJson.fromJson(Testdata.text(GOLDENS + "ssd_mobilenet_v1.json"))
        .toFlatBuffer();
    byte[] wrongId = good.clone();
    wrongId[7] = '2';
    byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);

    assertThatThrownBy(() -> ModelMetadata.fromFlatBuffer(ByteBuffer.wrap(wrongId)))
        .isInstanceOf(MetadataException.class)
        .hasMessage("Invalid metadata schema version: expected M001, got M002");
    assertThatThrownBy(() -> ModelMetadata.fromFlatBuffer(ByteBuffer.wrap(truncated)))
        .isInstanceOf(MetadataException.class)
        .hasMessageStartingWith("malformed metadata flatbuffer: ")
        .hasMessageContaining("lies outside the buffer of " + truncated.length + " bytes");
    assertThatThrownBy(() -> ModelMetadata.fromFlatBuffer(ByteBuffer.wrap(new byte[3])))
        .isInstanceOf(MetadataException.class).hasMessageContaining("too short");
  }

  @Test
  void sharedTablesCannotBlowUpDecoding() {
    // 20,000 input tensors that are all the same table with a 10 kB name: 80 kB of buffer that
    // would decode to 200 MB.
    com.google.flatbuffers.FlatBufferBuilder b = new com.google.flatbuffers.FlatBufferBuilder();
    int name = b.createString("x".repeat(10_000));
    b.startTable(7);
    b.addOffset(0, name, 0);
    int tensor = b.endTable();
    b.startVector(4, 20_000, 4);
    for (int i = 0; i < 20_000; i++) {
      b.addOffset(tensor);
    }
    int tensors = b.endVector();
    b.startTable(10);
    b.addOffset(2, tensors, 0);
    int subgraph = b.endTable();
    b.startVector(4, 1, 4);
    b.addOffset(subgraph);
    int subgraphs = b.endVector();
    b.startTable(8);
    b.addOffset(3, subgraphs, 0);
    b.finish(b.endTable(), "M001");

    assertThatThrownBy(() -> ModelMetadata.fromFlatBuffer(ByteBuffer.wrap(b.sizedByteArray())))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("shares tables so much");
  }

  @Test
  void stringsMustBeValidUnicode() {
    assertThatThrownBy(() -> MetadataJson.fromJson("{\"name\": \"a\\ud800\"}"))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("$.name").hasMessageContaining("unpaired surrogate at index 1");
    assertThatThrownBy(() -> ModelMetadata.builder().name("\udc00").build().toFlatBuffer())
        .isInstanceOf(MetadataException.class).hasMessageContaining("unpaired surrogate");
    assertThat(MetadataJson.fromJson("{\"name\": \"\\ud83d\\ude00\"}").name())
        .isEqualTo("\ud83d\ude00");
  }

  @Test
  void nonFiniteFloatsArePrintedAsFlatcDoesAndReadBack() {
    ModelMetadata metadata = ModelMetadata.builder().subgraphMetadata(List.of(SubGraphMetadata
        .builder().inputTensorMetadata(List.of(TensorMetadata.builder()
            .description("inf nan")
            .stats(new Stats(List.of(Float.POSITIVE_INFINITY, Float.NaN),
                List.of(Float.NEGATIVE_INFINITY)))
            .build())).build())).build();

    String json = MetadataJson.toJson(metadata);

    assertThat(json).contains("\"max\": [\n              inf,\n              nan\n")
        .contains("\"min\": [\n              -inf\n");
    assertThat(MetadataJson.fromJson(json)).isEqualTo(metadata);
  }
}
