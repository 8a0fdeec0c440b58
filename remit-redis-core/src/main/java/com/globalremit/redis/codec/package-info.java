/**
 * Value encoding: {@link com.globalremit.redis.codec.ValueCodec} turns objects into JSON bytes (Jackson 3, no
 * default typing, the reader always names the type) with a one-byte format header and optional LZ4 compression.
 */
package com.globalremit.redis.codec;
