/**
 * The loopback fleet benchmark run by {@code benchmarks/run}: an engine probing many distinct host names served by a
 * local nginx, measured for achieved checks per second, start lag, CPU and memory. Not an API: nothing here is meant
 * to be depended on.
 */
@NullMarked
package org.argos.benchmarks;

import org.jspecify.annotations.NullMarked;
