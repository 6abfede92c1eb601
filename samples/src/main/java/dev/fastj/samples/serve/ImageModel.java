package dev.fastj.samples.serve;

import dev.fastj.learner.ExportedBody;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import dev.fastj.samples.web.HttpError;
import dev.fastj.samples.web.PredictionJson;
import dev.fastj.vision.InferenceTransforms;
import dev.fastj.vision.image.ImageReadException;
import dev.fastj.vision.image.ImageTensor;
import dev.fastj.vision.image.Images;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An exported image model behind the server (a classifier, a multi-label or point model, or a U-Net):
 * a body of any {@code image/*} type is decoded (grey or RGB, as the model was trained) on the request's
 * thread, and batches go through {@link Learner#predictBatch}, which gives each image what
 * {@code ./fastj predict} gives its file (a mask at the image's own size).
 */
public final class ImageModel extends LoadedModel<ImageTensor> {

  private final InferenceTransforms transforms;
  private final String name;

  /** Loads the export at {@code model}. */
  public ImageModel(Path model) {
    this(Learner.load(model), model);
  }

  /** Serves {@code learner}, loaded from {@code model} (whose image transforms it reads); owns the learner. */
  ImageModel(Learner learner, Path model) {
    super(learner);
    try {
      this.transforms = ExportedBody.transforms(model);
    } catch (RuntimeException e) {
      learner.close();
      throw e;
    }
    this.name = model.getFileName().toString();
  }

  @Override
  public String kind() {
    return "image";
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", name);
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("channels", transforms.grey() ? 1 : 3);
    input.put("height", transforms.height());
    input.put("width", transforms.width());
    m.put("input", input);
    return m;
  }

  @Override
  public ImageTensor prepare(Upload upload) {
    String type = upload.contentType() == null ? null : upload.contentType().toLowerCase(Locale.ROOT);
    if (type == null || !type.startsWith("image/")) {
      throw new HttpError(415, (upload.fileName() != null ? "the file " + upload.describe() + " has" : "the body has")
          + " content type " + (type == null ? "none" : "'" + upload.contentType() + "'")
          + "; send an image (Content-Type image/png, image/jpeg, ...) or a multipart form with the image in the "
          + "field 'file'");
    }
    if (upload.bytes().length == 0) {
      throw new HttpError(400, upload.describe() + " is empty; send the bytes of an image");
    }
    try {
      return Images.decode(upload.bytes(), upload.describe(), transforms.grey());
    } catch (ImageReadException e) {
      throw new HttpError(400, "not an image fastj can read: " + e.getMessage());
    }
  }

  /**
   * A classifier's {@link PredictionJson#of}; a segmentation model's {@link PredictionJson#ofMask} (the
   * mask at the uploaded image's size and its pixels per code) with {@code "mask"}: the mask as a PNG in
   * base64, grey level = code, as {@code ./fastj predict} writes it.
   */
  @Override
  public Map<String, Object> answer(Prediction p) {
    if (p.mask() == null) {
      return PredictionJson.of(p);
    }
    Map<String, Object> m = PredictionJson.ofMask(p, learner.vocab());
    m.put("mask", Base64.getEncoder().encodeToString(p.mask().toPng()));
    return m;
  }

  @Override
  public String page() {
    return "image.html";
  }
}
