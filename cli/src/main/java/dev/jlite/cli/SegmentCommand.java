package dev.jlite.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jlite.task.core.BaseOptions;
import dev.jlite.task.core.InvalidInputException;
import dev.jlite.task.core.TensorImage;
import dev.jlite.task.vision.Annotations;
import dev.jlite.task.vision.ColoredLabel;
import dev.jlite.task.vision.ImageSegmenter;
import dev.jlite.task.vision.Segmentation;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jlite segment [--model M] IMAGE…}: which class each pixel of an image belongs to. */
@Command(
    name = "segment",
    mixinStandardHelpOptions = true,
    description = "Segment images with an image segmentation model (default: the bundled "
        + "DeepLab v3 PASCAL VOC segmenter). Text output lists the classes found and their share "
        + "of the mask; --json gives the whole category mask.")
final class SegmentCommand implements Callable<Integer> {
  @Mixin
  private VisionOptions vision;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    vision.checkUsage();
    ImageSegmenter.Options options = ImageSegmenter.Options.builder()
        .setBaseOptions(BaseOptions.builder().setNumThreads(vision.threads).build())
        .setDisplayNamesLocale(vision.locale)
        .build();
    List<TensorImage> loaded = vision.loadImages();
    List<Segmentation> results = new ArrayList<>();
    try (ImageSegmenter segmenter = TaskModels.create(vision.model, TaskModels.DEFAULT_SEGMENTER,
        m -> ImageSegmenter.create(m, options), b -> ImageSegmenter.create(b, options))) {
      for (int i = 0; i < loaded.size(); i++) {
        try {
          results.add(segmenter.segment(loaded.get(i), vision.processing(i)));
        } catch (InvalidInputException e) {
          throw VisionInputs.invalid(vision.images.get(i) + ": " + e.getMessage(), e);
        }
      }
    }
    for (int i = 0; i < loaded.size(); i++) {
      int index = i;
      vision.writeAnnotation(i, () -> Annotations.segmentation(loaded.get(index),
          results.get(index), vision.processing(index)
              .roiWithin(loaded.get(index).width(), loaded.get(index).height())));
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(vision.json ? json(results) : text(results));
    out.flush();
    return 0;
  }

  private String text(List<Segmentation> results) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < vision.images.size(); i++) {
      Segmentation seg = results.get(i);
      s.append(vision.images.get(i)).append("  (mask ").append(seg.width()).append('x')
          .append(seg.height()).append(")\n");
      int[] counts = new int[seg.coloredLabels().size()];
      for (int c : seg.categoryMask()) {
        counts[c]++;
      }
      for (int c = 0; c < counts.length; c++) {
        if (counts[c] == 0) {
          continue;
        }
        ColoredLabel label = seg.coloredLabels().get(c);
        s.append("  ").append(String.format(Locale.ROOT, "%5.1f%%",
                100.0 * counts[c] / (seg.width() * seg.height())))
            .append("  ").append(label.label().isEmpty() ? "#" + c : label.label())
            .append("  [").append(c).append("]  ")
            .append(String.format(Locale.ROOT, "#%02x%02x%02x", label.r(), label.g(), label.b()))
            .append('\n');
      }
    }
    return s.toString();
  }

  private String json(List<Segmentation> results) {
    ObjectNode root = TaskJson.object();
    root.put("model", vision.modelName(TaskModels.DEFAULT_SEGMENTER));
    ArrayNode out = root.putArray("results");
    for (int i = 0; i < vision.images.size(); i++) {
      Segmentation seg = results.get(i);
      ObjectNode result = out.addObject();
      result.put("image", vision.images.get(i).toString());
      result.put("width", seg.width());
      result.put("height", seg.height());
      ArrayNode mask = result.putArray("mask");
      for (int c : seg.categoryMask()) {
        mask.add(c);
      }
      ArrayNode labels = result.putArray("coloredLabels");
      for (int c = 0; c < seg.coloredLabels().size(); c++) {
        ColoredLabel label = seg.coloredLabels().get(c);
        labels.addObject()
            .put("index", c)
            .put("label", label.label().isEmpty() ? null : label.label())
            .put("displayName", label.displayName().isEmpty() ? null : label.displayName())
            .put("r", label.r())
            .put("g", label.g())
            .put("b", label.b());
      }
    }
    return TaskJson.render(root);
  }
}
