package org.argos.testkit.store;

import org.argos.api.store.Store;

/**
 * What every store contract in this package needs from the test class that runs it: the store under test, fresh and
 * empty for each test, and the means to open a second one. {@link org.argos.testkit.StoreCompatibilityKit} provides
 * it for all the contracts at once; that is the class a store implementation subclasses.
 */
public interface StoreKit {
  /** @return the store under test, new and empty for the current test */
  Store store();

  /**
   * @return another new, empty store of the same kind, which the caller closes (to compare two stores fed the same
   *     input)
   * @throws Exception if it cannot be created
   */
  Store anotherStore() throws Exception;

  /**
   * @return whether the store reserves result ids ({@link Store#reserveResultIds}); false for a store that keeps the
   *     SPI's default (it numbers results itself): the kit then checks that it ignores the ids outcomes carry
   */
  boolean storeReservesResultIds();
}
