package org.argos.postgres.internal.sql;

import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStepN;
import org.jooq.Table;
import org.jooq.TableRecord;

/** Multi-row statements in chunks, so a big batch neither exceeds bind-parameter limits nor makes one huge statement. */
public final class Batches {
  /** Rows per multi-row INSERT; tables have at most ~17 columns, well under PostgreSQL's 32767 parameters. */
  public static final int ROWS = 500;

  private Batches() {}

  public static <R extends TableRecord<R>> void insert(DSLContext tx, Table<R> table, List<R> rows) {
    Field<?>[] fields = table.fields();
    for (List<R> chunk : chunks(rows)) {
      // values copied field by field: valuesOfRecords maps each record through a per-configuration cache that a
      // new transaction starts empty, which cost a third of the CPU of a bulk registration
      InsertValuesStepN<R> insert = tx.insertInto(table).columns(fields);
      for (R r : chunk) {
        Object[] values = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
          values[i] = r.get(i);
        }
        insert = insert.values(values);
      }
      insert.execute();
    }
  }

  public static <T> List<List<T>> chunks(List<T> all) {
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
