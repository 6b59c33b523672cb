package dev.promotion.git;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.util.Paths;

/**
 * The entries of one tree object, in git order, located in one pass over its bytes without decoding
 * a name: an entry is found by binary search, and a directory of 12,500 files costs no string and
 * no map.
 */
final class TreeEntries {
  private static final TreeEntries EMPTY = new TreeEntries(new byte[0]);

  private final byte[] raw;
  private final int[] starts;
  private final int count;

  private TreeEntries(byte[] raw) {
    this.raw = raw;
    int[] found = new int[16];
    int n = 0;
    for (int at = 0; at < raw.length; at = nameEnd(at) + 1 + Constants.OBJECT_ID_LENGTH) {
      if (n == found.length) {
        found = Arrays.copyOf(found, n * 2);
      }
      found[n++] = at;
    }
    this.starts = found;
    this.count = n;
  }

  /** The entries of {@code tree}; none when it is null. */
  static TreeEntries read(ObjectReader reader, ObjectId tree) throws IOException {
    return tree == null
        ? EMPTY
        : new TreeEntries(reader.open(tree, Constants.OBJ_TREE).getCachedBytes());
  }

  int count() {
    return count;
  }

  /** The raw mode bits of entry {@code index}. */
  int mode(int index) {
    int mode = 0;
    for (int at = starts[index]; raw[at] != ' '; at++) {
      mode = (mode << 3) + (raw[at] - '0');
    }
    return mode;
  }

  /** The type of entry {@code index}, one of the {@code FileMode.TYPE_*} constants. */
  int type(int index) {
    return mode(index) & FileMode.TYPE_MASK;
  }

  ObjectId id(int index) {
    return ObjectId.fromRaw(raw, nameEnd(starts[index]) + 1);
  }

  String name(int index) {
    int start = nameStart(starts[index]);
    return new String(raw, start, nameEnd(start) - start, StandardCharsets.UTF_8);
  }

  /**
   * The index of the entry called {@code name} that sorts as {@code mode} does (git sorts a tree as
   * if its name ended in a slash), or {@code -(insertion point) - 1}, as {@link
   * Arrays#binarySearch}.
   */
  int find(byte[] name, FileMode mode) {
    int low = 0;
    int high = count - 1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      int nameStart = nameStart(starts[middle]);
      int order =
          Paths.compare(
              raw,
              nameStart,
              nameEnd(nameStart),
              mode(middle),
              name,
              0,
              name.length,
              mode.getBits());
      if (order < 0) {
        low = middle + 1;
      } else if (order > 0) {
        high = middle - 1;
      } else {
        return middle;
      }
    }
    return -low - 1;
  }

  /** Writes the bytes of the entries from {@code from} (inclusive) to {@code to} (exclusive). */
  void copy(int from, int to, OutputStream out) throws IOException {
    int start = start(from);
    out.write(raw, start, start(to) - start);
  }

  /** The size in bytes of the tree object. */
  int size() {
    return raw.length;
  }

  private int start(int index) {
    return index == count ? raw.length : starts[index];
  }

  private int nameStart(int entry) {
    int at = entry;
    while (raw[at] != ' ') {
      at++;
    }
    return at + 1;
  }

  private int nameEnd(int from) {
    int at = from;
    while (raw[at] != 0) {
      at++;
    }
    return at;
  }
}
