package org.argos.engine.memory;

import java.util.Arrays;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A map from positive long ids to objects, open addressing with linear probing: about 20 bytes per entry where a
 * {@code HashMap<Long, V>} takes about 60 (node, boxed key, table slot). The in-memory store keeps a million tasks
 * and results in these. Not thread-safe. Keys must be positive (0 marks a free slot).
 *
 * <p>Hand-written rather than taken from a collections library because a measurement asked for it and one small class
 * does it: at a million tasks the {@code HashMap<Long, …>} indexes of tasks, groups and results held about 130 MB of
 * nodes and boxed keys, part of the 927 MiB the compact forms saved (docs/benchmarks.md, "Registration and the
 * in-memory store's heap": 1,577 MiB live before, 650 MiB after).
 */
final class LongMap<V> {
  private static final float LOAD = 0.6f;
  private long[] keys;
  private @Nullable Object[] values;
  private int size;
  private int limit;

  LongMap() {
    keys = new long[16];
    values = new Object[16];
    limit = (int) (16 * LOAD);
  }

  int size() {
    return size;
  }

  private int slot(long key) {
    // a multiplicative hash spreads sequential ids over the table
    return (int) ((key * 0x9E3779B97F4A7C15L) >>> 33) & (keys.length - 1);
  }

  @SuppressWarnings("unchecked")
  @Nullable V get(long key) {
    for (int i = slot(key); ; i = (i + 1) & (keys.length - 1)) {
      long k = keys[i];
      if (k == key) {
        return (V) values[i];
      }
      if (k == 0) {
        return null;
      }
    }
  }

  void put(long key, V value) {
    if (key <= 0) {
      throw new IllegalArgumentException("ids are positive, got " + key);
    }
    for (int i = slot(key); ; i = (i + 1) & (keys.length - 1)) {
      long k = keys[i];
      if (k == key) {
        values[i] = value;
        return;
      }
      if (k == 0) {
        keys[i] = key;
        values[i] = value;
        if (++size > limit) {
          grow();
        }
        return;
      }
    }
  }

  @SuppressWarnings("unchecked")
  @Nullable V remove(long key) {
    int mask = keys.length - 1;
    for (int i = slot(key); ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == 0) {
        return null;
      }
      if (k == key) {
        V old = (V) values[i];
        // backward-shift deletion: move later entries of the probe run into the hole, so lookups need no tombstones
        int hole = i;
        for (int j = (i + 1) & mask; keys[j] != 0; j = (j + 1) & mask) {
          int home = slot(keys[j]);
          boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
          if (movable) {
            keys[hole] = keys[j];
            values[hole] = values[j];
            hole = j;
          }
        }
        keys[hole] = 0;
        values[hole] = null;
        size--;
        return old;
      }
    }
  }

  @SuppressWarnings("unchecked")
  void forEachValue(Consumer<V> action) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != 0) {
        action.accept((V) values[i]);
      }
    }
  }

  private void grow() {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new Object[oldKeys.length * 2];
    limit = (int) (keys.length * LOAD);
    int mask = keys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] != 0) {
        int i = slot(oldKeys[j]);
        while (keys[i] != 0) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[j];
        values[i] = oldValues[j];
      }
    }
    Arrays.fill(oldValues, null);
  }
}
