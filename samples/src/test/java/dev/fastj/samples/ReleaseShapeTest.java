package dev.fastj.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The release shape that users rely on and nothing else checks: the BOM (which has no parent, so
 * nothing keeps it in step by inheritance) lists every published module at the parent's version,
 * the standalone project asks for that version, and each module's jar names its module (in its
 * manifest, and in its module-info where it has one).
 */
class ReleaseShapeTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** Reactor modules that are not released: the programs, and the module-path check. */
  private static final Set<String> UNPUBLISHED = Set.of("samples", "module-check");

  private static Document pom(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  private static String child(Element parent, String name) {
    NodeList list = parent.getChildNodes();
    for (int i = 0; i < list.getLength(); i++) {
      if (list.item(i) instanceof Element e && e.getTagName().equals(name)) {
        return e.getTextContent().trim();
      }
    }
    return null;
  }

  private static List<String> publishedModules() throws Exception {
    List<String> out = new ArrayList<>();
    NodeList modules = pom(ROOT.resolve("pom.xml")).getElementsByTagName("module");
    for (int i = 0; i < modules.getLength(); i++) {
      String m = modules.item(i).getTextContent().trim();
      Element project = pom(ROOT.resolve(m).resolve("pom.xml")).getDocumentElement();
      String packaging = child(project, "packaging");
      if (!UNPUBLISHED.contains(m) && (packaging == null || packaging.equals("jar"))) {
        out.add(child(project, "artifactId"));
      }
    }
    return out;
  }

  @Test
  void bom_listsEveryPublishedModule_atTheParentsVersion() throws Exception {
    String version = child(pom(ROOT.resolve("pom.xml")).getDocumentElement(), "version");
    Element bom = pom(ROOT.resolve("fastj-bom/pom.xml")).getDocumentElement();
    assertThat(child(bom, "version")).isEqualTo(version);
    assertThat(bom.getElementsByTagName("parent").getLength()).as("the BOM has no parent").isZero();
    String bomText = Files.readString(ROOT.resolve("fastj-bom/pom.xml"));
    Matcher fastjVersion = Pattern.compile("<fastj.version>([^<]+)</fastj.version>").matcher(bomText);
    assertThat(fastjVersion.find()).isTrue();
    assertThat(fastjVersion.group(1)).isEqualTo(version);
    List<String> managed = new ArrayList<>();
    NodeList deps = bom.getElementsByTagName("dependency");
    for (int i = 0; i < deps.getLength(); i++) {
      Element d = (Element) deps.item(i);
      if ("dev.fastj".equals(child(d, "groupId"))) {
        managed.add(child(d, "artifactId"));
      }
    }
    assertThat(publishedModules()).contains("fastj-api", "fastj-onnx-train", "fastj-datasets");
    assertThat(managed).containsExactlyInAnyOrderElementsOf(publishedModules());
  }

  @Test
  void standaloneProject_usesOnlyTheBomAndPublishedCoordinates() throws Exception {
    String version = child(pom(ROOT.resolve("pom.xml")).getDocumentElement(), "version");
    Element project = pom(ROOT.resolve("samples/standalone/pom.xml")).getDocumentElement();
    assertThat(project.getElementsByTagName("parent").getLength()).isZero();
    assertThat(Files.readString(ROOT.resolve("samples/standalone/pom.xml")))
        .contains("<fastj.version>" + version + "</fastj.version>")
        .doesNotContain("relativePath").doesNotContain("../");
  }

  @Test
  void everyJar_namesItsModule() throws Exception {
    String version = child(pom(ROOT.resolve("pom.xml")).getDocumentElement(), "version");
    List<Path> jars = new ArrayList<>();
    for (String artifact : publishedModules()) {
      jars.add(ROOT.resolve(artifact).resolve("target").resolve(artifact + "-" + version + ".jar"));
    }
    // mvn verify packages every module before the samples' tests run; a "-pl samples -am test"
    // run makes no jars, and then there is nothing to check
    org.junit.jupiter.api.Assumptions.assumeTrue(jars.stream().allMatch(Files::exists),
        "the modules' jars are built (mvn verify)");
    for (Path jar : jars) {
      try (JarFile j = new JarFile(jar.toFile())) {
        String name = j.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
        assertThat(name).as(jar.getFileName().toString()).startsWith("dev.fastj.");
        // the descriptor, where there is one, keeps the name the manifest has always published
        JarEntry info = j.getJarEntry("module-info.class");
        if (info != null) {
          try (InputStream in = j.getInputStream(info)) {
            assertThat(ModuleDescriptor.read(in).name()).as(jar.getFileName().toString()).isEqualTo(name);
          }
        }
      }
    }
  }
}
