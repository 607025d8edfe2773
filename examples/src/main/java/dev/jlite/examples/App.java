package dev.jlite.examples;

import dev.jlite.task.core.Category;
import dev.jlite.task.core.Rect;
import dev.jlite.task.core.TensorImage;
import dev.jlite.task.vision.Detection;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Classifies each image given on the command line and lists the objects found in it, with the
 * generated {@link Mobilenet} and {@link CocoSsd} wrappers.
 */
public final class App {
  private App() {}

  /**
   * Runs the app.
   *
   * @param args image files
   * @throws IOException if a model or an image cannot be read
   */
  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.err.println("usage: App IMAGE...");
      System.exit(2);
    }
    run(List.of(args).stream().map(Path::of).toList(), System.out);
  }

  /** Prints the best 3 classes and the detections scoring at least 0.5 of each image. */
  static void run(List<Path> images, PrintStream out) throws IOException {
    try (Mobilenet classifier = Mobilenet.newInstance();
        CocoSsd detector = CocoSsd.newInstance()) {
      for (Path path : images) {
        TensorImage image = TensorImage.load(path);
        out.println(path.getFileName() + ":");
        List<Category> classes = classifier.process(image).getProbabilityAsCategoryList();
        for (Category c : classes.subList(0, Math.min(3, classes.size()))) {
          out.printf(Locale.ROOT, "  class   %-20s %.3f%n", c.label(), c.score());
        }
        for (Detection d : detector.process(image).getDetectionsAsDetectionList()) {
          Category best = d.categories().get(0);
          if (best.score() >= 0.5f) {
            Rect box = d.boundingBox();
            out.printf(Locale.ROOT, "  object  %-20s %.3f at x=%d y=%d w=%d h=%d%n", best.label(),
                best.score(), box.left(), box.top(), box.width(), box.height());
          }
        }
      }
    }
  }
}
