package dev.fastj.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a text file for the tokenizer, with a documented handling of the files that are not
 * clean UTF-8 text:
 * <ul>
 *   <li>a file in another encoding (Latin-1, say) is read as UTF-8 with U+FFFD for each bad byte,
 *       and the {@link Text#warning()} says so, naming the file;
 *   <li>a binary file (a NUL byte in its first 8,000 bytes, git's test) is read as empty text,
 *       with a warning naming the file and the offset;
 *   <li>a file longer than {@code maxChars} is cut there, with a warning giving both sizes;
 *   <li>an empty file is empty text (it tokenizes to {@code xxbos} alone), without a warning.
 * </ul>
 */
final class TextReader {

  /** What was read, and what to tell the user about it (null when the file was clean). */
  record Text(String text, String warning) {}

  private static final int BINARY_PROBE = 8000;

  private TextReader() {}

  static Text read(Path file, int maxChars) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read text file " + file + ": " + e.getMessage()
          + "; check that it exists and is readable, or remove it from the items", e);
    }
    for (int i = 0; i < Math.min(bytes.length, BINARY_PROBE); i++) {
      if (bytes[i] == 0) {
        return new Text("", file + " looks binary (a NUL byte at offset " + i + "), so it is read as empty text; "
            + "remove it from the folder if it is not text");
      }
    }
    String warning = null;
    String text;
    try {
      text = decoder(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      CharBuffer chars;
      try {
        chars = decoder(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes));
      } catch (CharacterCodingException impossible) {
        throw new IllegalStateException(impossible);
      }
      text = chars.toString();
      warning = file + " is not valid UTF-8, so it is read as UTF-8 with each bad byte replaced by U+FFFD; "
          + "convert it to UTF-8 (iconv -f latin1 -t utf-8, say) to keep its accents";
    }
    if (text.length() > maxChars) {
      int cut = Character.isHighSurrogate(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
      String note = file + " has " + text.length() + " characters, more than the tokenizer's maxChars " + maxChars
          + ", so only the first " + cut + " are read; raise Tokenizer.withMaxChars to read it all";
      warning = warning == null ? note : warning + "; " + note;
      text = text.substring(0, cut);
    }
    return new Text(text, warning);
  }

  private static CharsetDecoder decoder(CodingErrorAction action) {
    return StandardCharsets.UTF_8.newDecoder().onMalformedInput(action).onUnmappableCharacter(action);
  }
}
