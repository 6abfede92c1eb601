package dev.fastj.text;

import java.util.List;

/**
 * fastai's special tokens ({@code defaults.text_spec_tok}), in fastai's order, which is also their
 * order at the start of every {@link Vocab}: {@code xxunk} (index 0) stands for a word outside the
 * vocabulary, {@code xxpad} (1) pads, {@code xxbos} starts a text, {@code xxeos} ends one,
 * {@code xxfld} separates fields, {@code xxrep} and {@code xxwrep} announce a repeated character or
 * word, {@code xxup} a word that was in capitals, {@code xxmaj} one that started with a capital.
 */
public final class SpecialTokens {

  /** fastai's {@code UNK}: a word outside the vocabulary. */
  public static final String UNK = "xxunk";
  /** fastai's {@code PAD}: padding. */
  public static final String PAD = "xxpad";
  /** fastai's {@code BOS}: the start of a text. */
  public static final String BOS = "xxbos";
  /** fastai's {@code EOS}: the end of a text. */
  public static final String EOS = "xxeos";
  /** fastai's {@code FLD}: the start of a field, when several columns are joined. */
  public static final String FLD = "xxfld";
  /** fastai's {@code TK_REP}: {@code xxrep 4 c} stands for {@code cccc}. */
  public static final String TK_REP = "xxrep";
  /** fastai's {@code TK_WREP}: {@code xxwrep 3 ah} stands for {@code ah ah ah}. */
  public static final String TK_WREP = "xxwrep";
  /** fastai's {@code TK_UP}: the next word was written in capitals. */
  public static final String TK_UP = "xxup";
  /** fastai's {@code TK_MAJ}: the next word started with a capital. */
  public static final String TK_MAJ = "xxmaj";
  /** What pads a vocabulary to a multiple of 8 (never produced by the tokenizer). */
  public static final String FAKE = "xxfake";

  /** All nine, in fastai's order. */
  public static final List<String> ALL = List.of(UNK, PAD, BOS, EOS, FLD, TK_REP, TK_WREP, TK_UP, TK_MAJ);

  private SpecialTokens() {}
}
