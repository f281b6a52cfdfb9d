package io.github.lmstudiojava.testing;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The frames of a stream, written when they are read: a long answer starts going out while its
 * later events are still to be formatted, as LM Studio sends a token as soon as it has it.
 * Unmodifiable.
 */
abstract class Frames extends AbstractList<String> implements RandomAccess {
  private Frames() {}

  /** One frame per item, made by {@code frame} each time it is read. */
  static Frames mapped(List<String> items, Function<String, String> frame) {
    List<String> copy = List.copyOf(items);
    return new Frames() {
      @Override
      public String get(int index) {
        return frame.apply(copy.get(index));
      }

      @Override
      public int size() {
        return copy.size();
      }
    };
  }

  /** {@code size} frames that {@code frames} makes on first read, for a tail that is costly. */
  static Frames later(int size, Supplier<List<String>> frames) {
    return new Frames() {
      private List<String> made;

      @Override
      public String get(int index) {
        if (made == null) {
          made = List.copyOf(frames.get());
          if (made.size() != size) {
            throw new IllegalStateException(made.size() + " frames made, " + size + " announced");
          }
        }
        return made.get(index);
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  /** The parts one after another; fixed lists are copied, {@code Frames} kept as they are. */
  static Frames concat(List<List<String>> parts) {
    List<List<String>> kept = new ArrayList<>(parts.size());
    int[] starts = new int[parts.size() + 1];
    for (int i = 0; i < parts.size(); i++) {
      List<String> part = parts.get(i);
      kept.add(part instanceof Frames ? part : List.copyOf(part));
      starts[i + 1] = Math.addExact(starts[i], part.size());
    }
    return new Frames() {
      @Override
      public String get(int index) {
        if (index < 0 || index >= size()) {
          throw new IndexOutOfBoundsException(index);
        }
        // The last part that starts at or before index holds it (an empty part starts where the
        // next one does).
        int low = 0;
        int high = kept.size() - 1;
        while (low < high) {
          int middle = (low + high + 1) >>> 1;
          if (starts[middle] <= index) {
            low = middle;
          } else {
            high = middle - 1;
          }
        }
        return kept.get(low).get(index - starts[low]);
      }

      @Override
      public int size() {
        return starts[kept.size()];
      }
    };
  }
}
