package dev.jlite.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jlite.task.core.BaseOptions;
import dev.jlite.task.core.InvalidInputException;
import dev.jlite.task.core.TensorImage;
import dev.jlite.task.vision.Annotations;
import dev.jlite.task.vision.Keypoint;
import dev.jlite.task.vision.Pose;
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

/**
 * {@code jlite pose [--model M] IMAGE…}: body keypoints; {@code keypoints} in JSON are the best
 * pose's, {@code poses} all of them (several for multi-pose models).
 */
@Command(
    name = "pose",
    mixinStandardHelpOptions = true,
    description = "Find people's body keypoints with a MoveNet single- or multi-pose model "
        + "(default: the bundled MoveNet Lightning int8).")
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
    List<List<Pose>> results = new ArrayList<>();
    try (PoseEstimator estimator = TaskModels.create(vision.model, TaskModels.DEFAULT_POSE,
        m -> PoseEstimator.create(m, options), b -> PoseEstimator.create(b, options))) {
      for (int i = 0; i < loaded.size(); i++) {
        try {
          results.add(estimator.estimatePoses(loaded.get(i), vision.processing(i)));
        } catch (InvalidInputException e) {
          throw VisionInputs.invalid(vision.images.get(i) + ": " + e.getMessage(), e);
        }
      }
    }
    for (int i = 0; i < loaded.size(); i++) {
      int index = i;
      vision.writeAnnotation(i, () -> Annotations.poses(loaded.get(index), results.get(index)));
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(vision.json ? json(results) : text(results));
    out.flush();
    return 0;
  }

  private String text(List<List<Pose>> results) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < vision.images.size(); i++) {
      s.append(vision.images.get(i)).append('\n');
      List<Pose> poses = results.get(i);
      if (poses.isEmpty()) {
        s.append("  (nobody above the minimum pose score)\n");
      }
      for (int p = 0; p < poses.size(); p++) {
        String indent = "  ";
        if (poses.size() > 1) {
          s.append(String.format(Locale.ROOT, "  pose %d  score=%.4f%n", p, poses.get(p).score()));
          indent = "    ";
        }
        for (Keypoint k : poses.get(p).keypoints()) {
          s.append(String.format(Locale.ROOT, "%s%-15s x=%7.1f y=%7.1f score=%.4f%n", indent,
              k.name().isEmpty() ? "#" + k.index() : k.name(), k.x(), k.y(), k.score()));
        }
      }
    }
    return s.toString();
  }

  private String json(List<List<Pose>> results) {
    ObjectNode root = TaskJson.object();
    root.put("model", vision.modelName(TaskModels.DEFAULT_POSE));
    ArrayNode out = root.putArray("results");
    for (int i = 0; i < vision.images.size(); i++) {
      ObjectNode result = out.addObject();
      result.put("image", vision.images.get(i).toString());
      List<Pose> poses = results.get(i);
      keypoints(result.putArray("keypoints"),
          poses.isEmpty() ? List.of() : poses.get(0).keypoints());
      ArrayNode all = result.putArray("poses");
      for (Pose pose : poses) {
        ObjectNode p = all.addObject();
        p.put("score", pose.score());
        if (pose.boundingBox().isPresent()) {
          TaskJson.boundingBox(p, pose.boundingBox().get());
        } else {
          p.putNull("boundingBox");
        }
        keypoints(p.putArray("keypoints"), pose.keypoints());
      }
    }
    return TaskJson.render(root);
  }

  private static void keypoints(ArrayNode out, List<Keypoint> keypoints) {
    for (Keypoint k : keypoints) {
      out.addObject()
          .put("index", k.index())
          .put("name", k.name().isEmpty() ? null : k.name())
          .put("x", k.x())
          .put("y", k.y())
          .put("score", k.score());
    }
  }
}
