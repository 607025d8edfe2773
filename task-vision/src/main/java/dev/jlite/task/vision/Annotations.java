package dev.jlite.task.vision;

import dev.jlite.task.core.Category;
import dev.jlite.task.core.Classifications;
import dev.jlite.task.core.Rect;
import dev.jlite.task.core.TensorImage;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Draws task results onto a copy of the image they came from (as stored, so that boxes, keypoints
 * and masks, which are in those pixels, line up): labelled boxes, a pose skeleton, a colored mask
 * overlay, or the top classes as a caption.
 */
public final class Annotations {
  /** Keypoints scoring below this are not drawn, nor the bones that join them. */
  public static final float KEYPOINT_THRESHOLD = 0.3f;

  // The bones of the 17 COCO keypoints (MoveNet's order).
  private static final int[][] SKELETON = {{0, 1}, {0, 2}, {1, 3}, {2, 4}, {5, 6}, {5, 7},
      {7, 9}, {6, 8}, {8, 10}, {5, 11}, {6, 12}, {11, 12}, {11, 13}, {13, 15}, {12, 14},
      {14, 16}};
  private static final Color[] PALETTE = {new Color(0xE6194B), new Color(0x3CB44B),
      new Color(0x4363D8), new Color(0xF58231), new Color(0x911EB4), new Color(0x42D4F4)};

  private Annotations() {}

  /** Each detection's box, with its best category and score above it. */
  public static BufferedImage detections(TensorImage image, List<Detection> detections) {
    BufferedImage out = image.toBufferedImage();
    Graphics2D g = graphics(out);
    for (int i = 0; i < detections.size(); i++) {
      Detection d = detections.get(i);
      Color color = PALETTE[i % PALETTE.length];
      Rect b = d.boundingBox();
      g.setColor(color);
      g.drawRect(b.left(), b.top(), b.width(), b.height());
      Category c = d.categories().get(0);
      label(g, name(c) + String.format(Locale.ROOT, " %.2f", c.score()), b.left(), b.top(),
          color);
    }
    g.dispose();
    return out;
  }

  /** The keypoints above {@link #KEYPOINT_THRESHOLD} and, for 17 COCO keypoints, the bones. */
  public static BufferedImage pose(TensorImage image, List<Keypoint> keypoints) {
    BufferedImage out = image.toBufferedImage();
    drawPose(out, keypoints);
    return out;
  }

  /** Every pose as {@link #pose} draws one, with its box if it has one. */
  public static BufferedImage poses(TensorImage image, List<Pose> poses) {
    BufferedImage out = image.toBufferedImage();
    for (Pose pose : poses) {
      pose.boundingBox().ifPresent(b -> {
        Graphics2D g = graphics(out);
        g.setColor(PALETTE[2]);
        g.drawRect(b.left(), b.top(), b.width(), b.height());
        g.dispose();
      });
      drawPose(out, pose.keypoints());
    }
    return out;
  }

  private static void drawPose(BufferedImage out, List<Keypoint> keypoints) {
    Graphics2D g = graphics(out);
    if (keypoints.size() == PoseEstimator.COCO_KEYPOINTS.size()) {
      g.setColor(new Color(0x42D4F4));
      for (int[] bone : SKELETON) {
        Keypoint a = keypoints.get(bone[0]);
        Keypoint b = keypoints.get(bone[1]);
        if (a.score() >= KEYPOINT_THRESHOLD && b.score() >= KEYPOINT_THRESHOLD) {
          g.drawLine(Math.round(a.x()), Math.round(a.y()), Math.round(b.x()), Math.round(b.y()));
        }
      }
    }
    int r = Math.max(2, Math.min(out.getWidth(), out.getHeight()) / 80);
    g.setColor(new Color(0xF58231));
    for (Keypoint k : keypoints) {
      if (k.score() >= KEYPOINT_THRESHOLD) {
        g.fillOval(Math.round(k.x()) - r, Math.round(k.y()) - r, 2 * r, 2 * r);
      }
    }
    g.dispose();
  }

  /**
   * The category mask in its labels' colors, blended half and half over the region it covers
   * ({@code region}, in pixels of the image as stored; the mask is stretched onto it).
   *
   * @throws IllegalStateException if the segmentation has confidence masks only
   */
  public static BufferedImage segmentation(TensorImage image, Segmentation segmentation,
      Rect region) {
    BufferedImage out = image.toBufferedImage();
    int[] mask = segmentation.categoryMask();
    List<ColoredLabel> labels = segmentation.coloredLabels();
    for (int y = 0; y < region.height(); y++) {
      int my = Math.min(segmentation.height() - 1, y * segmentation.height() / region.height());
      for (int x = 0; x < region.width(); x++) {
        int mx = Math.min(segmentation.width() - 1, x * segmentation.width() / region.width());
        int color = labels.get(mask[my * segmentation.width() + mx]).argb();
        int px = region.left() + x;
        int py = region.top() + y;
        out.setRGB(px, py, blend(out.getRGB(px, py), color));
      }
    }
    return out;
  }

  /** The best class of each head, with its score, as a caption at the top left. */
  public static BufferedImage classifications(TensorImage image,
      List<Classifications> classifications) {
    BufferedImage out = image.toBufferedImage();
    Graphics2D g = graphics(out);
    int y = 0;
    for (Classifications head : classifications) {
      if (head.categories().isEmpty()) {
        continue;
      }
      Category c = head.categories().get(0);
      y += label(g, name(c) + String.format(Locale.ROOT, " %.2f", c.score()), 0, y,
          PALETTE[0]);
    }
    g.dispose();
    return out;
  }

  private static Graphics2D graphics(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    // Shapes stay aliased so that they are drawn in exactly their color; only text is smoothed.
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setStroke(new BasicStroke(Math.max(2, Math.min(image.getWidth(), image.getHeight()) / 200)));
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD,
        Math.max(10, Math.min(image.getWidth(), image.getHeight()) / 30)));
    return g;
  }

  /** Text on a filled background whose bottom-left corner is at (x, y), or below it at the top. */
  private static int label(Graphics2D g, String text, int x, int y, Color background) {
    FontMetrics m = g.getFontMetrics();
    int height = m.getHeight();
    int top = y - height < 0 ? y : y - height;
    g.setColor(background);
    g.fillRect(x, top, m.stringWidth(text) + 6, height);
    g.setColor(Color.WHITE);
    g.drawString(text, x + 3, top + m.getAscent());
    return height;
  }

  private static String name(Category c) {
    if (!c.displayName().isEmpty()) {
      return c.displayName();
    }
    return c.label().isEmpty() ? "#" + c.index() : c.label();
  }

  private static int blend(int under, int over) {
    int r = (((under >> 16) & 0xFF) + ((over >> 16) & 0xFF)) / 2;
    int g = (((under >> 8) & 0xFF) + ((over >> 8) & 0xFF)) / 2;
    int b = ((under & 0xFF) + (over & 0xFF)) / 2;
    return 0xFF000000 | (r << 16) | (g << 8) | b;
  }
}
