@NullMarked
package org.argos.notify;

import org.jspecify.annotations.NullMarked;
