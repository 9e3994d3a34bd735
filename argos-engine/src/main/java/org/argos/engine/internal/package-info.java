/** Engine internals. Public only for the engine's own packages; not an API, may change without notice. */
@NullMarked
package org.argos.engine.internal;

import org.jspecify.annotations.NullMarked;
