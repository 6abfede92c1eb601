package dev.fastj.vision.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesTest {

  @TempDir Path dir;

  /** 8x6 RGB with pixel (x, y) = (32x, 40y, 255 - 16x), as the WebP test resource holds. */
  private static int rgbAt(int x, int y) {
    return (x * 32) << 16 | (y * 40) << 8 | (255 - x * 16);
  }

  private static BufferedImage gradient(int type) {
    BufferedImage img = new BufferedImage(8, 6, type);
    for (int y = 0; y < 6; y++) {
      for (int x = 0; x < 8; x++) {
        img.setRGB(x, y, 0xff000000 | rgbAt(x, y));
      }
    }
    return img;
  }

  private static void assertGradient(ImageTensor t, float tolerance) {
    assertThat(t.channels()).isEqualTo(3);
    assertThat(t.height()).isEqualTo(6);
    assertThat(t.width()).isEqualTo(8);
    for (int y = 0; y < 6; y++) {
      for (int x = 0; x < 8; x++) {
        assertThat(t.get(0, y, x)).as("R at %d,%d", x, y).isCloseTo(x * 32 / 255f, within(tolerance));
        assertThat(t.get(1, y, x)).as("G at %d,%d", x, y).isCloseTo(y * 40 / 255f, within(tolerance));
        assertThat(t.get(2, y, x)).as("B at %d,%d", x, y)
            .isCloseTo((255 - x * 16) / 255f, within(tolerance));
      }
    }
  }

  private Path write(BufferedImage img, String format, String name) throws IOException {
    Path file = dir.resolve(name);
    assertThat(ImageIO.write(img, format, file.toFile())).as("writer for " + format).isTrue();
    return file;
  }

  private Path resource(String name) throws IOException {
    Path file = dir.resolve(name);
    try (InputStream in = ImagesTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      Files.copy(in, file);
    }
    return file;
  }

  @Test
  void read_greyPng_exactValues() throws IOException {
    BufferedImage img = new BufferedImage(5, 3, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster r = img.getRaster();
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 5; x++) {
        r.setSample(x, y, 0, x * 50 + y);
      }
    }
    Path file = write(img, "png", "grey.png");

    ImageTensor grey = Images.read(file, true);
    assertThat(grey.channels()).isEqualTo(1);
    assertThat(grey.get(0, 2, 4)).isEqualTo(202 / 255f);
    assertThat(grey.get(0, 1, 0)).isEqualTo(1 / 255f);

    ImageTensor rgb = Images.read(file, false);
    assertThat(rgb.channels()).isEqualTo(3);
    for (int c = 0; c < 3; c++) {
      assertThat(rgb.get(c, 2, 4)).isEqualTo(202 / 255f);
    }
  }

  @Test
  void read_rgbPng_andItsPilGreyConversion() throws IOException {
    Path file = write(gradient(BufferedImage.TYPE_3BYTE_BGR), "png", "rgb.png");
    assertGradient(Images.read(file, false), 0f);

    ImageTensor grey = Images.read(file, true);
    // PIL: L = (r*19595 + g*38470 + b*7471 + 0x8000) >> 16; at (3, 2): r 96, g 80, b 207
    int expected = (96 * 19595 + 80 * 38470 + 207 * 7471 + 0x8000) >> 16;
    assertThat(grey.get(0, 2, 3)).isEqualTo(expected / 255f);
  }

  @Test
  void read_rgbJpeg_closeToOriginal() throws IOException {
    BufferedImage img = new BufferedImage(32, 16, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 32; x++) {
        img.setRGB(x, y, x < 16 ? 0xc86432 : 0x3264c8);
      }
    }
    ImageTensor t = Images.read(write(img, "jpg", "two-colours.jpg"), false);
    assertThat(t.channels()).isEqualTo(3);
    assertThat(t.width()).isEqualTo(32);
    assertThat(t.get(0, 8, 4)).isCloseTo(200 / 255f, within(0.04f));
    assertThat(t.get(2, 8, 4)).isCloseTo(50 / 255f, within(0.04f));
    assertThat(t.get(0, 8, 28)).isCloseTo(50 / 255f, within(0.04f));
    assertThat(t.get(2, 8, 28)).isCloseTo(200 / 255f, within(0.04f));
  }

  @Test
  void read_paletteGif_expandsPalette() throws IOException {
    byte[] reds = {(byte) 255, 0, 0, 10};
    byte[] greens = {0, (byte) 255, 0, 20};
    byte[] blues = {0, 0, (byte) 255, 30};
    IndexColorModel palette = new IndexColorModel(2, 4, reds, greens, blues);
    // 8 rows: the JDK's GIF reader mis-decodes interlaced GIFs under 5 rows (PIL reads them)
    BufferedImage img = new BufferedImage(4, 8, BufferedImage.TYPE_BYTE_INDEXED, palette);
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 4; x++) {
        img.getRaster().setSample(x, y, 0, y % 2 == 0 ? x : 3 - x);
      }
    }
    ImageTensor t = Images.read(write(img, "gif", "palette.gif"), false);
    assertThat(t.get(0, 0, 0)).isEqualTo(1f);
    assertThat(t.get(1, 0, 1)).isEqualTo(1f);
    assertThat(t.get(2, 0, 2)).isEqualTo(1f);
    assertThat(t.get(0, 0, 3)).isEqualTo(10 / 255f);
    assertThat(t.get(2, 1, 0)).isEqualTo(30 / 255f);
    assertThat(t.get(0, 1, 3)).isEqualTo(1f);
    assertThat(t.get(1, 7, 2)).isEqualTo(1f);
  }

  @Test
  void read_palettePng() throws IOException {
    IndexColorModel palette = new IndexColorModel(8, 2, new byte[] {0, (byte) 200},
        new byte[] {0, 100}, new byte[] {0, 50});
    BufferedImage img = new BufferedImage(3, 3, BufferedImage.TYPE_BYTE_INDEXED, palette);
    img.getRaster().setSample(1, 1, 0, 1);
    ImageTensor t = Images.read(write(img, "png", "palette.png"), false);
    assertThat(t.get(0, 1, 1)).isEqualTo(200 / 255f);
    assertThat(t.get(1, 1, 1)).isEqualTo(100 / 255f);
    assertThat(t.get(0, 0, 0)).isEqualTo(0f);
  }

  @Test
  void read_bmp() throws IOException {
    assertGradient(Images.read(write(gradient(BufferedImage.TYPE_3BYTE_BGR), "bmp", "g.bmp"), false), 0f);
  }

  @Test
  void read_losslessWebp_exactValues() throws IOException {
    assertGradient(Images.read(resource("gradient-8x6-lossless.webp"), false), 0f);
  }

  @Test
  void read_lossyWebp_closeToOriginal() throws IOException {
    ImageTensor t = Images.read(resource("flat-16x16-lossy.webp"), false);
    assertThat(t.height()).isEqualTo(16);
    assertThat(t.get(0, 5, 5)).isCloseTo(200 / 255f, within(0.03f));
    assertThat(t.get(1, 5, 5)).isCloseTo(100 / 255f, within(0.03f));
    assertThat(t.get(2, 5, 5)).isCloseTo(50 / 255f, within(0.03f));
  }

  @Test
  void read_rgbaPng_dropsAlpha() throws IOException {
    BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
    img.setRGB(0, 0, 0x00ff8040); // fully transparent, colour kept as PIL's convert('RGB') does
    img.setRGB(1, 0, 0x80102030);
    ImageTensor t = Images.read(write(img, "png", "alpha.png"), false);
    assertThat(t.channels()).isEqualTo(3);
    assertThat(t.get(0, 0, 0)).isEqualTo(1f);
    assertThat(t.get(1, 0, 0)).isEqualTo(128 / 255f);
    assertThat(t.get(2, 0, 1)).isEqualTo(48 / 255f);
  }

  @Test
  void read_16bitGreyPng_scaledTo01() throws IOException {
    BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
    img.getRaster().setSample(0, 0, 0, 0);
    img.getRaster().setSample(1, 0, 0, 65535);
    img.getRaster().setSample(2, 0, 0, 32768);
    ImageTensor t = Images.read(write(img, "png", "deep.png"), true);
    assertThat(t.get(0, 0, 0)).isEqualTo(0f);
    assertThat(t.get(0, 0, 1)).isEqualTo(1f);
    assertThat(t.get(0, 0, 2)).isCloseTo(0.5f, within(1e-4f));
  }

  @Test
  void read_cmykJpeg_convertedAsPil() throws IOException {
    // written by PIL from CMYK (0, 128, 255, 0); PIL's convert('RGB') gives (255, 127, 0)
    ImageTensor t = Images.read(resource("cmyk-16x16.jpg"), false);
    assertThat(t.get(0, 5, 5)).isCloseTo(1f, within(2 / 255f));
    assertThat(t.get(1, 5, 5)).isCloseTo(127 / 255f, within(2 / 255f));
    assertThat(t.get(2, 5, 5)).isCloseTo(0f, within(2 / 255f));
  }

  @Test
  void read_16bitRgbAndGreyAlphaPngs() throws IOException {
    ComponentColorModel rgb16 = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
        false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
    BufferedImage deep = new BufferedImage(rgb16, rgb16.createCompatibleWritableRaster(2, 1),
        false, null);
    deep.getRaster().setPixel(1, 0, new int[] {65535, 32768, 0});
    ImageTensor t = Images.read(write(deep, "png", "rgb16.png"), false);
    assertThat(t.get(0, 0, 1)).isEqualTo(1f);
    assertThat(t.get(1, 0, 1)).isCloseTo(0.5f, within(1e-4f));
    assertThat(t.get(2, 0, 1)).isEqualTo(0f);
    assertThat(t.get(0, 0, 0)).isEqualTo(0f);

    ComponentColorModel greyAlpha = new ComponentColorModel(
        ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false, Transparency.TRANSLUCENT,
        DataBuffer.TYPE_BYTE);
    BufferedImage la = new BufferedImage(greyAlpha,
        greyAlpha.createCompatibleWritableRaster(2, 1), false, null);
    la.getRaster().setPixel(0, 0, new int[] {200, 0});
    la.getRaster().setPixel(1, 0, new int[] {50, 255});
    ImageTensor g = Images.read(write(la, "png", "grey-alpha.png"), true);
    assertThat(g.chw()).containsExactly(200 / 255f, 50 / 255f);
  }

  @Test
  void fromBufferedImage_subImageAndIntRgb_readCorrectPixels() {
    BufferedImage big = new BufferedImage(20, 20, BufferedImage.TYPE_3BYTE_BGR);
    BufferedImage inner = gradient(BufferedImage.TYPE_3BYTE_BGR);
    big.getGraphics().drawImage(inner, 5, 7, null);
    assertGradient(Images.fromBufferedImage(big.getSubimage(5, 7, 8, 6), false), 0f);
    assertGradient(Images.fromBufferedImage(gradient(BufferedImage.TYPE_INT_RGB), false), 0f);
    assertGradient(Images.fromBufferedImage(gradient(BufferedImage.TYPE_INT_ARGB_PRE), false), 0f);
  }

  @Test
  void write_thenRead_roundTripsExactly() {
    float[] v = new float[3 * 4 * 5];
    for (int i = 0; i < v.length; i++) {
      v[i] = (i * 7 % 256) / 255f;
    }
    ImageTensor rgb = new ImageTensor(v, 3, 4, 5);
    Path file = dir.resolve("sub/out.png");
    Images.write(rgb, file);
    assertThat(Images.read(file, false)).isEqualTo(rgb);
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    } catch (IOException e) {
      throw new AssertionError(e);
    }

    ImageTensor grey = new ImageTensor(Arrays.copyOf(v, 20), 1, 4, 5);
    Images.write(grey, file);
    assertThat(Images.read(file, true)).isEqualTo(grey);
  }

  @Test
  void read_truncatedPng_namesFile() throws IOException {
    BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        img.setRGB(x, y, (x * 977 + y * 131) * 2654435761L > 0 ? x * 9973 ^ y * 31 : y);
      }
    }
    Path file = write(img, "png", "cut.png");
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> Images.read(file, false))
        .isInstanceOf(ImageReadException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("corrupt or truncated")
        .satisfies(e -> assertThat(((ImageReadException) e).file()).isEqualTo(file));
  }

  @Test
  void read_truncatedJpeg_namesFile() throws IOException {
    BufferedImage img = gradient(BufferedImage.TYPE_3BYTE_BGR);
    BufferedImage big = new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR);
    big.getGraphics().drawImage(img, 0, 0, 64, 48, null);
    Path file = write(big, "jpg", "cut.jpg");
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length * 2 / 3));
    assertThatThrownBy(() -> Images.read(file, false))
        .isInstanceOf(ImageReadException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("JPEG");
  }

  @Test
  void read_corruptPng_namesFile() throws IOException {
    Path file = write(gradient(BufferedImage.TYPE_3BYTE_BGR), "png", "corrupt.png");
    byte[] bytes = Files.readAllBytes(file);
    for (int i = 40; i < bytes.length - 12; i++) {
      bytes[i] = (byte) (bytes[i] ^ 0x5a);
    }
    Files.write(file, bytes);
    assertThatThrownBy(() -> Images.read(file, false))
        .isInstanceOf(ImageReadException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("PNG");
  }

  @Test
  void read_pngClaimingHugeSize_isRejectedBeforeDecoding() throws IOException {
    Path file = write(gradient(BufferedImage.TYPE_3BYTE_BGR), "png", "bomb.png");
    byte[] bytes = Files.readAllBytes(file);
    // IHDR width and height (big-endian at offsets 16 and 20) set to 100000 x 100000
    ByteBuffer.wrap(bytes).putInt(16, 100_000).putInt(20, 100_000);
    Files.write(file, bytes);
    assertThatThrownBy(() -> Images.read(file, false))
        .isInstanceOf(ImageReadException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("100000x100000");
  }

  @Test
  void read_notAnImage_saysUnsupported() throws IOException {
    Path file = dir.resolve("notes.png");
    Files.writeString(file, "hello, not an image");
    assertThatThrownBy(() -> Images.read(file, false))
        .isInstanceOf(ImageReadException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("unsupported");
  }

  @Test
  void read_emptyAndMissingFiles_nameFile() throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.jpg"));
    assertThatThrownBy(() -> Images.read(empty, false))
        .isInstanceOf(ImageReadException.class)
        .hasMessageContaining(empty.toString())
        .hasMessageContaining("empty");
    Path missing = dir.resolve("missing.jpg");
    assertThatThrownBy(() -> Images.read(missing, false))
        .isInstanceOf(ImageReadException.class)
        .hasMessageContaining("not found: " + missing);
  }

  @Test
  void imageTensor_rejectsWrongLength() {
    assertThatThrownBy(() -> new ImageTensor(new float[10], 3, 2, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chw has 10 values")
        .hasMessageContaining("12");
    assertThatThrownBy(() -> new ImageTensor(new float[0], 0, 2, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("channels 0");
  }

  @Test
  void imageTensor_bufferedImageRoundTrip_clampsOutOfRange() {
    ImageTensor t = new ImageTensor(new float[] {-0.5f, 0.2f, 1.7f, 1f}, 1, 2, 2);
    ImageTensor back = ImageTensor.fromBufferedImage(t.toBufferedImage(), true);
    assertThat(back.chw()).containsExactly(0f, 51 / 255f, 1f, 1f);
    assertThat(t.toRgb().toGrey().chw()[1]).isCloseTo(0.2f, within(1e-6f));
  }
}
