package dev.jlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --annotate}: every vision command writes a PNG the size of its input image. */
class AnnotateTest {
  private static String image(String name) {
    return Cli.TESTDATA.resolve("images").resolve(name).toString();
  }

  private static BufferedImage run(Path out, String... args) throws Exception {
    String[] full = new String[args.length + 2];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = "--annotate";
    full[args.length + 1] = out.toString();
    assertThat(Cli.run(full).exitCode()).isZero();
    return ImageIO.read(out.toFile());
  }

  @Test
  void eachCommandWritesAnAnnotatedPng(@TempDir Path dir) throws Exception {
    BufferedImage detect =
        run(dir.resolve("d.png"), "detect", "--max-results", "1", image("cats_and_dogs.jpg"));
    BufferedImage pose = run(dir.resolve("p.png"), "pose", image("girl.jpg"));
    BufferedImage segment =
        run(dir.resolve("s.png"), "segment", image("segmentation_input_rotation0.jpg"));
    BufferedImage classify = run(dir.resolve("c.png"), "classify", image("burger.jpg"));

    assertThat(detect.getWidth()).isEqualTo(1200);
    assertThat(detect.getHeight()).isEqualTo(600);
    // The first detection's box: its left edge at x = 54, in the first palette color.
    assertThat(detect.getRGB(54, 500) & 0xFFFFFF).isEqualTo(0xE6194B);
    assertThat(pose.getWidth()).isEqualTo(192);
    assertThat(segment.getWidth()).isEqualTo(257);
    assertThat(classify.getWidth()).isEqualTo(480);
  }

  @Test
  void severalImagesAreNumbered(@TempDir Path dir) {
    Cli.Result r = Cli.run("classify", image("burger.jpg"), image("girl.jpg"), "--annotate",
        dir.resolve("out.png").toString());

    assertThat(r.exitCode()).isZero();
    assertThat(dir.resolve("out-1.png")).exists();
    assertThat(dir.resolve("out-2.png")).exists();
  }

  @Test
  void unwritableTargetIsBadUsage(@TempDir Path dir) {
    Cli.Result r = Cli.run("classify", image("burger.jpg"), "--annotate",
        dir.resolve("missing-dir/out.png").toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("cannot write");
  }
}
