/** A host program embedding the Argos engine. */
@NullMarked
package org.argos.examples.embedded;

import org.jspecify.annotations.NullMarked;
