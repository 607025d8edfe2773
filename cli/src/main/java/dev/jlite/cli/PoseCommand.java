package dev.jlite.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jlite.task.core.BaseOptions;
import dev.jlite.task.core.InvalidInputException;
import dev.jlite.task.core.TensorImage;
import dev.jlite.task.vision.Annotations;
import dev.jlite.task.vision.Keypoint;
import dev.jlite.task.vision.PoseEstimator;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jlite pose [--model M] IMAGE…}: the body keypoints of the person in each image. */
@Command(
    name = "pose",
    mixinStandardHelpOptions = true,
    description = "Find a person's body keypoints with a MoveNet single-pose model (default: the "
        + "bundled MoveNet Lightning int8).")
final class PoseCommand implements Callable<Integer> {
  @Mixin
  private VisionOptions vision;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    vision.checkUsage();
    PoseEstimator.Options options = PoseEstimator.Options.builder()
        .setBaseOptions(BaseOptions.builder().setNumThreads(vision.threads).build())
        .build();
    List<TensorImage> loaded = vision.loadImages();
    List<List<Keypoint>> results = new ArrayList<>();
    try (PoseEstimator estimator = TaskModels.create(vision.model, TaskModels.DEFAULT_POSE,
        m -> PoseEstimator.create(m, options), b -> PoseEstimator.create(b, options))) {
      for (int i = 0; i < loaded.size(); i++) {
        try {
          results.add(estimator.estimate(loaded.get(i), vision.processing(i)));
        } catch (InvalidInputException e) {
          throw VisionInputs.invalid(vision.images.get(i) + ": " + e.getMessage(), e);
        }
      }
    }
    for (int i = 0; i < loaded.size(); i++) {
      int index = i;
      vision.writeAnnotation(i, () -> Annotations.pose(loaded.get(index), results.get(index)));
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(vision.json ? json(results) : text(results));
    out.flush();
    return 0;
  }

  private String text(List<List<Keypoint>> results) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < vision.images.size(); i++) {
      s.append(vision.images.get(i)).append('\n');
      for (Keypoint k : results.get(i)) {
        s.append(String.format(Locale.ROOT, "  %-15s x=%7.1f y=%7.1f score=%.4f%n",
            k.name().isEmpty() ? "#" + k.index() : k.name(), k.x(), k.y(), k.score()));
      }
    }
    return s.toString();
  }

  private String json(List<List<Keypoint>> results) {
    ObjectNode root = TaskJson.object();
    root.put("model", vision.modelName(TaskModels.DEFAULT_POSE));
    ArrayNode out = root.putArray("results");
    for (int i = 0; i < vision.images.size(); i++) {
      ObjectNode result = out.addObject();
      result.put("image", vision.images.get(i).toString());
      ArrayNode keypoints = result.putArray("keypoints");
      for (Keypoint k : results.get(i)) {
        keypoints.addObject()
            .put("index", k.index())
            .put("name", k.name().isEmpty() ? null : k.name())
            .put("x", k.x())
            .put("y", k.y())
            .put("score", k.score());
      }
    }
    return TaskJson.render(root);
  }
}
