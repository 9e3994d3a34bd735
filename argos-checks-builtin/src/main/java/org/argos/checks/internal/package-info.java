/** What the built-in probes share and nobody else should use (not exported by the module). */
@NullMarked
package org.argos.checks.internal;

import org.jspecify.annotations.NullMarked;
