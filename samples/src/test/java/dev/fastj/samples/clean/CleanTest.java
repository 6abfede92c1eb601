package dev.fastj.samples.clean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fastj.learner.Learner;
import dev.fastj.samples.TinyFashion;
import dev.fastj.samples.cli.CliRunner;
import dev.fastj.samples.web.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./fastj clean} through its JSON API: the losses, apply, the journal, idempotence and undo. */
class CleanTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  static Path copyOfData(Path dir) {
    Path data = dir.resolve("data");
    TinyFashion.copyTree(TinyFashion.data(), data);
    return data;
  }

  static JsonNode get(CleanServer s, String path) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return Json.MAPPER.readTree(r.body());
  }

  static HttpResponse<String> post(CleanServer s, String path, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode items(CleanServer s, String label, String split) throws Exception {
    return get(s, "/api/items?label=" + URLEncoder.encode(label, StandardCharsets.UTF_8) + "&split=" + split);
  }

  static TreeSet<String> files(Path dir) throws Exception {
    try (Stream<Path> w = Files.walk(dir)) {
      return w.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).collect(TreeSet::new, TreeSet::add,
          TreeSet::addAll);
    }
  }

  static CleanServer start(Path data) {
    Cleaner c = Cleaner.open(data, TinyFashion.model(), 0.2, 42, System.out::println);
    c.computeLosses(line -> {});
    return CleanServer.start(c, "127.0.0.1", 0);
  }

  @Test
  void items_areTheImagesOfAClassAndSplit_highestLossFirst_withGetPredsLosses(@TempDir Path dir) throws Exception {
    Path data = copyOfData(dir);
    try (CleanServer s = start(data); Learner learn = Learner.load(TinyFashion.model())) {
      assertThat(get(s, "/api/classes").toString()).isEqualTo("[\"Bag\",\"Sneaker\",\"Trouser\"]");
      JsonNode bag = items(s, "Bag", "train");
      assertThat(bag.size()).isEqualTo(48);
      assertThat(items(s, "Bag", "valid").size()).isEqualTo(8);
      double previous = Double.POSITIVE_INFINITY;
      for (JsonNode it : bag) {
        assertThat(it.get("id").asText()).startsWith("train/Bag/");
        assertThat(Path.of(it.get("path").asText())).isEqualTo(data.resolve(it.get("id").asText()));
        assertThat(it.get("label").asText()).isEqualTo("Bag");
        double loss = it.get("loss").asDouble();
        assertThat(loss).isLessThanOrEqualTo(previous);
        previous = loss;
        var p = learn.predict(Path.of(it.get("path").asText()));
        assertThat(it.get("predicted").asText()).isEqualTo(p.label());
        assertThat(loss).isCloseTo(-Math.log(p.probability("Bag")), within(1e-4 * Math.max(1, loss)));
      }
      assertThat(get(s, "/api/status").get("state").asText()).isEqualTo("ready");
    }
  }

  @Test
  void apply_movesAndDeletesWithoutLosingAFile_writesTheJournal_twiceChangesNothing_andUndoRestores(@TempDir Path dir)
      throws Exception {
    Path data = copyOfData(dir);
    TreeSet<String> before = files(data);
    try (CleanServer s = start(data)) {
      JsonNode bag = items(s, "Bag", "train");
      String moved = bag.get(0).get("id").asText();
      String deleted = bag.get(1).get("id").asText();
      String kept = bag.get(2).get("id").asText();
      String name = Path.of(moved).getFileName().toString();
      // a Sneaker of the same name already exists: the moved Bag gets a suffix
      Files.copy(data.resolve("train/Sneaker").resolve(Files.list(data.resolve("train/Sneaker")).findFirst()
          .orElseThrow().getFileName()), data.resolve("train/Sneaker").resolve(name));
      TreeSet<String> withClash = files(data);
      String choices = "[{\"id\":\"" + moved + "\",\"action\":\"move\",\"label\":\"Sneaker\"},"
          + "{\"id\":\"" + deleted + "\",\"action\":\"delete\"},{\"id\":\"" + kept + "\",\"action\":\"keep\"}]";
      HttpResponse<String> r = post(s, "/api/apply", choices);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode res = Json.MAPPER.readTree(r.body());
      String stem = name.substring(0, name.lastIndexOf('.'));
      assertThat(res.get(0).get("result").asText()).isEqualTo("moved");
      assertThat(res.get(0).get("to").asText()).isEqualTo("train/Sneaker/" + stem + "-1.png");
      assertThat(res.get(1).get("result").asText()).isEqualTo("deleted");
      assertThat(res.get(1).get("to").asText()).isEqualTo(".fastj-trash/" + deleted);
      assertThat(res.get(2).get("result").asText()).isEqualTo("kept");

      assertThat(data.resolve(moved)).doesNotExist();
      assertThat(data.resolve("train/Sneaker/" + stem + "-1.png")).exists();
      assertThat(data.resolve("train/Sneaker/" + name)).exists();
      assertThat(data.resolve(deleted)).doesNotExist();
      assertThat(data.resolve(".fastj-trash").resolve(deleted)).exists();
      JsonNode journal = Json.MAPPER.readTree(data.resolve(".fastj-trash/journal.json").toFile());
      JsonNode apply = journal.get("applies").get(0);
      assertThat(apply.get("state").asText()).isEqualTo("done");
      assertThat(apply.get("moves").size()).isEqualTo(2);
      assertThat(apply.get("moves").get(1).get("from").asText()).isEqualTo(deleted);
      assertThat(apply.get("moves").get(1).get("state").asText()).isEqualTo("done");
      assertThat(items(s, "Bag", "train").size()).isEqualTo(46);
      List<String> sneakers = new ArrayList<>();
      items(s, "Sneaker", "train").forEach(i -> sneakers.add(i.get("id").asText()));
      assertThat(sneakers).contains("train/Sneaker/" + stem + "-1.png");

      TreeSet<String> afterFirst = files(data);
      r = post(s, "/api/apply", choices);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      res = Json.MAPPER.readTree(r.body());
      assertThat(res.get(0).get("result").asText()).isEqualTo("already done");
      assertThat(res.get(1).get("result").asText()).isEqualTo("already done");
      assertThat(files(data)).isEqualTo(afterFirst);
      assertThat(Json.MAPPER.readTree(data.resolve(".fastj-trash/journal.json").toFile()).get("applies").size())
          .isEqualTo(1);

      r = post(s, "/api/undo", "");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(Json.MAPPER.readTree(r.body()).size()).isEqualTo(2);
      TreeSet<String> restored = files(data);
      restored.remove(".fastj-trash/journal.json");
      assertThat(restored).isEqualTo(withClash);
      assertThat(items(s, "Bag", "train").size()).isEqualTo(48);
      assertThat(Json.MAPPER.readTree(data.resolve(".fastj-trash/journal.json").toFile()).get("applies").get(0)
          .get("state").asText()).isEqualTo("undone");
      assertThat(post(s, "/api/undo", "").statusCode()).isEqualTo(400);
    }
    assertThat(before).isSubsetOf(files(data));
  }

  @Test
  void badChoicesAndQueries_areRefusedWith400BeforeAnythingMoves(@TempDir Path dir) throws Exception {
    Path data = copyOfData(dir);
    TreeSet<String> before = files(data);
    try (CleanServer s = start(data)) {
      String id = items(s, "Trouser", "train").get(0).get("id").asText();
      assertBad(post(s, "/api/apply", "[{\"id\":\"" + id + "\",\"action\":\"delete\"},{\"id\":\"train/Bag/nope.png\","
          + "\"action\":\"delete\"}]"), "no item 'train/Bag/nope.png'");
      assertBad(post(s, "/api/apply", "[{\"id\":\"" + id + "\",\"action\":\"burn\"}]"), "action 'burn'");
      assertBad(post(s, "/api/apply", "[{\"id\":\"" + id + "\",\"action\":\"move\",\"label\":\"Hat\"}]"),
          "'Hat', which is not a class");
      assertBad(post(s, "/api/apply", "[{\"id\":\"../../etc/passwd\",\"action\":\"delete\"}]"), "outside");
      assertBad(post(s, "/api/apply", "not json"), "not a JSON list of choices");
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port()
          + "/api/items?label=Bag&split=test")).build(), HttpResponse.BodyHandlers.ofString());
      assertBad(r, "split must be train or valid");
      assertThat(files(data)).isEqualTo(before);
    }
  }

  @Test
  void whileTheLossesAreComputed_itemsAnswer503AndStatusGivesTheProgress(@TempDir Path dir) throws Exception {
    Path data = copyOfData(dir);
    Cleaner c = Cleaner.open(data, TinyFashion.model(), 0.2, 42, System.out::println);
    try (CleanServer s = CleanServer.start(c, "127.0.0.1", 0)) {
      JsonNode st = get(s, "/api/status");
      assertThat(st.get("state").asText()).isEqualTo("computing");
      assertThat(st.get("total").asInt()).isEqualTo(3 * 56);
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port()
          + "/api/items?label=Bag&split=train")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).isPresent();
      List<String> progress = new ArrayList<>();
      c.computeLosses(progress::add);
      assertThat(progress).last().isEqualTo("clean: losses of 168/168 images");
      assertThat(get(s, "/api/status").get("done").asInt()).isEqualTo(168);
    }
  }

  @Test
  void undoFromTheCommandLine_restoresTheLastApply(@TempDir Path dir) throws Exception {
    Path data = copyOfData(dir);
    TreeSet<String> before = files(data);
    String id;
    try (CleanServer s = start(data)) {
      id = items(s, "Sneaker", "valid").get(0).get("id").asText();
      assertThat(post(s, "/api/apply", "[{\"id\":\"" + id + "\",\"action\":\"move\",\"label\":\"Bag\"}]").statusCode())
          .isEqualTo(200);
    }
    assertThat(data.resolve(id)).doesNotExist();
    assertThat(CliRunner.run("clean", "--undo", data.toString())).isZero();
    TreeSet<String> after = files(data);
    after.remove(".fastj-trash/journal.json");
    assertThat(after).isEqualTo(before);
  }

  @Test
  void aFolderOfClassFolders_isSplitAsTrainSplitsIt_andAMoveStaysInIt(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("flat");
    for (String cls : TinyFashion.CLASSES) {
      TinyFashion.copyTree(TinyFashion.data().resolve("train").resolve(cls), data.resolve(cls));
    }
    try (CleanServer s = start(data)) {
      int train = 0;
      int valid = 0;
      for (String cls : TinyFashion.CLASSES) {
        train += items(s, cls, "train").size();
        valid += items(s, cls, "valid").size();
      }
      // RandomSplitter(0.2, 42) over the 144 files, as ./fastj train --data DIR
      assertThat(valid).isEqualTo((int) (0.2 * 144));
      assertThat(train + valid).isEqualTo(144);
      String id = items(s, "Trouser", "valid").get(0).get("id").asText();
      assertThat(id).startsWith("Trouser/");
      HttpResponse<String> r = post(s, "/api/apply", "[{\"id\":\"" + id + "\",\"action\":\"move\",\"label\":\"Bag\"}]");
      assertThat(Json.MAPPER.readTree(r.body()).get(0).get("to").asText()).isEqualTo("Bag/" + Path.of(id).getFileName());
      assertThat(data.resolve("Bag").resolve(Path.of(id).getFileName())).exists();
      // a deleted validation image comes back into validation on undo
      String gone = items(s, "Sneaker", "valid").get(0).get("id").asText();
      int validSneakers = items(s, "Sneaker", "valid").size();
      assertThat(post(s, "/api/apply", "[{\"id\":\"" + gone + "\",\"action\":\"delete\"}]").statusCode()).isEqualTo(200);
      assertThat(items(s, "Sneaker", "valid").size()).isEqualTo(validSneakers - 1);
      assertThat(post(s, "/api/undo", "").statusCode()).isEqualTo(200);
      assertThat(items(s, "Sneaker", "valid").size()).isEqualTo(validSneakers);
    }
  }

  static void assertBad(HttpResponse<String> r, String says) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(Json.MAPPER.readTree(r.body()).get("error").asText()).contains(says);
  }
}
