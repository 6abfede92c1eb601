package dev.fastj.samples.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import dev.fastj.samples.TinySegmentation;
import dev.fastj.samples.web.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./fastj serve} of a U-Net export: the answer carries the mask, as a PNG in base64, at the upload's size. */
class SegmentationServeTest {

  @Test
  void predict_answersTheMaskAsAPngAtTheUploadsSize_withItsPixelsPerCode(@TempDir Path dir) throws Exception {
    // an image of another size than the 32x32 the model was trained on: the mask comes back at 48x40
    Path image = dir.resolve("big.png");
    BufferedImage src = ImageIO.read(TinySegmentation.data().resolve("images/img20.png").toFile());
    BufferedImage big = new BufferedImage(48, 40, BufferedImage.TYPE_BYTE_GRAY);
    big.getGraphics().drawImage(src, 0, 0, 48, 40, null);
    ImageIO.write(big, "png", image.toFile());
    Prediction want;
    try (Learner learn = Learner.load(TinySegmentation.model())) {
      want = learn.predict(image);
    }
    assertThat(want.mask().width()).isEqualTo(48);
    try (ModelServer server = ModelServer.start(new ImageModel(TinySegmentation.model()),
        ModelServer.Options.defaults(), "127.0.0.1", 0)) {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(ServeTest.uri(server, "/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(Json.MAPPER.readTree(health.body()).get("classes").toString())
          .isEqualTo("[\"background\",\"square\",\"bar\"]");
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(ServeTest.uri(server, "/predict"))
          .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(image)))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode a = Json.MAPPER.readTree(r.body());
      assertThat(a.get("label").asText()).isEqualTo(want.label());
      assertThat(a.get("height").asInt()).isEqualTo(40);
      assertThat(a.get("width").asInt()).isEqualTo(48);
      BufferedImage png = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(a.get("mask").asText())));
      assertThat(png.getWidth()).isEqualTo(48);
      assertThat(png.getHeight()).isEqualTo(40);
      int[] codes = png.getRaster().getSamples(0, 0, 48, 40, 0, new int[48 * 40]);
      assertThat(codes).containsExactly(want.mask().codes());
      long[] counts = want.mask().counts(3);
      List<String> names = TinySegmentation.CODES;
      for (int c = 0; c < 3; c++) {
        assertThat(a.get("pixels").get(names.get(c)).asLong()).as(names.get(c)).isEqualTo(counts[c]);
      }
      // the model learned something: the square and the bar are both found
      assertThat(counts[1]).isPositive();
      assertThat(counts[2]).isPositive();
    }
  }
}
