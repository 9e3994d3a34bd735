package org.argos.engine.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongMapTest {
  @Test
  void behavesLikeAHashMapUnderRandomPutsAndRemoves() {
    LongMap<String> m = new LongMap<>();
    Map<Long, String> ref = new HashMap<>();
    Random r = new Random(7);
    for (int op = 0; op < 200_000; op++) {
      // a narrow key range makes collisions, probe runs and wrap-around deletions frequent
      long k = 1 + r.nextInt(5_000);
      switch (r.nextInt(3)) {
        case 0, 1 -> {
          m.put(k, "v" + op);
          ref.put(k, "v" + op);
        }
        default -> assertThat(m.remove(k)).isEqualTo(ref.remove(k));
      }
      if (op % 997 == 0) {
        assertThat(m.size()).isEqualTo(ref.size());
        for (long q = 1; q <= 5_000; q++) {
          assertThat(m.get(q)).isEqualTo(ref.get(q));
        }
      }
    }
    Map<String, Boolean> seen = new HashMap<>();
    m.forEachValue(v -> seen.put(v, true));
    assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(ref.values());
  }

  @Test
  void refusesIdsThatAreNotPositive() {
    assertThatThrownBy(() -> new LongMap<String>().put(0, "x")).isInstanceOf(IllegalArgumentException.class);
  }
}
