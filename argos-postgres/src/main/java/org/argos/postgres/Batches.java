package org.argos.postgres;

import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Table;
import org.jooq.TableRecord;

/** Multi-row statements in chunks, so a big batch neither exceeds bind-parameter limits nor makes one huge statement. */
final class Batches {
  /** Rows per multi-row INSERT; tables have at most ~17 columns, well under PostgreSQL's 32767 parameters. */
  static final int ROWS = 500;

  private Batches() {}

  static <R extends TableRecord<R>> void insert(DSLContext tx, Table<R> table, List<R> rows) {
    for (List<R> chunk : chunks(rows)) {
      tx.insertInto(table).columns(table.fields()).valuesOfRecords(chunk).execute();
    }
  }

  static <T> List<List<T>> chunks(List<T> all) {
    if (all.size() <= ROWS) {
      return all.isEmpty() ? List.of() : List.of(all);
    }
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += ROWS) {
      out.add(all.subList(i, Math.min(all.size(), i + ROWS)));
    }
    return out;
  }
}
