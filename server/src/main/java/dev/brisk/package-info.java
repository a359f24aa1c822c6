/**
 * Brisk, an orders-and-invoicing backend: the application class; each subpackage is one module that
 * Spring Modulith verifies (ModularityTests).
 */
@NullMarked
package dev.brisk;

import org.jspecify.annotations.NullMarked;
