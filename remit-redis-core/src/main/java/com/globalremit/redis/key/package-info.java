/**
 * Key naming: {@link com.globalremit.redis.key.KeyNaming} builds keys of the form
 * {@code [prefix:]namespace:entity[:id...][:sub][:suffix]} with validated parts, optional cluster hash tags and
 * glob patterns that cannot be widened by the data they contain.
 */
package com.globalremit.redis.key;
