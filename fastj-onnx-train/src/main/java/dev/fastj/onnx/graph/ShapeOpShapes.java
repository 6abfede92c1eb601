package dev.fastj.onnx.graph;

import static dev.fastj.onnx.graph.Shapes.constLongs;
import static dev.fastj.onnx.graph.Shapes.dims;
import static dev.fastj.onnx.graph.Shapes.one;

import dev.fastj.onnx.graph.Shapes.Dims;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shape rules of the operators that move data around: Reshape, Flatten, Transpose, Squeeze,
 * Unsqueeze, Concat, Split, Slice, Expand, Tile, Pad, Gather, Shape, Size, Constant,
 * ConstantOfShape, Range and the scatters.
 */
final class ShapeOpShapes {

  private ShapeOpShapes() {}

  static void register(ShapeRules r) {
    r.register("Reshape", ShapeOpShapes::reshape);
    r.register("Flatten", ShapeOpShapes::flatten);
    r.register("Transpose", ShapeOpShapes::transpose);
    r.register("Squeeze", ShapeOpShapes::squeeze);
    r.register("Unsqueeze", ShapeOpShapes::unsqueeze);
    r.register("Concat", ShapeOpShapes::concat);
    r.register("Split", ShapeOpShapes::split);
    r.register("Slice", SliceSpec::infer);
    r.register("Expand", ShapeOpShapes::expand);
    r.register("Tile", ShapeOpShapes::tile);
    r.register("Pad", ShapeOpShapes::pad);
    r.register("Gather", ShapeOpShapes::gather);
    r.register("GatherElements", (n, ctx) -> one(n, ctx.type(n.input(0)), dims(ctx, n.input(1))));
    r.register("ScatterND", (n, ctx) -> one(n, ctx.type(n.input(0)), dims(ctx, n.input(0))));
    r.register("ScatterElements", (n, ctx) -> one(n, ctx.type(n.input(0)), dims(ctx, n.input(0))));
    r.register("Shape", ShapeOpShapes::shapeOp);
    r.register("Size", (n, ctx) -> one(n, DataType.INT64, new Dims(new long[0], null)));
    r.register("Constant", ShapeOpShapes::constant);
    r.register("ConstantOfShape", ShapeOpShapes::constantOfShape);
    r.register("Range", ShapeOpShapes::range);
    r.register("NonZero", (n, ctx) -> {
      long[] s = ctx.shape(n.input(0));
      return one(n, DataType.INT64, s == null ? null : new Dims(new long[] {s.length, -1}, null));
    });
  }

  private static List<ValueInfo> reshape(Node n, ShapeRule.ShapeContext ctx) {
    DataType t = ctx.type(n.input(0));
    SymVec target = Shapes.symVec(ctx, n.input(1));
    Dims x = dims(ctx, n.input(0));
    if (target == null) {
      long[] ts = ctx.shape(n.input(1));
      // the target is computed at run time; its length still gives the rank
      return one(n, t, ts != null && ts.length == 1 && ts[0] >= 0 ? new Dims(minusOnes((int) ts[0]), null) : null);
    }
    boolean allowZero = n.attrLong("allowzero", 0) != 0;
    int r = target.size();
    long[] d = new long[r];
    String[] names = new String[r];
    int inferred = -1;
    boolean unknownEntry = false;
    List<String> copiedSymbols = new ArrayList<>();
    long outStatic = 1;
    for (int i = 0; i < r; i++) {
      long ti = target.v()[i];
      if (!target.known()[i]) {
        // computed from a symbolic size (x.size(0)): the same symbol, or unknown
        d[i] = -1;
        names[i] = target.sym()[i];
        if (names[i] != null) {
          copiedSymbols.add(names[i]);
        } else {
          unknownEntry = true;
        }
      } else if (ti == 0 && !allowZero) {
        if (x == null || i >= x.rank()) {
          return one(n, t, new Dims(minusOnes(r), null));
        }
        d[i] = x.d()[i];
        names[i] = x.n()[i];
        if (d[i] < 0) {
          copiedSymbols.add(names[i]);
        } else {
          outStatic *= d[i];
        }
      } else if (ti == -1) {
        inferred = i;
        d[i] = -1;
      } else {
        d[i] = ti;
        outStatic *= ti;
      }
    }
    if (inferred >= 0 && x != null && !unknownEntry) {
      long inStatic = 1;
      List<String> inSymbols = new ArrayList<>();
      for (int i = 0; i < x.rank(); i++) {
        if (x.d()[i] >= 0) {
          inStatic *= x.d()[i];
        } else {
          inSymbols.add(x.n()[i]);
        }
      }
      boolean matched = true;
      for (String s : copiedSymbols) {
        matched &= s != null && inSymbols.remove(s);
      }
      if (matched && inSymbols.isEmpty() && outStatic != 0) {
        d[inferred] = inStatic / outStatic;
      } else if (matched && inSymbols.size() == 1 && inStatic == outStatic) {
        // every static factor cancels: the -1 is the one remaining symbolic dim (the batch)
        names[inferred] = inSymbols.get(0);
      }
    }
    return one(n, t, new Dims(d, names));
  }

  private static List<ValueInfo> flatten(Node n, ShapeRule.ShapeContext ctx) {
    Dims x = dims(ctx, n.input(0));
    DataType t = ctx.type(n.input(0));
    if (x == null) {
      return one(n, t, null);
    }
    int axis = (int) (n.attrLong("axis", 1) < 0 ? n.attrLong("axis", 1) + x.rank() : n.attrLong("axis", 1));
    long[] d = new long[2];
    String[] names = new String[2];
    mergeDims(x, 0, axis, d, names, 0);
    mergeDims(x, axis, x.rank(), d, names, 1);
    return one(n, t, new Dims(d, names));
  }

  /** The product of dims [from, to) into slot {@code k}, keeping a lone symbolic dim's name. */
  private static void mergeDims(Dims x, int from, int to, long[] d, String[] names, int k) {
    long p = 1;
    int symbolic = 0;
    String name = null;
    for (int i = from; i < to; i++) {
      if (x.d()[i] < 0) {
        symbolic++;
        name = x.n()[i];
      } else {
        p *= x.d()[i];
      }
    }
    d[k] = symbolic == 0 ? p : -1;
    names[k] = symbolic == 1 && p == 1 ? name : null;
  }

  private static List<ValueInfo> transpose(Node n, ShapeRule.ShapeContext ctx) {
    Dims x = dims(ctx, n.input(0));
    DataType t = ctx.type(n.input(0));
    if (x == null) {
      return one(n, t, null);
    }
    long[] perm = n.attrLongs("perm", null);
    int r = x.rank();
    long[] d = new long[r];
    String[] names = new String[r];
    for (int i = 0; i < r; i++) {
      int p = perm == null ? r - 1 - i : (int) perm[i];
      d[i] = x.d()[p];
      names[i] = x.n()[p];
    }
    return one(n, t, new Dims(d, names));
  }

  private static List<ValueInfo> squeeze(Node n, ShapeRule.ShapeContext ctx) {
    Dims x = dims(ctx, n.input(0));
    DataType t = ctx.type(n.input(0));
    if (x == null) {
      return one(n, t, null);
    }
    long[] axes = Shapes.axesInputOrAttr(n, ctx, 1);
    boolean[] drop = new boolean[x.rank()];
    if (axes == null) {
      for (int i = 0; i < x.rank(); i++) {
        if (x.d()[i] < 0) {
          return one(n, t, null);
        }
        drop[i] = x.d()[i] == 1;
      }
    } else {
      for (long a : axes) {
        drop[Shapes.axis(a, x.rank())] = true;
      }
    }
    List<Long> d = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < x.rank(); i++) {
      if (!drop[i]) {
        d.add(x.d()[i]);
        names.add(x.n()[i]);
      }
    }
    return one(n, t, new Dims(d.stream().mapToLong(Long::longValue).toArray(), names.toArray(new String[0])));
  }

  private static List<ValueInfo> unsqueeze(Node n, ShapeRule.ShapeContext ctx) {
    Dims x = dims(ctx, n.input(0));
    DataType t = ctx.type(n.input(0));
    long[] axes = Shapes.axesInputOrAttr(n, ctx, 1);
    if (x == null || axes == null) {
      return one(n, t, null);
    }
    int r = x.rank() + axes.length;
    boolean[] added = new boolean[r];
    for (long a : axes) {
      added[Shapes.axis(a, r)] = true;
    }
    long[] d = new long[r];
    String[] names = new String[r];
    int j = 0;
    for (int i = 0; i < r; i++) {
      if (added[i]) {
        d[i] = 1;
      } else {
        d[i] = x.d()[j];
        names[i] = x.n()[j++];
      }
    }
    return one(n, t, new Dims(d, names));
  }

  private static List<ValueInfo> concat(Node n, ShapeRule.ShapeContext ctx) {
    DataType t = ctx.type(n.input(0));
    Dims first = dims(ctx, n.input(0));
    if (first == null) {
      return one(n, t, null);
    }
    int axis = Shapes.axis(n.attrLong("axis", 0), first.rank());
    long[] d = first.d().clone();
    String[] names = first.n().clone();
    long sum = 0;
    boolean known = true;
    for (String in : n.inputs()) {
      Dims x = dims(ctx, in);
      if (x == null || x.rank() != first.rank()) {
        return one(n, t, null);
      }
      for (int i = 0; i < d.length; i++) {
        if (i != axis && d[i] < 0 && x.d()[i] >= 0) {
          d[i] = x.d()[i];
          names[i] = null;
        }
      }
      if (x.d()[axis] < 0) {
        known = false;
      } else {
        sum += x.d()[axis];
      }
    }
    d[axis] = known ? sum : -1;
    names[axis] = null;
    return one(n, t, new Dims(d, names));
  }

  private static List<ValueInfo> split(Node n, ShapeRule.ShapeContext ctx) {
    Dims x = dims(ctx, n.input(0));
    DataType t = ctx.type(n.input(0));
    int outs = n.outputs().size();
    List<ValueInfo> res = new ArrayList<>();
    if (x == null) {
      for (int i = 0; i < outs; i++) {
        res.add(new ValueInfo(n.output(i), t, null, null));
      }
      return res;
    }
    int axis = Shapes.axis(n.attrLong("axis", 0), x.rank());
    long[] sizes = n.hasInput(1) ? constLongs(ctx, n.input(1)) : n.attrLongs("split", null);
    long dim = x.d()[axis];
    if (sizes == null && dim >= 0) {
      long parts = n.attrLong("num_outputs", outs);
      long each = (dim + parts - 1) / parts;
      sizes = new long[outs];
      for (int i = 0; i < outs; i++) {
        sizes[i] = Math.max(0, Math.min(each, dim - each * i));
      }
    }
    for (int i = 0; i < outs; i++) {
      long[] d = x.d().clone();
      String[] names = x.n().clone();
      d[axis] = sizes == null ? -1 : sizes[i];
      names[axis] = null;
      res.add(new Dims(d, names).as(n.output(i), t));
    }
    return res;
  }

  private static List<ValueInfo> expand(Node n, ShapeRule.ShapeContext ctx) {
    DataType t = ctx.type(n.input(0));
    Dims x = dims(ctx, n.input(0));
    SymVec shape = Shapes.symVec(ctx, n.input(1));
    if (x == null || shape == null) {
      return one(n, t, null);
    }
    return one(n, t, Shapes.broadcast(x, Shapes.dimsOf(shape)));
  }

  private static List<ValueInfo> tile(Node n, ShapeRule.ShapeContext ctx) {
    DataType t = ctx.type(n.input(0));
    Dims x = dims(ctx, n.input(0));
    long[] reps = constLongs(ctx, n.input(1));
    if (x == null || reps == null) {
      return one(n, t, null);
    }
    long[] d = new long[x.rank()];
    String[] names = new String[x.rank()];
    for (int i = 0; i < d.length; i++) {
      d[i] = x.d()[i] < 0 ? -1 : x.d()[i] * reps[i];
      names[i] = reps[i] == 1 ? x.n()[i] : null;
    }
    return one(n, t, new Dims(d, names));
  }

  private static List<ValueInfo> pad(Node n, ShapeRule.ShapeContext ctx) {
    DataType t = ctx.type(n.input(0));
    Dims x = dims(ctx, n.input(0));
    long[] pads = n.hasInput(1) ? constLongs(ctx, n.input(1)) : n.attrLongs("pads", null);
    if (x == null || pads == null) {
      return one(n, t, null);
    }
    int r = x.rank();
    long[] axes = n.hasInput(3) ? constLongs(ctx, n.input(3)) : null;
    if (n.hasInput(3) && axes == null) {
      return one(n, t, null);
    }
    int k = pads.length / 2;
    long[] d = x.d().clone();
    String[] names = x.n().clone();
    for (int i = 0; i < k; i++) {
      int a = axes == null ? i : Shapes.axis(axes[i], r);
      long add = pads[i] + pads[i + k];
      if (add != 0) {
        d[a] = d[a] < 0 ? -1 : d[a] + add;
        names[a] = null;
      }
    }
    return one(n, t, new Dims(d, names));
  }

  private static List<ValueInfo> gather(Node n, ShapeRule.ShapeContext ctx) {
    DataType t = ctx.type(n.input(0));
    Dims x = dims(ctx, n.input(0));
    Dims idx = dims(ctx, n.input(1));
    if (x == null || idx == null) {
      return one(n, t, null);
    }
    int axis = Shapes.axis(n.attrLong("axis", 0), x.rank());
    int r = x.rank() - 1 + idx.rank();
    long[] d = new long[r];
    String[] names = new String[r];
    int j = 0;
    for (int i = 0; i < axis; i++, j++) {
      d[j] = x.d()[i];
      names[j] = x.n()[i];
    }
    for (int i = 0; i < idx.rank(); i++, j++) {
      d[j] = idx.d()[i];
      names[j] = idx.n()[i];
    }
    for (int i = axis + 1; i < x.rank(); i++, j++) {
      d[j] = x.d()[i];
      names[j] = x.n()[i];
    }
    return one(n, t, new Dims(d, names));
  }

  private static List<ValueInfo> shapeOp(Node n, ShapeRule.ShapeContext ctx) {
    long[] s = ctx.shape(n.input(0));
    if (s == null) {
      return one(n, DataType.INT64, new Dims(new long[] {-1}, null));
    }
    int r = s.length;
    long start = n.attrLong("start", 0);
    long end = n.attrLong("end", r);
    start = Math.max(0, Math.min(r, start < 0 ? start + r : start));
    end = Math.max(0, Math.min(r, end < 0 ? end + r : end));
    return one(n, DataType.INT64, new Dims(new long[] {Math.max(0, end - start)}, null));
  }

  private static List<ValueInfo> constant(Node n, ShapeRule.ShapeContext ctx) {
    Tensor v = ConstantFolding.constantNodeValue(n);
    return v == null ? one(n, null, null) : one(n, v.type(), new Dims(v.dims(), null));
  }

  private static List<ValueInfo> constantOfShape(Node n, ShapeRule.ShapeContext ctx) {
    Attribute value = n.attr("value");
    DataType t = value == null ? DataType.FLOAT : value.asTensor().type();
    SymVec shape = Shapes.symVec(ctx, n.input(0));
    if (shape == null) {
      long[] s = ctx.shape(n.input(0));
      return one(n, t, s != null && s.length == 1 && s[0] >= 0 ? new Dims(minusOnes((int) s[0]), null) : null);
    }
    return one(n, t, Shapes.dimsOf(shape));
  }

  private static List<ValueInfo> range(Node n, ShapeRule.ShapeContext ctx) {
    DataType t = ctx.type(n.input(0));
    Tensor start = ctx.constantValue(n.input(0));
    Tensor limit = ctx.constantValue(n.input(1));
    Tensor delta = ctx.constantValue(n.input(2));
    if (start == null || limit == null || delta == null) {
      return one(n, t, new Dims(new long[] {-1}, null));
    }
    double s = start.toDoubles()[0];
    double l = limit.toDoubles()[0];
    double dl = delta.toDoubles()[0];
    return one(n, t, new Dims(new long[] {(long) Math.max(0, Math.ceil((l - s) / dl))}, null));
  }

  static long[] minusOnes(int rank) {
    long[] d = new long[rank];
    Arrays.fill(d, -1);
    return d;
  }
}
