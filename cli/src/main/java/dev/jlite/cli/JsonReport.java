package dev.jlite.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jlite.cli.summary.MetadataSummary;
import dev.jlite.cli.summary.ModelSummary;
import dev.jlite.cli.summary.OperatorCount;
import dev.jlite.cli.summary.Quantization;
import dev.jlite.cli.summary.SignatureSummary;
import dev.jlite.cli.summary.SubgraphSummary;
import dev.jlite.cli.summary.TensorSummary;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code inspect --json}. The tree is built field by field rather than serialized from the summary
 * types, so that the documented JSON shape (cli/README.md) stays stable when those types change.
 * Absent values are {@code null}, never missing keys.
 */
final class JsonReport {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  static String render(ModelSummary summary, Optional<MetadataSummary> metadata,
      ArenaPlan arena) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("model", summary.source());
    root.put("sizeBytes", summary.sizeBytes());
    root.put("schemaVersion", summary.schemaVersion());
    root.put("description", summary.description());
    ArrayNode subgraphs = root.putArray("subgraphs");
    for (SubgraphSummary subgraph : summary.subgraphs()) {
      subgraphs.addObject()
          .put("index", subgraph.index())
          .put("name", subgraph.name())
          .put("tensorCount", subgraph.tensorCount())
          .put("operatorCount", subgraph.operatorCount());
    }
    root.putObject("arena")
        .put("bytes", arena.bytes())
        .put("unavailable", arena.unavailable());
    tensors(root.putArray("inputs"), summary.inputs());
    tensors(root.putArray("outputs"), summary.outputs());
    ObjectNode operators = root.putObject("operators");
    operators.put("total", summary.operatorTotal());
    ArrayNode counts = operators.putArray("counts");
    for (OperatorCount count : summary.operators()) {
      counts.addObject()
          .put("name", count.name())
          .put("custom", count.custom())
          .put("count", count.count());
    }
    ArrayNode signatures = root.putArray("signatures");
    for (SignatureSummary signature : summary.signatures()) {
      ObjectNode node = signatures.addObject()
          .put("key", signature.key())
          .put("subgraphIndex", signature.subgraphIndex());
      signature.inputs().forEach(node.putArray("inputs")::add);
      signature.outputs().forEach(node.putArray("outputs")::add);
    }
    if (metadata.isPresent()) {
      metadata(root.putObject("metadata"), metadata.get());
    } else {
      root.putNull("metadata");
    }
    try {
      return MAPPER.writeValueAsString(root) + System.lineSeparator();
    } catch (JsonProcessingException e) {
      // A tree of plain nodes always serializes; this would be a bug in Jackson.
      throw new UncheckedIOException(e);
    }
  }

  private static void tensors(ArrayNode array, List<TensorSummary> tensors) {
    for (TensorSummary tensor : tensors) {
      ObjectNode node = array.addObject()
          .put("index", tensor.index())
          .put("tensorIndex", tensor.tensorIndex())
          .put("name", tensor.name())
          .put("type", tensor.type());
      tensor.shape().forEach(node.putArray("shape")::add);
      tensor.shapeSignature().forEach(node.putArray("shapeSignature")::add);
      quantization(node, tensor.quantization());
    }
  }

  private static void quantization(ObjectNode tensor, Quantization quantization) {
    if (quantization instanceof Quantization.PerTensor perTensor) {
      tensor.putObject("quantization")
          .put("kind", "perTensor")
          .put("scale", perTensor.scale())
          .put("zeroPoint", perTensor.zeroPoint());
    } else if (quantization instanceof Quantization.PerChannel perChannel) {
      ObjectNode node = tensor.putObject("quantization")
          .put("kind", "perChannel")
          .put("quantizedDimension", perChannel.quantizedDimension())
          .put("channels", perChannel.channels());
      perChannel.scales().forEach(node.putArray("scales")::add);
      perChannel.zeroPoints().forEach(node.putArray("zeroPoints")::add);
    } else {
      tensor.putNull("quantization");
    }
  }

  private static void metadata(ObjectNode node, MetadataSummary metadata) {
    node.put("name", metadata.name())
        .put("version", metadata.version())
        .put("description", metadata.description())
        .put("author", metadata.author())
        .put("license", metadata.license())
        .put("minParserVersion", metadata.minParserVersion());
    ArrayNode files = node.putArray("associatedFiles");
    for (MetadataSummary.AssociatedFile file : metadata.associatedFiles()) {
      files.addObject().put("name", file.name()).put("sizeBytes", file.sizeBytes());
    }
  }
}
