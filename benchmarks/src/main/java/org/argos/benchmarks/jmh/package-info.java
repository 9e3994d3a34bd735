/**
 * JMH microbenchmarks of the engine's hot paths: check evaluation and the store's claim/complete cycle. Run with
 * {@code java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main} (benchmarks/run does).
 */
@NullMarked
package org.argos.benchmarks.jmh;

import org.jspecify.annotations.NullMarked;
